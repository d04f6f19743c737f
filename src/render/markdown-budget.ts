// Markdown bounded by bytes. GitHub rejects a job step summary over 1 MiB, and a report over
// three corpora of long documents reached 1.46 MB, so markdown is assembled from blocks (a table
// row, a sample's collapsible diff, a section) and a block that would pass the budget is left
// out whole, never cut in the middle of a fence or a <details>; a closing note says how much.

/** GitHub's limit for $GITHUB_STEP_SUMMARY (per step). */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;
/** Default budget: under the limit, with room left for the steps' own lines. */
export const DEFAULT_MARKDOWN_BYTES = 1_000_000;

/**
 * Joins `blocks` with `separator`, leaving out each block that would make the result pass
 * `maxBytes` (UTF-8, note included); `hint` ends the note (where to see everything).
 */
export function fitMarkdown(blocks: string[], maxBytes: number, hint: string, separator = '\n'): string {
  const noteRoom = 400;
  const budget = Math.max(0, maxBytes - noteRoom);
  const kept: string[] = [];
  let used = 0;
  let cut = 0;
  let cutBytes = 0;
  for (const block of blocks) {
    const size = Buffer.byteLength(block, 'utf8') + separator.length;
    if (used + size > budget) {
      cut++;
      cutBytes += size;
      continue;
    }
    kept.push(block);
    used += size;
  }
  const text = kept.join(separator);
  if (cut === 0) return text;
  const note = `\n\n> ✂ ${cut} of ${blocks.length} parts (${formatKb(cutBytes)}) left out to stay under ${formatKb(maxBytes)} (GitHub refuses a step summary over 1 MiB). ${hint}\n`;
  return text.replace(/\n*$/, '') + note;
}

function formatKb(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${Math.ceil(bytes / 1e3)} kB`;
}

// Finding a message's content in the rendered conversation when the template changed it
// (trimmed it, split off a `<think>` block): the fallback of apply-template.ts's segment walk.

/** The content as templates commonly print it: as is, or stripped. */
function variants(content: string): string[] {
  return [
    ...new Set([
      content,
      content.trim(),
      content.trimStart(),
      content.trimEnd(),
      content.replace(/^\n+/, ''),
      content.replace(/\n+$/, ''),
    ]),
  ];
}

/** Where content starting at `start` ends: right before the next segment, preferring an exact (possibly trimmed) copy of the content. */
export function contentEnd(text: string, content: string, start: number, next: string): number | undefined {
  for (const v of variants(content))
    if (text.startsWith(v, start) && text.startsWith(next, start + v.length)) return start + v.length;
  if (next === '') return undefined;
  const at = text.indexOf(next, start);
  return at < 0 ? undefined : at;
}

/** The earliest place at or after `from` where the content (or a variant of it) is printed. */
export function searchContent(text: string, content: string, from: number): { start: number; end: number } | undefined {
  let best: { start: number; end: number } | undefined;
  for (const v of variants(content)) {
    if (v.length === 0) continue;
    const at = text.indexOf(v, from);
    if (at >= 0 && (!best || at < best.start || (at === best.start && v.length > best.end - best.start)))
      best = { start: at, end: at + v.length };
  }
  // Qwen3-style templates print only what follows `</think>` (the reasoning moves into a think block).
  if (!best && content.includes('</think>')) {
    const answer = content.split('</think>').pop()!.replace(/^\n+/, '');
    const at = answer ? text.indexOf(answer, from) : -1;
    if (at >= 0) best = { start: at, end: at + answer.length };
  }
  return best;
}

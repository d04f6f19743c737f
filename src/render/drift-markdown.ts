// The drift report as GitHub-flavoured markdown, for a pull-request comment or
// $GITHUB_STEP_SUMMARY: a summary table, then per failing snapshot what changed in the
// tokenizer and each drifted sample as a collapsible ```diff block.

import type { DriftReport, SubjectReport } from '../core/snapshot/report.js';
import { changeLines, classList, classSummary, hunkLines } from './drift-text.js';
import { DEFAULT_MARKDOWN_BYTES, fitMarkdown } from './markdown-budget.js';
import { clipAtGrapheme, visible } from '../core/visible.js';

/** Text outside code: visible, with HTML and markdown syntax characters escaped. */
function md(s: string): string {
  return visible(s, { whitespace: false }).replace(/[\\`*_[\]<>&|#]/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`,
  );
}

/** An inline code span that holds any text (a longer fence when the text has backticks). */
function code(s: string, inTable = false): string {
  const v = inTable ? visible(s, { whitespace: false }).replace(/\|/g, '\\|') : visible(s, { whitespace: false });
  const longest = Math.max(0, ...(v.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return longest ? `${fence} ${v} ${fence}` : `${fence}${v}${fence}`;
}

function block(lang: string, lines: string[]): string {
  const longest = Math.max(2, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((r) => r.length)));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${lang}`, ...lines, fence].join('\n');
}

const html = (s: string) =>
  visible(s, { whitespace: false }).replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!,
  );

/** A failing subject's section as blocks: its head, then each sample's collapsible diff, then the lists. */
function subject(s: SubjectReport): string[] {
  const blocks: string[] = [];
  const out = [`### ${s.failed ? '❌' : '⚠️'} ${md(s.id)}`, ''];
  const flush = () => {
    if (out.length) blocks.push(out.join('\n').replace(/\n{3,}/g, '\n\n'));
    out.length = 0;
  };
  if (s.snapshot) out.push(`Snapshot ${code(s.snapshot)} · ${md(s.old.label)} vs ${md(s.new.label)}`, '');
  const classes = classSummary(s.classes);
  if (classes) out.push(`**Drift:** ${md(classes)}`, '');
  if (s.tokenizerChange?.sections.length) {
    out.push('**Tokenizer changed:**', '');
    for (const l of changeLines(s.tokenizerChange)) out.push(`- ${code(l)}`);
    out.push('');
  }
  for (const n of s.notes)
    out.push(`> ${n.level === 'error' ? '❌' : n.level === 'warning' ? '⚠️' : 'ℹ️'} ${md(n.message)}`, '>');
  if (s.notes.length) out.splice(out.length - 1, 1, '');
  for (const d of s.drifted) {
    flush();
    const lines: string[] = [];
    for (const h of d.hunks) {
      const l = hunkLines(h, false);
      if (l.excerpt !== undefined) lines.push(`  text ${l.excerpt}`);
      lines.push(`- ${l.old}`, `+ ${l.new}`, `  ids  ${l.ids}`);
    }
    out.push(
      `<details><summary>${html(d.location ?? d.key)} — ${html(classList(d.classes))} (${d.oldCount} → ${d.newCount} tokens)</summary>`,
      '',
      block('diff', lines),
      '',
      '</details>',
      '',
    );
  }
  if (s.omitted.drifted) out.push(`… and ${s.omitted.drifted} more drifted samples.`, '');
  const refs = (title: string, list: typeof s.added, more: number) => {
    if (!list.length) return;
    flush();
    out.push(`<details><summary>${title} (${list.length + more})</summary>`, '');
    for (const r of list) out.push(`- ${md(r.location ?? '')} ${code(clipAtGrapheme(r.text, 80))}`);
    if (more) out.push(`- … and ${more} more`);
    out.push('', '</details>', '');
  };
  refs(s.status === 'missing' ? 'Samples without a snapshot' : 'Added samples', s.added, s.omitted.added);
  refs('Obsolete samples', s.obsolete, s.omitted.obsolete);
  flush();
  if (s.next) out.push(`**Next:** ${md(s.next)}`, '');
  flush();
  return blocks;
}

export function renderDriftMarkdown(report: DriftReport, opts: { maxBytes?: number } = {}): string {
  const t = report.totals;
  const ok = report.exitCode === 0;
  const head = [
    `## ${ok ? '✅' : '❌'} tokpeek ${report.command}: ${ok ? 'tokenization unchanged' : `${t.failed} of ${t.subjects} ${report.command === 'diff' ? 'differ' : 'failed'}`}`,
    '',
    '| | snapshot | samples | unchanged | drifted | added | obsolete | drift classes |\n|---|---|---:|---:|---:|---:|---:|---|',
  ];
  const rows = report.subjects.map(
    (s) =>
      `| ${s.failed ? '❌' : s.status === 'ok' ? '✅' : '⚠️'} | ${code(s.id, true)} | ${s.counts.samples} | ${s.counts.unchanged} | ${s.counts.drifted} | ${s.counts.added} | ${s.counts.obsolete} | ${md(classSummary(s.classes)) || (s.status === 'missing' ? 'no snapshot' : s.status === 'unavailable' ? 'engine could not run' : '')} |`,
  );
  const sections = report.subjects
    .filter(
      (s) =>
        s.failed || s.status !== 'ok' || s.notes.some((n) => n.level !== 'info') || s.tokenizerChange?.sections.length,
    )
    .flatMap(subject);
  // The table ends at a blank line, so a left-out row never joins the next block to it.
  const blocks = [head.join('\n'), ...rows, '', ...sections];
  const hint = `\`tokpeek ${report.command} --format text\` shows everything.`;
  return fitMarkdown(blocks, opts.maxBytes ?? DEFAULT_MARKDOWN_BYTES, hint)
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n*$/, '\n');
}

// The drift report as JUnit XML for CI systems that track test results: one <testcase> per
// snapshot subject (tokenizer × corpus), named by that subject alone, so the same case exists
// in every run whatever `--limit` says and however many samples drifted; the listed samples are
// the failure's body. Well-formed XML 1.0 for any text: every character XML forbids is escaped.

import type { DriftReport, SubjectReport } from '../core/snapshot/report.js';
import { classList, classSummary, hunkLines } from './drift-text.js';
import { visible } from '../core/visible.js';
import { plural } from '../core/quantities.js';

/** Beyond what visible() escapes (C0 but tab/newline, lone surrogates), XML 1.0 also forbids U+FFFE and U+FFFF. */
const NOT_XML = /[\uFFFE\uFFFF]/g;

function xml(s: string): string {
  return visible(s, { whitespace: false })
    .replace(NOT_XML, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase()}⟩`)
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** One line for the failure message: what went wrong with this subject, in counts. */
function summary(s: SubjectReport): string {
  if (s.status === 'missing') return `no snapshot for ${s.id}`;
  const parts = [
    s.counts.drifted && `${plural(s.counts.drifted, 'sample')} drifted: ${classSummary(s.classes)}`,
    s.counts.added && `${plural(s.counts.added, 'sample')} without a snapshot`,
    s.counts.obsolete && `${plural(s.counts.obsolete, 'snapshot sample')} no longer in the corpus`,
    ...s.notes.filter((n) => n.level !== 'info').map((n) => n.message),
  ].filter(Boolean);
  return parts.join('; ') || 'failed';
}

/** The failure body: the samples the report lists, then how many more there are. */
function body(s: SubjectReport): string {
  const lines: string[] = [];
  for (const d of s.drifted) {
    lines.push(
      `${d.location ?? d.key} #${d.key.slice(0, 8)}: ${classList(d.classes)} (${d.oldCount} → ${d.newCount} tokens)`,
    );
    for (const h of d.hunks) {
      const l = hunkLines(h, false);
      if (l.excerpt !== undefined) lines.push(`  text ${l.excerpt}`);
      lines.push(`  old  ${l.old}`, `  new  ${l.new}`, `  ids  ${l.ids}`);
    }
  }
  for (const r of s.added) lines.push(`added ${r.location ?? ''} #${r.key.slice(0, 8)}: ${r.text}`);
  for (const r of s.obsolete) lines.push(`obsolete ${r.location ?? ''} #${r.key.slice(0, 8)}: ${r.text}`);
  const more = [
    s.omitted.drifted && `${s.omitted.drifted} more drifted`,
    s.omitted.added && `${s.omitted.added} more added`,
    s.omitted.obsolete && `${s.omitted.obsolete} more obsolete`,
  ].filter(Boolean);
  if (more.length) lines.push(`${more.join(', ')} (--limit 0 lists them all)`);
  if (s.next) lines.push(`next: ${s.next}`);
  return lines.join('\n');
}

function testcase(report: DriftReport, s: SubjectReport): string {
  const open = `    <testcase classname="tokpeek.${report.command}" name="${xml(s.id)}"`;
  const notes = s.notes.map((n) => `${n.level}: ${n.message}`).join('\n');
  const out = notes ? `\n      <system-out>${xml(notes)}</system-out>` : '';
  if (!s.failed) return out ? `${open}>${out}\n    </testcase>` : `${open}/>`;
  const failure = `\n      <failure message="${xml(summary(s))}" type="tokenizer-drift">${xml(body(s))}</failure>`;
  return `${open}>${failure}${out}\n    </testcase>`;
}

export function renderDriftJunit(report: DriftReport): string {
  const cases = report.subjects.map((s) => testcase(report, s));
  const failures = report.subjects.filter((s) => s.failed).length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tokpeek ${report.command}" ${counts}>`,
    `  <testsuite name="tokpeek ${report.command}" ${counts}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

// The drift report as JUnit XML (one testsuite per snapshot, one testcase per listed sample),
// for CI systems that show test results.

import type { DriftReport, SubjectReport } from '../core/snapshot/report.js';
import { classList, hunkLines } from './drift-text.js';
import { visible } from './visible.js';

function xml(s: string): string {
  // visible() leaves no character XML 1.0 forbids (no C0 controls but tab/newline).
  return visible(s, { whitespace: false }).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

function testcase(classname: string, name: string, failure?: { message: string; body: string }): string {
  const open = `    <testcase classname="${xml(classname)}" name="${xml(name)}"`;
  if (!failure) return `${open}/>`;
  return `${open}>\n      <failure message="${xml(failure.message)}" type="tokenizer-drift">${xml(failure.body)}</failure>\n    </testcase>`;
}

function suite(s: SubjectReport): string {
  const cls = s.id;
  const cases: string[] = [];
  if (s.status === 'missing')
    cases.push(testcase(cls, 'snapshot exists', { message: `no snapshot for ${s.id}`, body: s.next ?? '' }));
  if (s.counts.unchanged) cases.push(testcase(cls, `${s.counts.unchanged} samples unchanged`));
  for (const d of s.drifted) {
    const body = d.hunks
      .flatMap((h) => {
        const l = hunkLines(h, false);
        return [
          ...(l.excerpt !== undefined ? [`text ${l.excerpt}`] : []),
          `old  ${l.old}`,
          `new  ${l.new}`,
          `ids  ${l.ids}`,
        ];
      })
      .join('\n');
    cases.push(
      testcase(cls, `${d.location ?? d.key} #${d.key.slice(0, 8)}`, {
        message: `${classList(d.classes)} (${d.oldCount} → ${d.newCount} tokens)`,
        body,
      }),
    );
  }
  if (s.omitted.drifted)
    cases.push(
      testcase(cls, `${s.omitted.drifted} more drifted samples`, {
        message: `${s.omitted.drifted} more samples drifted`,
        body: 'Run with --limit 0 to list them all.',
      }),
    );
  if (s.status !== 'missing') {
    for (const r of s.added)
      cases.push(
        testcase(cls, `added ${r.location ?? ''} #${r.key.slice(0, 8)}`, {
          message: 'sample has no snapshot yet',
          body: r.text,
        }),
      );
    if (s.omitted.added)
      cases.push(
        testcase(cls, `${s.omitted.added} more added samples`, { message: 'samples have no snapshot yet', body: '' }),
      );
  }
  for (const r of s.obsolete)
    cases.push(
      testcase(cls, `obsolete ${r.location ?? ''} #${r.key.slice(0, 8)}`, {
        message: 'snapshot sample no longer in the corpus',
        body: r.text,
      }),
    );
  if (s.omitted.obsolete)
    cases.push(
      testcase(cls, `${s.omitted.obsolete} more obsolete samples`, {
        message: 'snapshot samples no longer in the corpus',
        body: '',
      }),
    );
  for (const n of s.notes.filter((n) => n.level === 'warning'))
    cases.push(testcase(cls, 'warning', s.failed ? { message: n.message, body: n.message } : undefined));
  const failures = cases.filter((c) => c.includes('<failure')).length;
  const out = `  <testsuite name="${xml(s.id)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}\n`;
  const notes = s.notes.map((n) => `${n.level}: ${n.message}`).join('\n');
  return (
    out +
    (notes ? `    <system-out>${xml(notes + (s.next ? `\nnext: ${s.next}` : ''))}</system-out>\n` : '') +
    '  </testsuite>'
  );
}

export function renderDriftJunit(report: DriftReport): string {
  const suites = report.subjects.map(suite);
  const tests = suites.reduce((n, s) => n + Number(/tests="(\d+)"/.exec(s)![1]), 0);
  const failures = suites.reduce((n, s) => n + Number(/failures="(\d+)"/.exec(s)![1]), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tokpeek ${report.command}" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}

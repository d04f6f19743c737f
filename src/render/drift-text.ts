// The drift report for terminals (ANSI colours) and pipes (plain text). Every string that
// comes from a corpus or a tokenizer goes through visible() (token spellings already are).

import { DRIFT_CLASSES, DRIFT_CLASS_LABELS, type DriftClass } from '../core/drift/classify.js';
import type { DriftHunk, DriftReport, Note, SampleDrift, SampleRef, SubjectReport } from '../core/snapshot/report.js';
import type { TokenizerChange } from '../core/snapshot/tokenizer-changes.js';
import { displayWidth } from './display-width.js';
import { styled } from './sgr.js';
import { clipAtGrapheme, visible } from '../core/visible.js';
import { plural } from '../core/quantities.js';
import { engineRan } from '../core/token-model.js';

interface DriftTextOptions {
  color: boolean;
}

/** Changed tokens shown per side of a hunk before eliding. */
const MAX_CHANGED = 24;

export function classList(classes: readonly DriftClass[]): string {
  return classes.length ? classes.map((c) => DRIFT_CLASS_LABELS[c]).join(', ') : 'changed';
}

export function classSummary(classes: Partial<Record<DriftClass, number>>): string {
  return DRIFT_CLASSES.filter((c) => classes[c])
    .map((c) => `${classes[c]} ${DRIFT_CLASS_LABELS[c]}`)
    .join(' · ');
}

function elide(tokens: string[]): string[] {
  return tokens.length > MAX_CHANGED
    ? [...tokens.slice(0, MAX_CHANGED - 4), `…(+${tokens.length - MAX_CHANGED + 6})…`, ...tokens.slice(-2)]
    : tokens;
}

/**
 * Old and new segmentation of one hunk, aligned: the unchanged context on both lines, the
 * changed tokens marked (brackets in plain text, red/green in colour) and padded so the
 * context after them starts in the same column.
 */
export function hunkLines(h: DriftHunk, color: boolean): { old: string; new: string; ids: string; excerpt?: string } {
  const before = h.before.map((t) => t.token).join(' ');
  const after = h.after.map((t) => t.token).join(' ');
  const mark = (tokens: string[], code: string) => elide(tokens).map((t) => (color ? styled(true, code, t) : `[${t}]`));
  const removed = mark(
    h.removed.map((t) => t.token),
    '41;97',
  );
  const added = mark(
    h.added.map((t) => t.token),
    '42;30',
  );
  const plainWidth = (tokens: string[]) => displayWidth(tokens.join(' ').replace(/\x1b\[[0-9;]*m/g, ''));
  const width = Math.max(plainWidth(removed), plainWidth(added));
  const line = (changed: string[], empty: string) => {
    const body = changed.length ? changed.join(' ') : styled(color, '2', empty);
    const pad = ' '.repeat(Math.max(0, width - (changed.length ? plainWidth(changed) : displayWidth(empty))));
    return [before, body + pad, after]
      .filter((s) => s !== '')
      .join(' ')
      .trimEnd();
  };
  const ids = `${h.removed.map((t) => t.id).join(' ') || '∅'} → ${h.added.map((t) => t.id).join(' ') || '∅'}`;
  const out: { old: string; new: string; ids: string; excerpt?: string } = {
    old: line(removed, '∅'),
    new: line(added, '∅'),
    ids,
  };
  if (h.excerpt) {
    const e = h.excerpt;
    const changed = visible(e.changed);
    out.excerpt = `${visible(e.before)}${color ? styled(true, '1;4', changed) : changed ? `⟪${changed}⟫` : '⟪⟫'}${visible(e.after)}`;
  }
  return out;
}

function sideLine(side: SubjectReport['old']): string {
  const parts = [
    side.tokenizer,
    side.spec && side.spec !== side.tokenizer ? side.spec : undefined,
    side.engine && engineRan(side.engine, side.engineVersion, side.engineCopy),
    side.fingerprint && `fingerprint ${side.fingerprint.slice(7, 19)}`,
    side.behaviour && `behaviour ${side.behaviour.slice(7, 19)}`,
  ];
  return parts
    .filter(Boolean)
    .map((p) => visible(p!, { whitespace: false }))
    .join(' · ');
}

export function changeLines(change: TokenizerChange): string[] {
  const out: string[] = [];
  for (const s of change.sections) {
    let line = `${s.file} ${s.section}: ${s.change}`;
    if (s.before !== undefined || s.after !== undefined)
      line = `${s.file} ${s.section}: ${s.before ?? 'unset'} → ${s.after ?? 'unset'}`;
    if (s.detail) line += ` (${s.detail})`;
    if (s.meaning) line += ` — ${s.meaning}`;
    out.push(visible(line, { whitespace: false }));
  }
  return out;
}

function refLine(r: SampleRef): string {
  const text = clipAtGrapheme(r.text, 60);
  return `${visible(r.location ?? '', { whitespace: false })} #${r.key.slice(0, 8)}  ${visible(text)}`;
}

function noteLine(n: Note, color: boolean): string {
  const icon =
    n.level === 'error'
      ? styled(color, '31', '✗')
      : n.level === 'warning'
        ? styled(color, '33', '⚠')
        : styled(color, '2', 'ℹ');
  return `${icon} ${visible(n.message, { whitespace: false })}`;
}

function sampleLines(d: SampleDrift, color: boolean): string[] {
  const head = `${styled(color, '31', '✗')} ${styled(color, '1', visible(d.location ?? '', { whitespace: false }))} #${d.key.slice(0, 8)}  ${classList(d.classes)} · ${d.oldCount} → ${d.newCount} tokens`;
  const out = [head];
  d.hunks.forEach((h, i) => {
    const l = hunkLines(h, color);
    if (d.hunks.length > 1)
      out.push(styled(color, '2', `    change ${i + 1} of ${d.hunks.length}, token ${h.oldStart} → ${h.newStart}`));
    if (l.excerpt !== undefined) out.push(`    ${styled(color, '2', 'text')}  ${l.excerpt}`);
    out.push(
      `    ${styled(color, '31', 'old ')}  ${l.old}`,
      `    ${styled(color, '32', 'new ')}  ${l.new}`,
      `    ${styled(color, '2', 'ids ')}  ${styled(color, '2', l.ids)}`,
    );
  });
  return out;
}

function renderSubjectText(s: SubjectReport, color: boolean): string {
  const icon = s.failed
    ? styled(color, '31', '✗')
    : s.status === 'ok' && !s.notes.some((n) => n.level === 'warning')
      ? styled(color, '32', '✓')
      : styled(color, '33', '!');
  const c = s.counts;
  const title = `${icon} ${styled(color, '1', visible(s.id, { whitespace: false }))}${s.snapshot ? `  ${visible(s.snapshot, { whitespace: false })}` : ''}`;
  if (s.status === 'ok' && !s.notes.length && !s.wrote.length && !s.tokenizerChange && !s.failed)
    return `${title}  ${plural(c.samples, 'sample')} unchanged\n`;
  const lines = [title];
  if (s.status !== 'unavailable' || s.old.tokenizer)
    lines.push(`  ${styled(color, '2', visible(s.old.label, { whitespace: false }).padEnd(9))} ${sideLine(s.old)}`);
  lines.push(`  ${styled(color, '2', visible(s.new.label, { whitespace: false }).padEnd(9))} ${sideLine(s.new)}`);
  if (s.status !== 'unavailable')
    lines.push(
      `  ${plural(c.samples, 'sample')}: ${c.unchanged} unchanged, ${c.drifted} drifted, ${c.added} added, ${c.obsolete} obsolete`,
    );
  const classes = classSummary(s.classes);
  if (classes) lines.push(`  drift: ${classes}`);
  if (s.tokenizerChange?.sections.length) {
    lines.push('  tokenizer changed:');
    for (const l of changeLines(s.tokenizerChange)) lines.push(`    ${l}`);
  }
  for (const n of s.notes) lines.push(`  ${noteLine(n, color)}`);
  for (const d of s.drifted) lines.push('', ...sampleLines(d, color).map((l) => `  ${l}`));
  if (s.omitted.drifted)
    lines.push(`  … and ${plural(s.omitted.drifted, 'more drifted sample')} (--limit 0 lists all)`);
  if (s.added.length) {
    lines.push('', `  ${s.status === 'missing' ? 'samples without a snapshot' : 'added samples (new in the corpus)'}:`);
    for (const r of s.added) lines.push(`    ${styled(color, '32', '+')} ${refLine(r)}`);
    if (s.omitted.added) lines.push(`    … and ${s.omitted.added} more`);
  }
  if (s.obsolete.length) {
    lines.push('', '  obsolete samples (in the snapshot, no longer in the corpus):');
    for (const r of s.obsolete) lines.push(`    ${styled(color, '31', '-')} ${refLine(r)}`);
    if (s.omitted.obsolete) lines.push(`    … and ${s.omitted.obsolete} more`);
  }
  if (s.wrote.length) lines.push('', ...s.wrote.map((w) => `  wrote ${visible(w, { whitespace: false })}`));
  if (s.next) lines.push(`  ${styled(color, '1', 'next:')} ${s.next}`);
  return lines.join('\n') + '\n';
}

export function renderDriftText(report: DriftReport, opts: DriftTextOptions): string {
  const { color } = opts;
  const t = report.totals;
  const verb = report.command === 'diff' ? 'differ' : 'failed';
  const head =
    report.exitCode === 0
      ? `${styled(color, '32', '✓')} tokpeek ${report.command}: ${plural(t.subjects, 'comparison')} ok · ${plural(t.samples, 'sample')}${t.added ? ` · ${t.added} added` : ''}${t.drifted ? ` · ${t.drifted} drifted` : ''}`
      : `${styled(color, '31', '✗')} tokpeek ${report.command}: ${t.failed} of ${t.subjects} ${verb} · ${plural(t.samples, 'sample')} · ${t.drifted} drifted · ${t.added} added · ${t.obsolete} obsolete${t.missing ? ` · ${plural(t.missing, 'missing snapshot')}` : ''}${t.unavailable ? ` · ${plural(t.unavailable, 'engine')} could not run` : ''}`;
  const lines = [head];
  const classes = classSummary(report.classes);
  if (classes) lines.push(`  ${classes}`);
  const body = report.subjects.map((s) => renderSubjectText(s, color)).join('\n');
  return `${lines.join('\n')}\n\n${body}`;
}

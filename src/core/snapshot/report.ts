// The drift report: what `check` and `diff` found, as data. Renderers (src/render/drift-*.ts)
// turn it into coloured or plain text, markdown, JSON or JUnit; nothing here prints.

import type { SnapshotHeader } from './format.js';
import { type Tokenization, classifyDrift } from './classify.js';
import { DRIFT_CLASSES, type DriftClass, type DriftOptions } from '../drift/classify.js';
import { type DecodeDrift, decodeChangeLine } from '../drift/decode.js';
import { type Hunk, tokenHunks } from './token-diff.js';
import type { TokenizerChange } from './tokenizer-changes.js';

const REPORT_VERSION = 1;

export interface SideInfo {
  /** What this side is: `snapshot`, `live`, `expected`, or a spec. */
  label: string;
  tokenizer?: string;
  spec?: string;
  engine?: string;
  engineVersion?: string;
  /** Which copy of the engine package: `tokpeek`, or `project <path>` (see engines/engine-package.ts). */
  engineCopy?: string;
  fingerprint?: string;
  behaviour?: string;
  tokpeek?: string;
}

export interface SampleRef {
  key: string;
  location?: string;
  text: string;
}

/** The sample text around one change, split so the changed span can be highlighted. */
export interface Excerpt {
  before: string;
  changed: string;
  after: string;
  /** UTF-16 offset of the changed span in the sample. */
  at: number;
}

export interface DriftHunk extends Hunk {
  excerpt?: Excerpt;
}

export interface SampleDrift extends SampleRef {
  classes: DriftClass[];
  oldCount: number;
  newCount: number;
  hunks: DriftHunk[];
}

export interface Note {
  level: 'info' | 'warning' | 'error';
  message: string;
}

export interface SubjectReport {
  /** `tokenizer/corpus`, or what the two sides are. */
  id: string;
  tokenizer: string;
  corpus: string;
  /** Snapshot path relative to the suite, when there is one. */
  snapshot?: string;
  old: SideInfo;
  new: SideInfo;
  /** missing: there is no snapshot to compare with; unavailable: the engine could not run this tokenizer. */
  status: 'ok' | 'drift' | 'missing' | 'unavailable';
  counts: {
    samples: number;
    unchanged: number;
    drifted: number;
    added: number;
    obsolete: number;
    sameIdsNewText: number;
  };
  /** Drifted samples per class (a sample can be in several). */
  classes: Partial<Record<DriftClass, number>>;
  drifted: SampleDrift[];
  added: SampleRef[];
  obsolete: SampleRef[];
  /** Samples left out of the lists above by the display limit. */
  omitted: { drifted: number; added: number; obsolete: number };
  maxLength?: number;
  tokenizerChange?: TokenizerChange;
  /** Canary names whose tokenization differs (when both sides have comparable canaries). */
  canariesChanged?: string[];
  /** Pinned decodes that changed (same ids, other text back; see core/drift/decode.ts). */
  decodeChanged?: DecodeDrift[];
  notes: Note[];
  /** Files written by this run, relative to the suite. */
  wrote: string[];
  /** Whether this subject fails the run. */
  failed: boolean;
  /** The command that fixes or records it, for people and agents. */
  next?: string;
}

export interface DriftReport {
  version: typeof REPORT_VERSION;
  command: 'check' | 'diff';
  ci: boolean;
  subjects: SubjectReport[];
  totals: {
    subjects: number;
    failed: number;
    samples: number;
    drifted: number;
    added: number;
    obsolete: number;
    missing: number;
    /** Tokenizers whose engine could not run (one subject each). */
    unavailable: number;
  };
  classes: Partial<Record<DriftClass, number>>;
  exitCode: number;
}

/** Accumulates one subject's comparison as samples stream past; keeps at most `limit` of each list. */
export class SubjectBuilder {
  readonly report: SubjectReport;
  /** Old/new tokenizations of the listed drifted samples, for the caller that adds excerpts. */
  readonly listed: Array<{ drift: SampleDrift; after: Tokenization }> = [];

  constructor(
    base: Pick<SubjectReport, 'id' | 'tokenizer' | 'corpus' | 'old' | 'new'> & {
      snapshot?: string;
      maxLength?: number;
    },
    private readonly limit: number,
    /** Which byte-regrouping stages the tokenizer files changed in (see filesChangedBetween). */
    private readonly filesChanged?: DriftOptions['filesChanged'],
  ) {
    this.report = {
      ...base,
      status: 'ok',
      counts: { samples: 0, unchanged: 0, drifted: 0, added: 0, obsolete: 0, sameIdsNewText: 0 },
      classes: {},
      drifted: [],
      added: [],
      obsolete: [],
      omitted: { drifted: 0, added: 0, obsolete: 0 },
      notes: [],
      wrote: [],
      failed: false,
    };
  }

  private room(n: number): boolean {
    return this.limit <= 0 || n < this.limit;
  }

  unchanged(tokensDiffer = false): void {
    this.report.counts.samples++;
    this.report.counts.unchanged++;
    if (tokensDiffer) this.report.counts.sameIdsNewText++;
  }

  drift(ref: SampleRef, before: Tokenization, after: Tokenization): DriftClass[] {
    const r = this.report;
    r.counts.samples++;
    r.counts.drifted++;
    const classes = classifyDrift(before, after, r.maxLength, this.filesChanged);
    for (const c of classes) r.classes[c] = (r.classes[c] ?? 0) + 1;
    if (this.room(r.drifted.length)) {
      const drift: SampleDrift = {
        ...ref,
        classes,
        oldCount: before.ids.length,
        newCount: after.ids.length,
        hunks: tokenHunks(before, after),
      };
      r.drifted.push(drift);
      this.listed.push({ drift, after });
    } else r.omitted.drifted++;
    return classes;
  }

  added(ref: SampleRef): void {
    this.report.counts.samples++;
    this.report.counts.added++;
    if (this.room(this.report.added.length)) this.report.added.push(ref);
    else this.report.omitted.added++;
  }

  /** `ref` may be a function: it is called only for a sample that is listed. */
  obsolete(ref: SampleRef | (() => SampleRef)): void {
    this.report.counts.obsolete++;
    if (this.room(this.report.obsolete.length)) this.report.obsolete.push(typeof ref === 'function' ? ref() : ref);
    else this.report.omitted.obsolete++;
  }

  /** Decodes that changed: each counts once in its class and is named in an error note. */
  decodeChanged(changes: DecodeDrift[]): void {
    if (!changes.length) return;
    const r = this.report;
    r.decodeChanged = changes;
    for (const c of changes) r.classes[c.class] = (r.classes[c.class] ?? 0) + 1;
    const shown = this.limit > 0 ? changes.slice(0, this.limit) : changes;
    for (const c of shown) this.note('error', decodeChangeLine(c));
    if (shown.length < changes.length)
      this.note('error', `… and ${changes.length - shown.length} more pinned decodes changed (--limit 0 lists all)`);
  }

  note(level: Note['level'], message: string): void {
    this.report.notes.push({ level, message });
  }

  finish(): SubjectReport {
    const r = this.report;
    if (r.status !== 'missing')
      r.status = r.counts.drifted || r.counts.added || r.counts.obsolete || r.decodeChanged ? 'drift' : 'ok';
    return r;
  }
}

const CONTEXT_CHARS = 24;

/** The sample text around each listed hunk, from the new side's token offsets. */
export function attachExcerpts(drift: SampleDrift, offsets: ReadonlyArray<readonly [number, number]>): void {
  const text = drift.text;
  for (const h of drift.hunks) {
    let from: number;
    let to: number;
    if (h.added.length) {
      const spans = offsets.slice(h.newStart, h.newStart + h.added.length).filter(([s, e]) => e > s);
      from = spans.length ? Math.min(...spans.map(([s]) => s)) : (offsets[h.newStart]?.[0] ?? text.length);
      to = spans.length ? Math.max(...spans.map(([, e]) => e)) : from;
    } else {
      from = offsets[h.newStart]?.[0] ?? (h.newStart > 0 ? (offsets[h.newStart - 1]?.[1] ?? text.length) : 0);
      to = from;
    }
    const start = Math.max(0, from - CONTEXT_CHARS);
    const end = Math.min(text.length, to + CONTEXT_CHARS);
    h.excerpt = {
      before: (start > 0 ? '…' : '') + text.slice(start, from),
      changed: text.slice(from, to),
      after: text.slice(to, end) + (end < text.length ? '…' : ''),
      at: from,
    };
  }
}

/** Informational notes for header fields that differ without changing any sample. */
export function headerNotes(before: SnapshotHeader, after: SnapshotHeader): Note[] {
  const notes: Note[] = [];
  const info = (message: string) => notes.push({ level: 'info', message });
  if (before.tokpeek !== after.tokpeek) info(`written by tokpeek ${before.tokpeek}, checked with ${after.tokpeek}`);
  if (before.engine !== after.engine) info(`engine ${before.engine} → ${after.engine}`);
  else if (before.engineVersion !== after.engineVersion)
    info(`${after.engine} engine version ${before.engineVersion} → ${after.engineVersion}`);
  if (before.engineCopy !== undefined && after.engineCopy !== undefined && before.engineCopy !== after.engineCopy)
    info(`engine copy ${before.engineCopy} → ${after.engineCopy}`);
  if (before.spec !== after.spec || before.source !== after.source)
    info(`tokenizer spec ${before.spec} (${before.source}) → ${after.spec} (${after.source})`);
  if (before.revision !== after.revision || before.commit !== after.commit) {
    info(
      `revision ${before.revision ?? '-'}${before.commit ? ` (${before.commit.slice(0, 12)})` : ''} → ${after.revision ?? '-'}${after.commit ? ` (${after.commit.slice(0, 12)})` : ''}`,
    );
  }
  if (before.fingerprint !== after.fingerprint) {
    const named = changedFiles(before, after);
    info(
      `tokenizer files changed${named.length ? ` (${named.join(', ')})` : ''}: fingerprint ${before.fingerprint.slice(7, 19)} → ${after.fingerprint.slice(7, 19)}`,
    );
  }
  const o = before.options;
  const n = after.options;
  if (
    o.addSpecialTokens !== n.addSpecialTokens ||
    o.maxLength !== n.maxLength ||
    o.truncationSide !== n.truncationSide
  ) {
    info(
      `options add_special_tokens=${o.addSpecialTokens} max_length=${o.maxLength ?? 'none'} → add_special_tokens=${n.addSpecialTokens} max_length=${n.maxLength ?? 'none'}`,
    );
  }
  if (o.chatTemplate !== n.chatTemplate)
    info(
      `chat template chosen by the suite: ${o.chatTemplate ?? "the tokenizer's"} → ${n.chatTemplate ?? "the tokenizer's"}`,
    );
  const files = (h: SnapshotHeader) => h.corpusFiles.map((f) => `${f.path}@${f.sha256}`).join(' ');
  if (files(before) !== files(after)) {
    const was = new Map(before.corpusFiles.map((f) => [f.path, f.sha256]));
    const now = new Map(after.corpusFiles.map((f) => [f.path, f.sha256]));
    const changed = [...now.keys()].filter((p) => was.has(p) && was.get(p) !== now.get(p));
    const added = [...now.keys()].filter((p) => !was.has(p));
    const removed = [...was.keys()].filter((p) => !now.has(p));
    info(
      `corpus files: ${[changed.length ? `changed ${changed.join(', ')}` : '', added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean).join('; ')}`,
    );
  }
  return notes;
}

/** The tokenizer files whose bytes differ between two headers (added and removed ones included). */
function changedFiles(before: Pick<SnapshotHeader, 'files'>, after: Pick<SnapshotHeader, 'files'>): string[] {
  const was = new Map(before.files);
  const now = new Map(after.files);
  return [...new Set([...now.keys(), ...was.keys()])].filter((name) => was.get(name) !== now.get(name));
}

/**
 * Whether the chat templates differ between two headers: a template file, or the config's
 * `chat_template` (a text corpus cannot show it; a chat corpus's samples do).
 */
export function chatTemplateChanged(
  before: Pick<SnapshotHeader, 'files' | 'config'>,
  after: Pick<SnapshotHeader, 'files' | 'config'>,
): string[] {
  const files = changedFiles(before, after).filter((f) => f.endsWith('.jinja'));
  const config = (h: Pick<SnapshotHeader, 'config'>) => new Map(h.config).get('chat_template');
  return config(before) !== config(after) ? ['tokenizer_config.json chat_template', ...files] : files;
}

/** Names of canaries tokenized differently, or undefined when the sets cannot be compared. */
export function changedCanaries(
  before: SnapshotHeader | { canarySet: string; canaries: Array<[string, string]> },
  after: { canarySet: string; canaries: Array<[string, string]> },
): string[] | undefined {
  if (before.canarySet !== after.canarySet) return undefined;
  const was = new Map(before.canaries);
  return after.canaries.filter(([name, hash]) => was.get(name) !== hash).map(([name]) => name);
}

/** A few canary names for a message. */
export function canaryNames(names: string[], max = 6): string {
  return names.length > max ? `${names.slice(0, max).join(', ')}, …` : names.join(', ');
}

/** Totals and the exit code over all subjects. */
export function assembleReport(command: DriftReport['command'], ci: boolean, subjects: SubjectReport[]): DriftReport {
  const totals = {
    subjects: subjects.length,
    failed: 0,
    samples: 0,
    drifted: 0,
    added: 0,
    obsolete: 0,
    missing: 0,
    unavailable: 0,
  };
  const classes: Partial<Record<DriftClass, number>> = {};
  for (const s of subjects) {
    if (s.failed) totals.failed++;
    if (s.status === 'missing') totals.missing++;
    if (s.status === 'unavailable') totals.unavailable++;
    totals.samples += s.counts.samples;
    totals.drifted += s.counts.drifted;
    totals.added += s.counts.added;
    totals.obsolete += s.counts.obsolete;
    for (const c of DRIFT_CLASSES) if (s.classes[c]) classes[c] = (classes[c] ?? 0) + s.classes[c]!;
  }
  // An engine that could not run outranks drift: nothing was compared for that tokenizer.
  const exitCode = totals.unavailable ? EXIT_ENGINE_UNAVAILABLE : totals.failed ? 1 : 0;
  return { version: REPORT_VERSION, command, ci, subjects, totals, classes, exitCode };
}

/** The exit code of a run where some tokenizer's engine could not run (errors.ts EXIT.engine). */
const EXIT_ENGINE_UNAVAILABLE = 3;

/**
 * The one finding for a tokenizer its engine cannot run (too old for its files, not installed,
 * cannot load them): the other tokenizers of the suite are still compared.
 */
export function unavailableSubject(
  base: Pick<SubjectReport, 'id' | 'tokenizer' | 'corpus'> & { snapshot?: string; old?: SideInfo; new: SideInfo },
  error: { message: string; hint?: string },
): SubjectReport {
  const b = new SubjectBuilder({ old: { label: 'snapshot' }, ...base }, 0);
  b.note('error', error.message);
  const r = b.finish();
  r.status = 'unavailable';
  r.failed = true;
  r.next =
    error.hint ??
    'install an engine release that loads these files in the project (or pin another --engine), then run again';
  return r;
}

/** One side of a comparison, described by a snapshot header. */
export function sideOfHeader(label: string, h: SnapshotHeader): SideInfo {
  return {
    label,
    tokenizer: h.tokenizer,
    spec: h.spec,
    engine: h.engine,
    engineVersion: h.engineVersion,
    ...(h.engineCopy !== undefined ? { engineCopy: h.engineCopy } : {}),
    fingerprint: h.fingerprint,
    behaviour: h.behaviour,
    tokpeek: h.tokpeek,
  };
}

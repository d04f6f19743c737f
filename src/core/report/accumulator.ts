// Everything `tokpeek report` counts, in one mergeable accumulator: feed it tokenized samples
// one at a time (any order of shards), merge accumulators of shards, and build the report from
// the result. Counts are exact; see histogram.ts, top-k.ts and dedupe.ts for what is exact to
// which resolution. Pure: no files, no terminal.

import { codePointCount } from '../code-points.js';
import { droppedRange } from '../truncation.js';
import type { AccumulatorJson, AccumulatorSettings, FileEntry } from './accumulator-json.js';
import { type ChatCounters, mergeChatCounters, newChatCounters, observeChat } from './chat-counters.js';
import { SeenSet, cyrb53 } from './dedupe.js';
import { LengthHistogram } from './histogram.js';
import { INVISIBLE_KINDS, invisibleHits } from './invisible.js';
import {
  type Finding,
  type Location,
  MAX_EXAMPLES,
  emptyFinding,
  formatLocation,
  mergeFinding,
  note,
} from './location.js';
import type { Observation } from './observation.js';
import {
  type PreferenceLengths,
  mergePreferenceLengths,
  newPreferenceLengths,
  preferenceFromJson,
  preferenceToJson,
} from './preference.js';
import { BYTE_FALLBACK, SPECIAL, UNKNOWN, lastEos, spelledOut } from './token-flags.js';
import { TopK } from './top-k.js';

export class ReportAccumulator {
  files: FileEntry[] = [];
  rejected = emptyFinding();
  rejectedReasons: Record<string, number> = {};
  private fileIndex = new Map<string, number>();
  chars = 0;
  lengths = new LengthHistogram();
  truncated = emptyFinding();
  tokensLost = 0;
  keptTokens = 0;
  tokensInWholeRows = 0;
  eosCut = emptyFinding();
  unknownTokens = 0;
  unknownSamples = emptyFinding();
  byteFallbackTokens = 0;
  byteFallbackSamples = emptyFinding();
  unknownStrings = new TopK();
  byteFallbackStrings = new TopK();
  specialTokens = emptyFinding();
  specialTokenCounts: Record<string, number> = {};
  roundtrip = emptyFinding();
  invisible: Record<string, { samples: Finding; occurrences: number }> = Object.fromEntries(
    INVISIBLE_KINDS.map((k) => [k, { samples: emptyFinding(), occurrences: 0 }]),
  );
  invisibleSamples = emptyFinding();
  empty = emptyFinding();
  duplicates = emptyFinding();
  seen = new SeenSet();
  chat: ChatCounters | null = null;
  preference: PreferenceLengths | null = null;
  /** Implicit-prompt preference pairs whose chosen and rejected share no opening (empty prompt). */
  noSharedPrompt = emptyFinding();

  constructor(
    readonly settings: AccumulatorSettings,
    /** Per-id flags (tokenFlags); absent when the accumulator only merges partials. */
    private readonly flags?: Uint8Array,
    /** Content of an id (for naming literal special tokens). */
    private readonly contentOf?: (id: number) => string,
    /** What a token stands for in text (to tell whitespace tokens after a final EOS). */
    private readonly textOf?: (id: number) => string,
  ) {}

  private readonly whitespace = new Map<number, boolean>();
  private isWhitespace = (id: number): boolean => {
    let w = this.whitespace.get(id);
    if (w === undefined) {
      const text = this.textOf?.(id) ?? '';
      w = text.length > 0 && text.trim() === '';
      this.whitespace.set(id, w);
    }
    return w;
  };

  get samples(): number {
    return this.lengths.count;
  }

  private indexOf(file: string): number {
    let i = this.fileIndex.get(file);
    if (i === undefined) {
      i = this.files.length;
      this.files.push({ file, samples: 0 });
      this.fileIndex.set(file, i);
    }
    return i;
  }

  /** A line (or Parquet row) of the file at `file` (an index into `files`). */
  private locationOf(at: { file: number; line: number }): Location {
    const { file, unit } = this.files[at.file]!;
    return { file, line: at.line, ...(unit ? { unit } : {}) };
  }

  /** Declares an input file, so that files without samples are listed too. */
  addFile(file: string): void {
    this.indexOf(file);
  }

  /** Counts a record of `file` in its shape. */
  noteShape(file: string, shape: string): void {
    const f = this.files[this.indexOf(file)]!;
    f.shapes ??= {};
    f.shapes[shape] = (f.shapes[shape] ?? 0) + 1;
  }

  /** A record that could not be reviewed: counted with its location, the review goes on. */
  reject(where: Location, reason: string, kind: string): void {
    this.indexOf(where.file);
    note(this.rejected, { ...where, detail: reason });
    this.rejectedReasons[kind] = (this.rejectedReasons[kind] ?? 0) + 1;
  }

  /** The longest cut samples (most tokens first, ties in input order). */
  longestCut: Array<{ where: Location; tokens: number }> = [];

  private noteLongest(where: Location, tokens: number): void {
    const list = this.longestCut;
    if (list.length >= MAX_EXAMPLES && tokens <= list[list.length - 1]!.tokens) return;
    list.push({ where, tokens });
    list.sort((a, b) => b.tokens - a.tokens || this.order(a.where, b.where));
    if (list.length > MAX_EXAMPLES) list.length = MAX_EXAMPLES;
  }

  /** Input order of locations: examples of merged shards are the first ones of the whole input. */
  readonly order = (a: Location, b: Location): number =>
    (this.fileIndex.get(a.file) ?? 0) - (this.fileIndex.get(b.file) ?? 0) ||
    a.line - b.line ||
    (a.column ?? 0) - (b.column ?? 0);

  observe(o: Observation): void {
    const flags = this.flags;
    if (!flags) throw new Error('observe() needs token flags');
    const fileIndex = this.indexOf(o.where.file);
    this.files[fileIndex]!.samples++;
    if (o.where.unit === 'row') this.files[fileIndex]!.unit = 'row';
    const where = o.where;
    const n = o.ids.length;
    this.chars += codePointCount(o.text);
    this.lengths.add(n);
    if (o.variant) (this.preference ??= newPreferenceLengths())[o.variant].add(n);

    // Token classes: unknowns, byte fallback, literal special tokens in the text.
    let unknown = 0;
    let byteFallback = 0;
    let specials: number[] | undefined; // made only for a sample with a flagged token (most have none)
    let typed: { left?: number } | undefined;
    for (let i = 0; i < n; i++) {
      const f = flags[o.ids[i]!] ?? 0;
      if (f === 0) continue;
      // The unknown token (often special, as BERT's [UNK]) stands for a character the vocabulary
      // lacks, unless the data spells it out: then it is a literal special token, not an unknown.
      const spelled =
        (f & UNKNOWN) !== 0 && !o.inserted[i] && spelledOut(o, i, this.contentOf?.(o.ids[i]!), (typed ??= {}));
      if (f & UNKNOWN && !spelled) unknown++;
      if (f & BYTE_FALLBACK) byteFallback++;
      if (f & SPECIAL && !o.inserted[i] && (spelled || !(f & UNKNOWN)) && this.isLiteral(o, i))
        (specials ??= []).push(o.ids[i]!);
    }
    if (unknown) {
      this.unknownTokens += unknown;
      note(this.unknownSamples, where);
    }
    if (byteFallback) {
      this.byteFallbackTokens += byteFallback;
      note(this.byteFallbackSamples, where);
    }
    if (specials) {
      const names = [...new Set(specials.map((id) => this.contentOf?.(id) ?? `<id ${id}>`))];
      note(this.specialTokens, { ...where, detail: names.join(' ') });
      for (const id of specials) {
        const name = this.contentOf?.(id) ?? `<id ${id}>`;
        this.specialTokenCounts[name] = (this.specialTokenCounts[name] ?? 0) + 1;
      }
    }

    // Truncation at max_length.
    const max = this.settings.maxLength;
    let dropped: [number, number] | undefined;
    if (max !== null) {
      dropped = droppedRange(o.inserted, max, this.settings.truncationSide);
      if (dropped) {
        const lost = dropped[1] - dropped[0];
        note(this.truncated, { ...where, detail: `${n} tokens, ${lost} cut` });
        this.noteLongest({ ...where, detail: `${n} tokens, ${lost} cut` }, n);
        this.tokensLost += lost;
        this.keptTokens += n - lost;
        // Does the sample's final EOS go? (The last EOS token, with at most a newline or two after it.)
        const last = lastEos(o.ids, o.inserted, flags, this.isWhitespace);
        if (last !== undefined && last >= dropped[0] && last < dropped[1])
          note(this.eosCut, { ...where, detail: this.contentOf?.(o.ids[last]!) });
      } else {
        this.keptTokens += n;
        this.tokensInWholeRows += n;
      }
    }
    if (o.chat) observeChat((this.chat ??= newChatCounters()), where, o.chat, dropped);

    // Text hazards.
    if (o.roundtripDiff !== undefined) note(this.roundtrip, { ...where, column: o.roundtripDiff + 1 });
    const hits = invisibleHits(o.text);
    if (hits.length) note(this.invisibleSamples, { ...where, column: Math.min(...hits.map((h) => h.column)) });
    for (const hit of hits) {
      const entry = this.invisible[hit.kind]!;
      entry.occurrences += hit.count;
      note(entry.samples, {
        ...where,
        column: hit.column,
        detail: `U+${hit.code.toString(16).toUpperCase().padStart(4, '0')}`,
      });
    }
    if (!o.chat && o.text.trim() === '') note(this.empty, where);
    const first = this.seen.add(cyrb53(o.text), fileIndex, where.line);
    if (first) {
      // The original may be in another file, whose unit (line or Parquet row) is its own.
      note(this.duplicates, { ...where, detail: `same as ${formatLocation(this.locationOf(first))}` });
      // The table's count: exact, or estimated once the table samples (see dedupe.ts).
      this.duplicates.count = this.seen.duplicates;
    }
  }

  notePairWithoutPrompt(where: Location): void {
    note(this.noSharedPrompt, where);
  }

  /** A preference pair's prompt alone: its length only (it is no sample of its own). */
  observePrompt(tokens: number): void {
    (this.preference ??= newPreferenceLengths()).prompt.add(tokens);
  }

  /** In chat samples a special token is a hazard only inside message content; the template writes the others. */
  private isLiteral(o: Observation, i: number): boolean {
    if (!o.chat) return true;
    const [s, e] = o.offsets![i]!;
    return o.chat.spans.some(
      (span) => span !== null && !span.templateText && s >= span.start && e <= span.end && e > s,
    );
  }

  /** Strings that produced unknown or byte-fallback tokens in one sample (found with offsets). */
  observeUnknownStrings(where: Location, strings: Array<{ kind: 'unknown' | 'byte-fallback'; text: string }>): void {
    for (const s of strings) (s.kind === 'unknown' ? this.unknownStrings : this.byteFallbackStrings).add(s.text, where);
  }

  merge(other: ReportAccumulator): void {
    const a = this.settings;
    const b = other.settings;
    if (a.maxLength !== b.maxLength || a.truncationSide !== b.truncationSide) {
      throw new RangeError(
        `computed with max_length ${b.maxLength ?? 'none'} (${b.truncationSide}), not ${a.maxLength ?? 'none'} (${a.truncationSide})`,
      );
    }
    const remap = other.files.map((f) => {
      const i = this.indexOf(f.file);
      const mine = this.files[i]!;
      mine.samples += f.samples;
      if (f.unit) mine.unit = f.unit;
      if (f.shapes) {
        mine.shapes ??= {};
        for (const [k, v] of Object.entries(f.shapes)) mine.shapes[k] = (mine.shapes[k] ?? 0) + v;
      }
      return i;
    });
    mergeFinding(this.rejected, other.rejected, this.order);
    for (const [k, v] of Object.entries(other.rejectedReasons))
      this.rejectedReasons[k] = (this.rejectedReasons[k] ?? 0) + v;
    this.chars += other.chars;
    this.lengths.merge(other.lengths);
    mergeFinding(this.truncated, other.truncated, this.order);
    for (const l of other.longestCut) this.noteLongest(l.where, l.tokens);
    this.tokensLost += other.tokensLost;
    this.keptTokens += other.keptTokens;
    this.tokensInWholeRows += other.tokensInWholeRows;
    mergeFinding(this.eosCut, other.eosCut, this.order);
    this.unknownTokens += other.unknownTokens;
    mergeFinding(this.unknownSamples, other.unknownSamples, this.order);
    this.byteFallbackTokens += other.byteFallbackTokens;
    mergeFinding(this.byteFallbackSamples, other.byteFallbackSamples, this.order);
    this.unknownStrings.merge(other.unknownStrings, this.order);
    this.byteFallbackStrings.merge(other.byteFallbackStrings, this.order);
    mergeFinding(this.specialTokens, other.specialTokens, this.order);
    for (const [k, v] of Object.entries(other.specialTokenCounts))
      this.specialTokenCounts[k] = (this.specialTokenCounts[k] ?? 0) + v;
    mergeFinding(this.roundtrip, other.roundtrip, this.order);
    for (const kind of INVISIBLE_KINDS) {
      const mine = this.invisible[kind]!;
      const theirs = other.invisible[kind];
      if (!theirs) continue;
      mine.occurrences += theirs.occurrences;
      mergeFinding(mine.samples, theirs.samples, this.order);
    }
    mergeFinding(this.invisibleSamples, other.invisibleSamples, this.order);
    mergeFinding(this.empty, other.empty, this.order);
    mergeFinding(this.noSharedPrompt, other.noSharedPrompt, this.order);
    mergeFinding(this.duplicates, other.duplicates, this.order);
    this.seen.sampleAtLeast(other.seen.level);
    const crossShard: Location[] = [];
    for (const e of other.seen.entries()) {
      const file = remap[e.file]!;
      const first = this.seen.add(e.hash, file, e.line, e.count);
      if (!first) continue;
      // Shards interleave: the copy earlier in the input is the original, whichever shard read it.
      const [orig, dup] =
        first.file < file || (first.file === file && first.line < e.line)
          ? [first, { file, line: e.line }]
          : [{ file, line: e.line }, first];
      if (orig !== first) this.seen.replace(e.hash, orig.file, orig.line);
      crossShard.push({ ...this.locationOf(dup), detail: `same as ${formatLocation(this.locationOf(orig))}` });
    }
    mergeFinding(this.duplicates, { count: 0, examples: crossShard }, this.order);
    // The table's count: exact, or estimated once the table samples (see dedupe.ts).
    this.duplicates.count = this.seen.duplicates;
    if (other.chat) mergeChatCounters((this.chat ??= newChatCounters()), other.chat, this.order);
    if (other.preference) mergePreferenceLengths((this.preference ??= newPreferenceLengths()), other.preference);
  }

  toJSON(): AccumulatorJson {
    return {
      settings: this.settings,
      files: this.files,
      rejected: this.rejected,
      rejectedReasons: this.rejectedReasons,
      chars: this.chars,
      lengths: this.lengths.toJSON(),
      truncated: this.truncated,
      longestCut: this.longestCut,
      tokensLost: this.tokensLost,
      keptTokens: this.keptTokens,
      tokensInWholeRows: this.tokensInWholeRows,
      eosCut: this.eosCut,
      unknownTokens: this.unknownTokens,
      unknownSamples: this.unknownSamples,
      byteFallbackTokens: this.byteFallbackTokens,
      byteFallbackSamples: this.byteFallbackSamples,
      unknownStrings: this.unknownStrings.toJSON(),
      byteFallbackStrings: this.byteFallbackStrings.toJSON(),
      specialTokens: this.specialTokens,
      specialTokenCounts: this.specialTokenCounts,
      roundtrip: this.roundtrip,
      invisible: this.invisible,
      invisibleSamples: this.invisibleSamples,
      empty: this.empty,
      ...(this.noSharedPrompt.count ? { noSharedPrompt: this.noSharedPrompt } : {}),
      duplicates: this.duplicates,
      seen: this.seen.toJSON(),
      chat: this.chat,
      ...(this.preference ? { preference: preferenceToJson(this.preference) } : {}),
    };
  }

  static fromJSON(json: AccumulatorJson): ReportAccumulator {
    const a = new ReportAccumulator(json.settings);
    for (const f of json.files) {
      const mine = a.files[a.indexOf(f.file)]!;
      mine.samples = f.samples;
      if (f.shapes) mine.shapes = { ...f.shapes };
      if (f.unit) mine.unit = f.unit;
    }
    a.rejected = json.rejected ?? emptyFinding();
    a.rejectedReasons = { ...json.rejectedReasons };
    a.chars = json.chars;
    a.lengths = LengthHistogram.fromJSON(json.lengths);
    a.truncated = json.truncated;
    a.longestCut = [...(json.longestCut ?? [])];
    a.tokensLost = json.tokensLost;
    a.keptTokens = json.keptTokens;
    a.tokensInWholeRows = json.tokensInWholeRows;
    a.eosCut = json.eosCut;
    a.unknownTokens = json.unknownTokens;
    a.unknownSamples = json.unknownSamples;
    a.byteFallbackTokens = json.byteFallbackTokens;
    a.byteFallbackSamples = json.byteFallbackSamples;
    a.unknownStrings = TopK.fromJSON(json.unknownStrings);
    a.byteFallbackStrings = TopK.fromJSON(json.byteFallbackStrings);
    a.specialTokens = json.specialTokens;
    a.specialTokenCounts = { ...json.specialTokenCounts };
    a.roundtrip = json.roundtrip;
    for (const kind of INVISIBLE_KINDS) if (json.invisible[kind]) a.invisible[kind] = json.invisible[kind]!;
    a.invisibleSamples = json.invisibleSamples;
    a.empty = json.empty;
    a.noSharedPrompt = json.noSharedPrompt ?? emptyFinding();
    a.duplicates = json.duplicates;
    a.seen = SeenSet.fromJSON(json.seen);
    a.chat = json.chat;
    if (json.preference) a.preference = preferenceFromJson(json.preference);
    return a;
  }
}

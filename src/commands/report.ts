// `tokpeek report CORPUS…`: the pre-fine-tuning data review — lengths, truncation at
// max_length, unknown tokens, special-token and text hazards, chat assistant masks — in one
// screen, as JSON or Markdown, as a mergeable shard summary, and as a CI gate (--fail-on).
// Thin edge: reads inputs, streams them through the tokenizer pool into the accumulator
// (src/core/report), renders, writes files atomically.

import fs from 'node:fs';
import path from 'node:path';
import { jsonText } from '../render/json-text.js';
import type { Io } from '../io.js';
import { printLine, terminalWidth, colorEnabled } from '../io.js';
import { EXIT, InputError, UsageError, fileError } from '../errors.js';
import { DEFAULT_TOKENIZER, findBundled } from '../tokenizers/bundled.js';
import { type LoadedTokenizer, lazyTokenizer, readJsonFile } from '../tokenizers/load.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { checkOutputPath } from '../contained-path.js';
import { sampleBudgetMs, withinBudget } from '../time-budget.js';
import { TokenizerPool, defaultWorkers } from '../tokenizers/pool.js';
import { anatomyOf, tokenContent } from '../core/anatomy.js';
import { type CorpusFormat, type Sample, readSamples } from '../corpus/read-corpus.js';
import type { Shape } from '../corpus/records.js';
import { STDIN } from '../corpus/open-input.js';
import { expandInputs } from '../corpus/files.js';
import {
  type ChatMessage,
  ChatRenderer,
  ChatTemplateError,
  type RenderedChat,
  assistantMask,
} from '../core/chat/render.js';
import { ReportAccumulator, SPECIAL, tokenFlags, BYTE_FALLBACK, UNKNOWN } from '../core/report/accumulator.js';
import { unknownStrings } from '../core/report/attribution.js';
import { type Report, type ReportContext, buildReport } from '../core/report/build.js';
import { FailOnSyntaxError, FailOnUnavailableError, evaluateFailOn, parseFailOn } from '../core/report/fail-on.js';
import { type PartialContext, PartialError, mergePartials, parsePartial, toPartial } from '../core/report/partial.js';
import { Reservoir } from '../core/report/reservoir.js';
import type { Location } from '../core/report/location.js';
import type { EngineName, RawEncoding } from '../core/token-model.js';
import { renderReportText } from '../render/report-text.js';
import { renderReportMarkdown } from '../render/report-markdown.js';
import { formatProgress } from '../render/progress.js';
import { ciPolicy } from '../ci-policy.js';
import { defineCommand } from './definition.js';
import {
  CORPUS_OPTIONS,
  TRUNCATION_OPTIONS,
  chatTemplateOption,
  engineOption,
  formatOption,
  oneOf,
  positiveInt,
  tokenizerOption,
  wholeNumber,
  workersOption,
} from './option-groups.js';

export const report = defineCommand({
  name: 'report',
  usage: ['report CORPUS... [-t SPEC] [options]', 'report --merge PARTIAL... [options]'],
  description: `Reviews a training set against a tokenizer before fine-tuning: token lengths and their
histogram, truncation at max_length (and a recommended max_length), unknown and byte-fallback
tokens, literal special tokens, round-trip failures, invisible characters, empty and duplicate
samples; for chat data (messages, conversations, prompt/completion) the chat_template's
rendering and which tokens are assistant content.

CORPUS: files (.txt a sample per line, .jsonl, .json, .csv, .tsv, .parquet; .gz, .br, .zst
and .bz2 compressed), folders, globs, or - for standard input.`,
  positionals: { name: 'CORPUS...', complete: 'file' },
  options: {
    tokenizer: { ...tokenizerOption, multiple: false },
    engine: engineOption,
    ...CORPUS_OPTIONS,
    'chat-template': chatTemplateOption,
    'add-eos': {
      type: 'string',
      value: 'yes|no',
      choices: ['yes', 'no'],
      parse: (raw: string, flag: string) => oneOf(['yes', 'no'] as const)(raw, flag) === 'yes',
      help: 'append EOS to completions rendered without a template, as TRL does (default yes)',
    },
    format: formatOption(['text', 'json', 'markdown'] as const),
    'max-length': {
      ...TRUNCATION_OPTIONS['max-length'],
      help: "truncation length (default: the tokenizer's model_max_length)",
    },
    'truncation-side': TRUNCATION_OPTIONS['truncation-side'],
    coverage: {
      type: 'string',
      value: 'P',
      parse: shareOf,
      default: 0.99,
      defaultHelp: '99%',
      help: 'share of samples the recommended max_length keeps whole: 99%, 99.5 or 0.99',
    },
    sample: { type: 'string', value: 'N', parse: positiveInt, help: 'review a seeded random sample of N records' },
    seed: { type: 'string', value: 'S', parse: wholeNumber(0, 0xffffffff), default: 1, help: 'seed for --sample' },
    shard: {
      type: 'string',
      value: 'I/N',
      parse: shardOf,
      help: 'review only share I of N (every Nth record, from the I-th): N jobs with --partial, merged with --merge, give the single-run report',
    },
    partial: {
      type: 'string',
      value: 'OUT',
      complete: 'file',
      help: "write this shard's mergeable summary to OUT instead of a report",
    },
    merge: { type: 'boolean', help: 'the arguments are partials to merge into one report' },
    'fail-on': {
      type: 'string',
      value: 'COND',
      multiple: true,
      parse: failOnOf,
      help: 'exit 1 when COND holds, e.g. truncated>1% unknown>0.1%; repeatable',
    },
    workers: { ...workersOption, defaultHelp: 'all cores' },
    'no-progress': { type: 'boolean', help: 'no progress bar (it is shown only on a terminal, never in CI)' },
  },
  epilogue: `Records that fit no shape, are not JSON, or that the chat template rejects are counted with
their locations (--fail-on "rejected>0" gates on them); the review goes on.

Exit codes: 0 ok, 1 a --fail-on condition holds, 2 bad usage or input.`,
  run: async ({ values, positionals }, io) => {
    const { format, coverage } = values;
    const inputFormat = values['input-format'];
    const failOn = values['fail-on'];
    if (positionals.length === 0)
      throw new UsageError(
        values.merge ? 'report --merge needs partial files' : 'report needs a corpus (files, folders or globs)',
        'Example: tokpeek report train.jsonl -t qwen3 --max-length 2048',
      );

    let built: { report: Report } | undefined;
    if (values.merge) {
      if (values.partial) throw new UsageError('give either --merge or --partial, not both');
      for (const flag of [
        'tokenizer',
        'engine',
        'sample',
        'field',
        'input-format',
        'truncation-side',
        'shape',
        'records',
        'chat-template',
        'add-eos',
        'shard',
      ] as const) {
        if (values[flag] !== undefined)
          throw new UsageError(`--${flag} does not apply to --merge: the partials fix it`);
      }
      built = mergeReport(positionals, io, coverage, values['max-length']);
    } else {
      // Before the run: a partial must not replace a link, a pipe, a device or one of the corpus files.
      if (values.partial)
        checkOutputPath(
          path.resolve(io.cwd, values.partial),
          positionals.map((p) => path.resolve(io.cwd, p)),
          values.partial,
        );
      const run = await runReport(positionals, io, {
        spec: values.tokenizer ?? DEFAULT_TOKENIZER,
        engine: values.engine ?? 'js',
        field: values.field,
        inputFormat,
        maxLength: values['max-length'],
        truncationSide: values['truncation-side'],
        coverage,
        sample: values.sample,
        seed: values.seed,
        workers: values.workers ?? defaultWorkers(),
        progress: !values['no-progress'] && Boolean(io.stderr.isTTY) && !ciPolicy(io.env).ci,
        maxLineBytes: values['max-line-bytes'],
        shape: values.shape,
        records: values.records,
        chatTemplate: values['chat-template'],
        addEos: values['add-eos'],
        shard: values.shard,
      });
      if (values.partial) {
        const out = path.resolve(io.cwd, values.partial);
        writeAtomically(out, JSON.stringify(toPartial(run.acc, run.context.tokenizer, run.partialContext)) + '\n');
        printLine(
          io.stdout,
          `wrote ${values.partial}: ${run.acc.samples.toLocaleString('en-US')} samples, ${run.acc.lengths.sum.toLocaleString('en-US')} tokens (merge with: tokpeek report --merge ${values.partial} …)`,
        );
      }
      built = { report: buildReport(run.acc, run.context, run.partialContext.traits) };
      if (values.partial && failOn.length === 0) return EXIT.ok;
    }

    const r = built.report;
    if (failOn.length) {
      try {
        r.failOn = evaluateFailOn(failOn, r);
      } catch (e) {
        if (e instanceof FailOnUnavailableError) throw new UsageError(e.message);
        throw e;
      }
    }
    if (!values.partial) {
      if (format === 'json') io.stdout.write(jsonText(r));
      else if (format === 'markdown') io.stdout.write(renderReportMarkdown(r));
      else io.stdout.write(renderReportText(r, { color: colorEnabled(io), width: terminalWidth(io) }));
    }
    const failed = (r.failOn ?? []).filter((f) => f.failed);
    if (failed.length) {
      printLine(
        io.stderr,
        `tokpeek: report --fail-on: ${failed.map((f) => `${f.condition.source} (${f.condition.percent ? `${f.actual.toFixed(3).replace(/\.?0+$/, '')}%` : f.actual})`).join(', ')}`,
      );
      return EXIT.failed;
    }
    return EXIT.ok;
  },
});

/** `I/N`: the I-th of N shares (1-based). */
export function shardOf(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && index >= 1 && index <= count))
    throw new UsageError(
      `--shard must be I/N with 1 ≤ I ≤ N, not "${value}"`,
      'Example: --shard 2/3 (in a CI matrix, a Kubernetes Indexed Job or a Slurm array: the job index + 1).',
    );
  return { index, count };
}

/** "99", "99%" and "0.99" all mean 99%. */
function shareOf(raw: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(raw.trim());
  const n = m ? Number(m[1]) : Number.NaN;
  const fraction = m && (m[2] === '%' || n > 1) ? n / 100 : n;
  if (!(fraction > 0 && fraction <= 1))
    throw new UsageError(`${flag} must be a share of samples such as 99%, 99.5 or 0.95, not "${raw}"`);
  return fraction;
}

function failOnOf(raw: string): ReturnType<typeof parseFailOn> {
  try {
    return parseFailOn(raw);
  } catch (e) {
    if (e instanceof FailOnSyntaxError)
      throw new UsageError(e.message, 'Example: --fail-on "truncated>1%" --fail-on "unknown>0.1%".');
    throw e;
  }
}

function writeAtomically(file: string, content: string): void {
  try {
    writeFileAtomic(file, content);
  } catch (e) {
    throw new InputError(file, `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

// --- merge -----------------------------------------------------------------------------------

function mergeReport(files: string[], io: Io, coverage: number, maxLength: number | undefined): { report: Report } {
  const partials = files.map((name) => {
    const json = readJsonFile(path.resolve(io.cwd, name));
    try {
      return { name, partial: parsePartial(json) };
    } catch (e) {
      if (e instanceof PartialError)
        throw new InputError(
          name,
          e.message,
          undefined,
          'Partials are written by `tokpeek report CORPUS --partial OUT`.',
        );
      throw e;
    }
  });
  let merged: ReturnType<typeof mergePartials>;
  try {
    merged = mergePartials(partials);
  } catch (e) {
    if (e instanceof PartialError)
      throw new InputError(
        files.join(', '),
        e.message,
        undefined,
        'Shards must be computed with the same tokenizer, --max-length and --truncation-side.',
      );
    throw e;
  }
  if (maxLength !== undefined && maxLength !== merged.acc.settings.maxLength) {
    throw new UsageError(
      `--max-length ${maxLength} differs from the partials' ${merged.acc.settings.maxLength ?? 'none'}`,
      'Truncation counts are taken while streaming: recompute the shards with the max_length you want.',
    );
  }
  const c = merged.context;
  const context: ReportContext = {
    tokenizer: merged.tokenizer,
    maxLengthSource: c.maxLengthSource,
    modelMaxLength: c.modelMaxLength,
    modelMaxLengthRaw: c.modelMaxLengthRaw,
    coverage,
    sampled: c.sampled,
    notes: c.notes,
    rendering: c.rendering,
    normalizer: c.normalizer,
  };
  return { report: buildReport(merged.acc, context, c.traits) };
}

// --- a run over corpus files -----------------------------------------------------------------

interface RunOptions {
  spec: string;
  engine: EngineName;
  field: string | undefined;
  inputFormat: CorpusFormat | undefined;
  maxLength: number | undefined;
  truncationSide: 'left' | 'right' | undefined;
  coverage: number;
  sample: number | undefined;
  seed: number;
  workers: number;
  progress: boolean;
  maxLineBytes: number | undefined;
  shape: Shape | undefined;
  records: string | undefined;
  /** A .jinja file, or the name of one of the tokenizer's templates. */
  chatTemplate: string | undefined;
  addEos: boolean | undefined;
  shard: { index: number; count: number } | undefined;
}

/** A sample ready for the tokenizer: its text (rendered for chat records). */
interface Item {
  sample: Sample;
  text: string;
  rendered?: RenderedChat;
  /** Bytes of all input read when this item was read (progress). */
  position: number;
}

async function runReport(inputs: string[], io: Io, o: RunOptions) {
  const skipped: string[] = [];
  const files = await expandInputs(inputs, io.cwd, (s) => skipped.push(`skipped ${s.file}: ${s.reason}`));
  // The workers load the tokenizer from the spec while this thread reads its files (it never
  // builds an engine of its own unless it encodes itself, --workers 0).
  const tok = lazyTokenizer(o.spec, o.engine, io.env);
  const opening = TokenizerPool.open(tok, {
    workers: o.workers,
    offsets: false,
    addSpecialTokens: true,
    roundTrip: true,
  });
  opening.catch(() => {}); // awaited below; a failure before then closes it
  try {
    return await runWithPool(files, skipped, io, o, tok, opening);
  } catch (e) {
    await opening.then(
      (pool) => pool.close(),
      () => {},
    );
    throw e;
  }
}

async function runWithPool(
  files: string[],
  skipped: string[],
  io: Io,
  o: RunOptions,
  tok: LoadedTokenizer,
  opening: Promise<TokenizerPool>,
) {
  const anatomy = anatomyOf(tok.files);
  const cfg = anatomy.config;
  const modelMaxLength = cfg.modelMaxLengthUnset || cfg.modelMaxLength === null ? null : cfg.modelMaxLength;
  const maxLength = o.maxLength ?? modelMaxLength;
  const side = o.truncationSide ?? (cfg.truncationSide === 'left' ? 'left' : 'right');
  const eos = cfg.tokens.eos?.content ?? null;
  const flags = tokenFlags(tok.vocabulary, eos ? [eos] : []);
  const acc = new ReportAccumulator(
    { maxLength, truncationSide: side },
    flags,
    (id) => tok.vocabulary.pieceOf(id),
    (id) => tok.vocabulary.describe(id, tok.vocabulary.pieceOf(id), 0, 0, false).text,
  );
  for (const f of files) acc.addFile(f);
  const renderer = chatRenderer(tok, o, io);
  const notes: string[] = [];

  const sizes = files.map((f) => (f === STDIN ? 0 : fs.statSync(path.resolve(io.cwd, f)).size));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const progress = new Progress(io, o.progress);
  const started = Date.now();

  // Read (and render chat records) lazily, so memory holds only what is in flight. Records
  // that cannot be reviewed are counted where they are, and the review goes on.
  const rendering = new Set<string>();
  let record = -1;
  let lastRecord = '';
  async function* items(): AsyncGenerator<Item> {
    let before = 0;
    for (const [i, file] of files.entries()) {
      for await (const sample of readSamples(file === STDIN ? STDIN : path.resolve(io.cwd, file), {
        format: o.inputFormat,
        field: o.field,
        chat: true,
        maxLineBytes: o.maxLineBytes,
        shape: o.shape,
        records: o.records,
        badRecords: 'count',
      })) {
        sample.file = file; // report paths as the user wrote them
        // Shards take whole records (both sides of a preference pair), every N-th from the I-th.
        const key = `${i}:${sample.line}`;
        if (key !== lastRecord) {
          lastRecord = key;
          record++;
        }
        if (o.shard && record % o.shard.count !== o.shard.index - 1) continue;
        if (sample.error) {
          acc.reject(locationOf(sample), sample.error.message, sample.error.kind);
          continue;
        }
        if (sample.shape && sample.variant !== 'rejected') acc.noteShape(file, sample.shape);
        const item = prepare(sample, before + (sample.end ?? 0));
        if (item) yield item;
      }
      before += sizes[i]!;
    }
  }
  let bosNoted = false;
  let ignoredToolCalls = 0;
  function prepare(sample: Sample, position: number): Item | undefined {
    if (sample.shape) rendering.add(renderingOf(sample, renderer));
    if (!sample.chat) return { sample, text: sample.text, position };
    let rendered: RenderedChat;
    try {
      // A template that loops for ever stops at the per-sample budget, as a template error of this record.
      const budget = sampleBudgetMs(0, io.env);
      rendered = withinBudget(
        budget,
        () => renderer.render(sample.chat!),
        () => new ChatTemplateError(`the chat_template ran longer than ${(budget / 1000).toFixed(1)} s on this record`),
      );
    } catch (e) {
      if (e instanceof ChatTemplateError) {
        // No template at all is the setup, not the record: one error.
        if (!renderer.hasTemplate) {
          const where = locationOf(sample);
          throw new InputError(
            where.unit === 'row' ? `${where.file} row ${where.line}` : where.file,
            e.message,
            where.unit === 'row' ? undefined : where.line,
            'Use a tokenizer with a chat template, give one with --chat-template FILE.jinja, or a text field with --field.',
          );
        }
        acc.reject(locationOf(sample), e.message, 'chat template failed');
        return undefined;
      }
      throw e;
    }
    ignoredToolCalls += rendered.ignoredToolCalls ?? 0;
    const bos = tokenContent(tok.files.config?.bos_token);
    if (
      !bosNoted &&
      !rendered.addSpecialTokens &&
      bos &&
      anatomy.postProcessor.addsBos === bos &&
      rendered.text.startsWith(bos)
    ) {
      bosNoted = true;
      notes.push(
        `The chat template writes ${bos} itself and the post-processor adds it too: rendered chats are tokenized without special tokens here (as apply_chat_template does); tokenizing them with add_special_tokens=True gives two.`,
      );
    }
    return { sample, text: rendered.text, rendered, position };
  }

  let source: AsyncIterable<Item> | Iterable<Item> = items();
  let sampled: ReportContext['sampled'] = null;
  if (o.sample !== undefined) {
    const reservoir = new Reservoir<Item>(o.sample, o.seed);
    for await (const item of items()) {
      reservoir.offer(item);
      progress.update({
        done: item.position,
        total: totalBytes,
        unit: 'bytes',
        samples: reservoir.seen,
        elapsedMs: Date.now() - started,
        label: 'reading',
      });
    }
    const chosen = reservoir.items();
    sampled = { size: chosen.length, seen: reservoir.seen, seed: o.seed };
    chosen.forEach((item, i) => (item.position = i + 1));
    source = chosen;
  }

  const pool = await opening;
  // Unknown attribution needs offsets, only for the samples holding unknown/byte-fallback ids:
  // those without offsets are re-encoded with offsets in batches; results are applied in
  // input order (draining the queue in order), so the top-k tables do not depend on scheduling.
  type Attributed = Array<{ item: Item; encoding: RawEncoding }>;
  const attributions: Array<Promise<Attributed>> = [];
  let attributionBatch: Attributed = [];
  const flushAttribution = () => {
    const batch = attributionBatch;
    attributionBatch = [];
    const redo = async (addSpecialTokens: boolean) => {
      const group = batch.filter(
        (b) => !b.encoding.offsets && (b.item.rendered?.addSpecialTokens ?? true) === addSpecialTokens,
      );
      if (!group.length) return;
      const encodings = await pool.encode(
        group.map((g) => g.item.text),
        { offsets: true, addSpecialTokens },
      );
      group.forEach((g, i) => (g.encoding = encodings[i]!));
    };
    const done = Promise.all([redo(true), redo(false)]).then(() => batch);
    done.catch(() => {});
    attributions.push(done);
  };
  const applyAttribution = async () => {
    for (const { item, encoding } of await attributions.shift()!) {
      acc.observeUnknownStrings(
        locationOf(item.sample),
        unknownStrings(item.text, encoding.ids, encoding.offsets!, flags),
      );
    }
  };

  try {
    const optionsOf = (item: Item) =>
      item.rendered
        ? { offsets: true, addSpecialTokens: item.rendered.addSpecialTokens }
        : { offsets: false, addSpecialTokens: true };
    let count = 0;
    for await (const { item, encoding } of pool.encodeStream(source, (i) => i.text, optionsOf)) {
      count++;
      const where = locationOf(item.sample);
      const chat = item.rendered ? chatFacts(item, encoding, flags) : undefined;
      const roundtripDiff =
        encoding.roundTripAt === undefined || encoding.roundTripAt < 0 ? undefined : encoding.roundTripAt;
      acc.observe({
        where,
        text: item.text,
        ids: encoding.ids,
        inserted: encoding.inserted,
        offsets: encoding.offsets,
        chat,
        roundtripDiff,
      });
      if (hasUnknown(encoding.ids, flags)) {
        attributionBatch.push({ item, encoding });
        if (attributionBatch.length >= 64) flushAttribution();
        while (attributions.length > Math.max(2, o.workers)) await applyAttribution();
      }
      progress.update(
        sampled
          ? {
              done: count,
              total: sampled.size,
              unit: 'samples',
              samples: count,
              elapsedMs: Date.now() - started,
              label: 'tokenizing',
            }
          : {
              done: item.position,
              total: totalBytes,
              unit: 'bytes',
              samples: count,
              elapsedMs: Date.now() - started,
              label: 'report',
            },
      );
    }
    if (attributionBatch.length) flushAttribution();
    while (attributions.length) await applyAttribution();
  } finally {
    progress.clear();
    await pool.close();
  }
  if (acc.samples === 0) {
    const first = acc.rejected.examples[0];
    if (!first) throw new InputError(files.join(', '), 'no samples: the corpus is empty');
    // Nothing could be reviewed: that is the setup (shape, field, template), one error.
    throw new InputError(
      first.unit === 'row' ? `${first.file} row ${first.line}` : first.file,
      `${first.detail} (no record could be reviewed: ${acc.rejected.count.toLocaleString('en-US')} rejected)`,
      first.unit === 'row' ? undefined : first.line,
      'Choose the shape with --shape, the text field with --field, or the template with --chat-template.',
    );
  }
  const renderingLines = [...[...rendering].sort(), ...skipped];
  if (acc.chat && !o.chatTemplate) {
    const note = findBundled(tok.source.spec)?.templateNote;
    if (tok.source.kind === 'bundled' && note) renderingLines.push(note);
  }
  if (ignoredToolCalls)
    notes.push(
      `The chat template ignores tool_calls: ${ignoredToolCalls.toLocaleString('en-US')} assistant turn(s) with tool calls rendered without them (a trainer with this template never sees them); check --chat-template.`,
    );

  const rawMml = cfg.modelMaxLength;
  const partialContext: PartialContext = {
    maxLengthSource: o.maxLength !== undefined ? 'flag' : modelMaxLength !== null ? 'model_max_length' : null,
    modelMaxLength,
    modelMaxLengthRaw: rawMml,
    normalizer: anatomy.normalizer.summary === 'none' ? null : anatomy.normalizer.summary,
    notes,
    rendering: renderingLines,
    traits: { unkToken: tok.vocabulary.unkId !== undefined, byteFallback: tok.vocabulary.byteFallback },
    sampled,
  };
  const context: ReportContext = {
    tokenizer: {
      name: tok.name,
      spec: tok.source.spec,
      fingerprint: tok.fingerprint,
      engine: tok.engine.name,
      engineVersion: tok.engine.version,
    },
    maxLengthSource: partialContext.maxLengthSource,
    modelMaxLength,
    modelMaxLengthRaw: partialContext.modelMaxLengthRaw,
    coverage: o.coverage,
    sampled,
    notes,
    rendering: renderingLines,
    normalizer: partialContext.normalizer,
  };
  return { acc, context, partialContext };
}

/** The renderer of chat records: the tokenizer's template, one of its named ones, or a file. */
function chatRenderer(tok: LoadedTokenizer, o: RunOptions, io: Io): ChatRenderer {
  const choice = o.chatTemplate;
  const isFile =
    choice !== undefined &&
    (/\.(jinja2?|j2|txt)$/i.test(choice) || choice.includes('/') || fs.existsSync(path.resolve(io.cwd, choice)));
  try {
    if (isFile) {
      let source: string;
      try {
        source = fs.readFileSync(path.resolve(io.cwd, choice!), 'utf8');
      } catch (e) {
        throw fileError(choice!, e);
      }
      return ChatRenderer.forFiles(tok.files, { template: { source, origin: choice! }, addEos: o.addEos });
    }
    return ChatRenderer.forFiles(tok.files, { name: choice, addEos: o.addEos });
  } catch (e) {
    if (e instanceof ChatTemplateError) throw new UsageError(`--chat-template: ${e.message}`);
    throw e;
  }
}

/** How a record of this shape is turned into text, in one line (the report's first lines). */
function renderingOf(sample: Sample, renderer: ChatRenderer): string {
  const tools = sample.chat && 'tools' in sample.chat && sample.chat.tools !== undefined;
  const template = renderer.describe(Boolean(tools));
  const through = template
    ? `the chat template (${template})${tools ? " with the record's tools" : ''}`
    : 'no chat template';
  const eos = renderer.addEos
    ? ` + EOS (${renderer.eos}), as TRL appends it (--add-eos no: without)`
    : ' (no EOS appended: --add-eos no)';
  const chat = sample.chat;
  switch (sample.shape) {
    case 'text':
    case undefined:
      return "text: the text as it is, with the tokenizer's special tokens";
    case 'messages':
      return `messages: rendered through ${through}`;
    case 'sharegpt':
      return `sharegpt: conversations (from/value; human → user, gpt → assistant) rendered through ${through}`;
    case 'prompt-completion':
      return chat?.kind === 'prompt-completion'
        ? `prompt-completion: prompt + completion${eos}; the completion is the trained-on part`
        : `prompt-completion: prompt and completion messages rendered as one conversation through ${through}`;
    case 'alpaca':
      return renderer.hasTemplate
        ? `alpaca: instruction (+ input) as the user turn, output as the assistant turn, through ${through}`
        : `alpaca: the Stanford Alpaca prompt + output${eos}`;
    case 'preference':
      return chat?.kind === 'prompt-completion'
        ? `preference: each pair reviewed twice, prompt + chosen and prompt + rejected${eos}`
        : `preference: each pair reviewed twice, prompt + chosen and prompt + rejected messages, through ${through}`;
  }
}

function locationOf(s: Sample): Location {
  return s.unit === 'row' ? { file: s.file, line: s.line, unit: 'row' } : { file: s.file, line: s.line };
}

function hasUnknown(ids: ArrayLike<number>, flags: Uint8Array): boolean {
  for (let i = 0; i < ids.length; i++) if ((flags[ids[i]!] ?? 0) & (UNKNOWN | BYTE_FALLBACK)) return true;
  return false;
}

function chatFacts(item: Item, encoding: RawEncoding, flags: Uint8Array) {
  const rendered = item.rendered!;
  const offsets = encoding.offsets!;
  const mask = assistantMask(
    offsets,
    rendered.spans,
    (i) => ((flags[encoding.ids[i]!] ?? 0) & SPECIAL) !== 0,
    rendered.text,
  );
  const chat = item.sample.chat!;
  const messages: ChatMessage[] =
    chat.kind === 'messages'
      ? chat.messages
      : chat.kind === 'prompt-completion-messages'
        ? [...chat.prompt, ...chat.completion]
        : [{ role: 'assistant', content: chat.kind === 'alpaca' ? chat.output : chat.completion }];
  // A tool call is an answer: only an assistant turn with neither text nor tool calls is empty.
  const emptyAnswers = messages.filter(
    (m) =>
      m.role === 'assistant' &&
      m.content.trim() === '' &&
      !(Array.isArray(m.extra?.tool_calls) && m.extra.tool_calls.length),
  ).length;
  return { spans: rendered.spans, mask, emptyAnswers };
}

/** The progress bar on stderr: only in a terminal, at most ten redraws a second. */
class Progress {
  private last = 0;
  private shown = false;
  constructor(
    private readonly io: Io,
    private readonly enabled: boolean,
  ) {}

  update(state: Parameters<typeof formatProgress>[0]): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    this.shown = true;
    const width = (this.io.stderr as { columns?: number }).columns ?? 80;
    this.io.stderr.write(`\r${formatProgress(state, width)}\x1b[K`);
  }

  clear(): void {
    if (this.shown) this.io.stderr.write('\r\x1b[K');
  }
}

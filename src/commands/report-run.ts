// A report run over corpus files: read lazily, render chat records, stream them through the
// tokenizer pool into the accumulator (src/core/report), with bounded memory.

import fs from 'node:fs';
import path from 'node:path';
import type { Io } from '../io.js';
import { InputError } from '../errors.js';
import { findBundled } from '../tokenizers/bundled.js';
import { type LoadedTokenizer, engineCopyOfLoaded, lazyTokenizer } from '../tokenizers/load.js';
import { ChatTemplateTimeout, renderWithinBudget, sampleBudgetMs, templateTimeoutHint } from '../time-budget.js';
import { TokenizerPool } from '../tokenizers/pool.js';
import { setupOf } from '../core/anatomy.js';
import { keepYoungGenerationsSmall } from '../tokenizers/heap-bound.js';
import { tokenContent } from '../core/anatomy/config.js';
import { type CorpusFormat, type Sample, readSamples } from '../corpus/read-corpus.js';
import type { Shape } from '../corpus/records.js';
import { STDIN } from '../corpus/open-input.js';
import { expandInputs } from '../corpus/files.js';
import type { ChatRecord, RenderedChat } from '../core/chat/chat-record.js';
import { ChatTemplateError } from '../core/chat/templates.js';
import { ReportAccumulator } from '../core/report/accumulator.js';
import { tokenFlags } from '../core/report/token-flags.js';
import { unknownStrings } from '../core/report/attribution.js';
import type { ReportContext } from '../core/report/build.js';
import type { PartialContext } from '../core/report/partial.js';
import { Reservoir } from '../core/report/reservoir.js';
import type { EngineName, RawEncoding } from '../core/token-model.js';
import { Progress } from './progress.js';
import { plural, thousands } from '../core/quantities.js';
import { chatRendererFor } from '../tokenizers/chat-renderer.js';
import { chatFacts, hasUnknown, locationOf, renderingOf } from './report-samples.js';

// --- a run over corpus files -----------------------------------------------------------------

/** The rejection kind of a record on which the chat template ran past its budget. */
const TEMPLATE_TIMED_OUT = 'chat template ran too long';

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
export interface Item {
  sample: Sample;
  text: string;
  rendered?: RenderedChat;
  /** A preference pair's prompt alone: only its length is counted, tokenized so. */
  prompt?: { addSpecialTokens: boolean };
  /** Bytes of all input read when this item was read (progress). */
  position: number;
}

export async function runReport(inputs: string[], io: Io, o: RunOptions) {
  const skipped: string[] = [];
  const files = await expandInputs(inputs, io.cwd, (s) => skipped.push(`skipped ${s.file}: ${s.reason}`));
  keepYoungGenerationsSmall();
  // This thread reads the files (and builds the workers' shared table), never an engine unless --workers 0.
  const tok = lazyTokenizer(o.spec, o.engine, io.env);
  const opening = TokenizerPool.open(tok, {
    workers: o.workers,
    offsets: false,
    addSpecialTokens: true,
    roundTrip: true,
    keepYoungGenerationsSmall: true,
    // Only the output's header needs the fingerprint: hashed while the workers load, where this
    // thread would wait (after, a 200k vocabulary's 0.2-0.3 s delayed their first texts as much).
    // Then this thread has read what it needs of tokenizer.json: with a shared table, it keeps only that.
    whileStarting: () => {
      void tok.fingerprint;
      tok.releaseModel?.();
    },
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
  const anatomy = setupOf(tok.files);
  const cfg = anatomy.config;
  const modelMaxLength = cfg.modelMaxLengthUnset || cfg.modelMaxLength === null ? null : cfg.modelMaxLength;
  const maxLength = o.maxLength ?? modelMaxLength;
  const side = o.truncationSide ?? (cfg.truncationSide === 'left' ? 'left' : 'right');
  const eos = cfg.tokens.eos?.content ?? null;
  const flags = tokenFlags(tok.vocabulary, eos ? [eos] : []);
  const contentOf = (id: number) => tok.vocabulary.pieceOf(id);
  const acc = new ReportAccumulator(
    { maxLength, truncationSide: side },
    flags,
    contentOf,
    (id) => tok.vocabulary.describe(id, tok.vocabulary.pieceOf(id), 0, 0, false).text,
  );
  for (const f of files) acc.addFile(f);
  const renderer = chatRendererFor(tok.files, { choice: o.chatTemplate, cwd: io.cwd, addEos: o.addEos });
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
        if (!item) continue;
        yield item;
        if (sample.noSharedPrompt) acc.notePairWithoutPrompt(locationOf(sample));
        if (sample.prompt) {
          const prompt = promptOf(sample.prompt);
          if (prompt) yield { sample, text: prompt.text, prompt, position: item.position };
        }
      }
      before += sizes[i]!;
    }
  }
  // The pair rendered, its prompt renders too; should it not, its length is left out (the report says how many).
  const promptOf = (prompt: ChatRecord) => {
    try {
      return renderer.renderPrompt(prompt);
    } catch (e) {
      if (e instanceof ChatTemplateError) return undefined;
      throw e;
    }
  };
  let bosNoted = false;
  let ignoredToolCalls = 0;
  function prepare(sample: Sample, position: number): Item | undefined {
    if (sample.shape) rendering.add(renderingOf(sample, renderer));
    if (!sample.chat) return { sample, text: sample.text, position };
    let rendered: RenderedChat;
    try {
      // A template that loops for ever stops at the per-sample budget, as a template error of this record.
      rendered = renderWithinBudget(renderer, sample.chat!, io.env);
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
        acc.reject(
          locationOf(sample),
          e.message,
          e instanceof ChatTemplateTimeout ? TEMPLATE_TIMED_OUT : 'chat template failed',
        );
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
        unknownStrings(item.text, encoding.ids, encoding.offsets!, flags, contentOf),
      );
    }
  };

  try {
    const optionsOf = (item: Item) =>
      item.prompt
        ? { offsets: false, addSpecialTokens: item.prompt.addSpecialTokens }
        : item.rendered
          ? { offsets: true, addSpecialTokens: item.rendered.addSpecialTokens }
          : { offsets: false, addSpecialTokens: true };
    let count = 0;
    for await (const { items, encodings } of pool.encodeStream(source, (i) => i.text, optionsOf)) {
      for (let k = 0; k < items.length; k++) {
        const item = items[k]!;
        const encoding = encodings[k]!;
        if (item.prompt) {
          acc.observePrompt(encoding.ids.length);
          continue;
        }
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
          ...(item.sample.variant ? { variant: item.sample.variant } : {}),
        });
        if (hasUnknown(encoding.ids, flags)) {
          attributionBatch.push({ item, encoding });
          if (attributionBatch.length >= 64) flushAttribution();
          while (attributions.length > Math.max(2, o.workers)) await applyAttribution();
        }
      }
      // Once a batch: the position of its last sample.
      progress.update({
        ...(sampled
          ? { done: count, total: sampled.size, unit: 'samples', label: 'tokenizing' }
          : { done: items[items.length - 1]!.position, total: totalBytes, unit: 'bytes', label: 'report' }),
        samples: count,
        elapsedMs: Date.now() - started,
      });
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
      `${first.detail} (no record could be reviewed: ${thousands(acc.rejected.count)} rejected)`,
      first.unit === 'row' ? undefined : first.line,
      // Every record timed out in the template: the hint is about the template, not the shape.
      Object.keys(acc.rejectedReasons).join() === TEMPLATE_TIMED_OUT
        ? templateTimeoutHint(sampleBudgetMs(0, io.env))
        : 'Choose the shape with --shape, the text field with --field, or the template with --chat-template.',
    );
  }
  const renderingLines = [...[...rendering].sort(), ...skipped];
  if (acc.chat && !o.chatTemplate) {
    const note = findBundled(tok.source.spec)?.templateNote;
    if (tok.source.kind === 'bundled' && note) renderingLines.push(note);
  }
  if (ignoredToolCalls)
    notes.push(
      `The chat template ignores tool_calls: ${plural(ignoredToolCalls, 'assistant turn')} with tool calls rendered without them (a trainer with this template never sees them); check --chat-template.`,
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
  const copy = engineCopyOfLoaded(tok);
  const context: ReportContext = {
    tokenizer: {
      name: tok.name,
      spec: tok.source.spec,
      fingerprint: tok.fingerprint,
      engine: tok.engine.name,
      engineVersion: tok.engine.version,
      ...(copy !== undefined ? { engineCopy: copy } : {}),
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

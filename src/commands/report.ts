// `tokpeek report CORPUS…`: the pre-fine-tuning data review — lengths, truncation at
// max_length, unknown tokens, special-token and text hazards, chat assistant masks — in one
// screen, as JSON or Markdown, as a mergeable shard summary, and as a CI gate (--fail-on).
// Thin edge: reads inputs, streams them through the tokenizer pool into the accumulator
// (src/core/report), renders, writes files atomically.

import path from 'node:path';
import { jsonText } from '../render/json-text.js';
import { type Io, colorEnabled, printLine, terminalWidth } from '../io.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { DEFAULT_TOKENIZER } from '../tokenizers/bundled.js';
import { readJsonFile } from '../tokenizers/load.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { checkOutputPath } from '../contained-path.js';
import { defaultWorkers } from '../tokenizers/pool-options.js';
import { type Report, type ReportContext, buildReport } from '../core/report/build.js';
import {
  FailOnSyntaxError,
  FailOnUnavailableError,
  actualText,
  evaluateFailOn,
  parseFailOn,
} from '../core/report/fail-on.js';
import { PartialError, mergePartials, parsePartial, toPartial } from '../core/report/partial.js';
import { renderReportText } from '../render/report-text.js';
import { renderReportMarkdown } from '../render/report-markdown.js';
import { progressWanted } from './progress.js';
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
import { runReport } from './report-run.js';
import { plural } from '../core/quantities.js';

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
        progress: progressWanted(io, values['no-progress']),
        maxLineBytes: values['max-line-bytes'],
        shape: values.shape,
        records: values.records,
        chatTemplate: values['chat-template'],
        addEos: values['add-eos'],
        shard: values.shard,
      });
      if (values.partial) {
        const out = path.resolve(io.cwd, values.partial);
        writeFileAtomic(out, JSON.stringify(toPartial(run.acc, run.context.tokenizer, run.partialContext)) + '\n');
        printLine(
          io.stdout,
          `wrote ${values.partial}: ${plural(run.acc.samples, 'sample')}, ${plural(run.acc.lengths.sum, 'token')} (merge with: tokpeek report --merge ${values.partial} …)`,
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
        `tokpeek: report --fail-on: ${failed.map((f) => `${f.condition.source} (${actualText(f)})`).join(', ')}`,
      );
      return EXIT.failed;
    }
    return EXIT.ok;
  },
});

/** `I/N`: the I-th of N shares (1-based). */
function shardOf(value: string): { index: number; count: number } {
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

// `tokpeek` / `tokpeek browse [CORPUS...]`: the samples of a corpus under one or two tokenizers.
// In a terminal it opens the browse screen (src/ui/); without one (a pipe, CI) it prints the
// first samples non-interactively instead of waiting for keys that never come.

import fs from 'node:fs';
import { type Suite, configPathOf, readSuite } from '../snapshot/config-file.js';
import type { BrowsedTokenizer } from '../ui/browse/snapshot-baseline.js';
import { type Io, colorEnabled, interactive, printLine, terminalWidth } from '../io.js';
import type { ReadOptions } from '../corpus/read-corpus.js';
import type { ShownSample } from '../corpus/shown-samples.js';
import type { ChatRenderer } from '../core/chat/apply-template.js';
import { defaultCorpora } from '../corpus/bundled-corpora.js';
import { type LoadedTokenizer, loadTokenizer, readChatFiles, resolveSpec, tokenizeTexts } from '../tokenizers/load.js';
import { DEFAULT_TOKENIZER } from '../tokenizers/bundled.js';
import type { EngineName } from '../core/token-model.js';
import { InputError, UsageError, fileError } from '../errors.js';
import { thousands } from '../core/quantities.js';
import { defineCommand } from './definition.js';
import {
  CORPUS_OPTIONS,
  corpusReadOptions,
  TRUNCATION_OPTIONS,
  chatTemplateOption,
  configOption,
  enginesOption,
  limitOption,
  positiveInt,
  tokenizerOption,
  themeOption,
} from './option-groups.js';

const OVERVIEW_TOKENIZERS = ['llama3.1', 'mistral', 'wordpiece-en'];
/** How long piped browse goes on counting the samples it does not print. */
const COUNT_MS = 2000;

export const browse = defineCommand({
  name: 'browse',
  usage: ['[browse] [CORPUS...] [-t SPEC [-t SPEC2]] [options]'],
  description: `Shows corpus samples token by token. CORPUS files are read as \`tokpeek report\` reads them:
.txt (a sample per line), .jsonl, .json, .csv/.tsv, .parquet, compressed (.gz, .br, .zst,
.bz2), in every record shape; chat records (messages with tools, ShareGPT, prompt/completion,
Alpaca, preference pairs) are shown as the conversation their chat template renders.
Default: the bundled corpora.

In a terminal this opens the browse screen (? lists its keys): the sample list, the
token view with a token cursor, truncation at max_length, and with two tokenizers
(or two engines) both segmentations and where they differ. Without a terminal (a
pipe, CI) it prints the first samples instead, like \`tokpeek show\`.`,
  positionals: { name: 'CORPUS...', complete: 'file' },
  options: {
    tokenizer: {
      ...tokenizerOption,
      help: `tokenizer; twice to compare (default ${DEFAULT_TOKENIZER}, and without a terminal one of each family)`,
    },
    engine: enginesOption,
    ...CORPUS_OPTIONS,
    'chat-template': { ...chatTemplateOption, defaultHelp: "the first tokenizer's" },
    ...TRUNCATION_OPTIONS,
    line: {
      type: 'string',
      value: 'N',
      parse: positiveInt,
      help: 'start at line N (a row for Parquet) of the first CORPUS file, as `tokpeek report` findings name it',
    },
    limit: { ...limitOption, default: 12, help: 'samples printed without a terminal, 0 for all' },
    theme: themeOption,
    config: {
      ...configOption,
      help: 'snapshot suite whose snapshots mark drifted samples (Δ) in the screen (default ./tokpeek.config.json when present)',
      defaultHelp: undefined,
    },
  },
  run: async ({ values, positionals }, io) => {
    const startLine = values.line;
    const read = corpusReadOptions(values);
    const files = positionals.length ? positionals : defaultCorpora();
    const limit = values.limit || Number.POSITIVE_INFINITY;
    const maxLength = values['max-length'];
    const truncationSide = values['truncation-side'];
    // The suite names its tokenizers (as diff and check know them) and holds the drift markers' snapshots.
    const suite =
      values.config !== undefined || fs.existsSync(configPathOf(undefined, io.cwd))
        ? readSuite(values.config, io.cwd)
        : undefined;
    // Modules only some runs need are imported when needed: in a terminal, the tokenizers' workers
    // (what the first tokens wait for) start before the session's and the screen's modules load.
    const suiteSpec = suite && (await import('../snapshot/open-tokenizer.js')).resolveSuiteSpec;
    if (interactive(io)) {
      const tokenizers = screenTokenizers(
        values.tokenizer.length ? values.tokenizer : [DEFAULT_TOKENIZER],
        values.engine,
        suite,
        suiteSpec,
      );
      // Fail before the screen opens on what can be checked at once; the workers start loading
      // the tokenizers as soon as their specs are known to resolve (the first tokens wait for
      // them), and are stopped if a later check fails.
      for (const t of tokenizers) resolveSpec(t.spec, io.env);
      const screenWorkers = (await import('./browse-workers.js')).startScreenWorkers(tokenizers, io);
      let renderer: ChatRenderer;
      try {
        for (const file of files) checkCorpusFile(file);
        renderer = await chatRenderer(tokenizers[0]!.spec, values['chat-template'], io);
        if (startLine !== undefined) await lineExists(files, read, renderer, startLine);
      } catch (e) {
        await screenWorkers.close();
        throw e;
      }
      const { browseSession, snapshotBaselines } = await import('./browse-session.js');
      const options = {
        files,
        read,
        renderer,
        tokenizers,
        maxLength,
        truncationSide: truncationSide ?? 'right',
        startLine,
        theme: values.theme,
        baseline: snapshotBaselines(suite, io.cwd),
      } as const;
      const session = browseSession(options, io, screenWorkers);
      session.start();
      // React's development build (the default without NODE_ENV) re-renders several times slower.
      process.env.NODE_ENV ??= 'production';
      // The terminal is asked for its background while Ink loads (a silent terminal costs the wait).
      const { chooseTheme } = await import('../ui/theme-detect.js');
      const theme = chooseTheme(io, values.theme);
      const { browseScreen } = await import('../ui/browse/browse-screen.js');
      return browseScreen(session, options, io, theme);
    }
    const chosen = (values.tokenizer.length ? values.tokenizer : OVERVIEW_TOKENIZERS).flatMap((spec) =>
      (values.engine.length ? values.engine : [undefined]).map((engine) => inSuite(spec, engine, suite, suiteSpec)),
    );
    const renderer = await chatRenderer(chosen[0]!.spec, values['chat-template'], io);
    const { shownSamples } = await import('../corpus/shown-samples.js');
    const samples: ShownSample[] = [];
    const skipped: string[] = [];
    const onSkip = (s: ShownSample, why: string) =>
      skipped.push(`${s.unit === 'row' ? `${s.file} row ${s.line}` : `${s.file}:${s.line}`}: ${why}`);
    // Past --limit the rest are only counted (not tokenized), for "printed 12 of 194 samples";
    // a corpus too large to count in COUNT_MS says how far it got.
    let total = 0;
    let counting: number | undefined;
    let countedAll = true;
    for await (const s of shownSamples(files, read, { renderer, startLine, onSkip })) {
      if (startLine !== undefined && s.file === files[0] && s.line < startLine) continue;
      total++;
      if (samples.length < limit) samples.push(s);
      else if ((counting ??= Date.now()) + COUNT_MS < Date.now()) {
        countedAll = false;
        break;
      }
    }
    const color = colorEnabled(io);
    const width = terminalWidth(io);
    const loaded: LoadedTokenizer[] = [];
    for (const t of chosen) loaded.push(await loadTokenizer(t.spec, t.engine, io.env));
    // Rendered chats carry their own special tokens, as apply_chat_template's output does.
    const results = await Promise.all(
      loaded.map(async (t) => {
        const out = new Array<Awaited<ReturnType<typeof tokenizeTexts>>[number]>(samples.length);
        for (const add of [true, false]) {
          const at = samples.flatMap((s, i) => ((s.rendered?.addSpecialTokens ?? true) === add ? [i] : []));
          if (!at.length) continue;
          const got = await tokenizeTexts(
            t,
            at.map((i) => samples[i]!.text),
            { maxLength, truncationSide, addSpecialTokens: add },
          );
          at.forEach((i, k) => (out[i] = got[k]!));
        }
        return out;
      }),
    );
    // Records report would count as rejected are not shown: say so, never silently.
    if (skipped.length)
      printLine(
        io.stderr,
        `tokpeek: ${skipped.length} record(s) not shown (report counts them as rejected); the first: ${skipped[0]!}`,
      );
    const [{ styles }, { visible }, { renderTokens }] = await Promise.all([
      import('../render/sgr.js'),
      import('../core/visible.js'),
      import('../render/token-text.js'),
    ]);
    const { bold, dim } = styles(color);
    samples.forEach((sample, i) => {
      io.stdout.write(`${i > 0 ? '\n' : ''}${bold(visible(`${sample.file}:${sample.line}`, { whitespace: false }))}\n`);
      loaded.forEach((t, k) => {
        const name = chosen[k]!.suiteName ?? t.name;
        io.stdout.write(dim(visible(`${name} (${t.engine.name})`, { whitespace: false })) + '\n');
        io.stdout.write(renderTokens(results[k]![i]!, { color, width }) + '\n');
      });
    });
    if (samples.length < total || !countedAll)
      printLine(
        io.stderr,
        `tokpeek: printed ${thousands(samples.length)} of ${thousands(total)}${countedAll ? '' : '+'} samples${startLine !== undefined ? ` from line ${startLine}` : ''}; --limit N for more, --limit 0 for all`,
      );
    return 0;
  },
});

/** open-tokenizer.ts's resolveSuiteSpec, imported only when there is a suite. */
type SuiteSpec = (spec: string, dir: string) => string;

/**
 * A -t value: a suite tokenizer's name (its spec, from the suite's folder, and its engine unless
 * -e says otherwise), as diff takes it, or a spec.
 */
function inSuite(
  spec: string,
  engine: EngineName | undefined,
  suite: Suite | undefined,
  suiteSpec: SuiteSpec | undefined,
): BrowsedTokenizer {
  const configured = suite?.config.tokenizers.find((t) => t.name === spec);
  if (!configured) return { spec, engine: engine ?? 'js' };
  return {
    spec: suiteSpec!(configured.spec, suite!.dir),
    engine: engine ?? configured.engine,
    suiteName: configured.name,
  };
}

/** The screen shows one tokenizer, or compares two (two specs, or one spec under two engines). */
function screenTokenizers(
  specs: string[],
  engines: EngineName[],
  suite: Suite | undefined,
  suiteSpec: SuiteSpec | undefined,
): BrowsedTokenizer[] {
  const out = specs.flatMap((spec) =>
    (engines.length ? engines : [undefined]).map((engine) => inSuite(spec, engine, suite, suiteSpec)),
  );
  if (out.length > 2) {
    throw new UsageError(
      `the browse screen compares two tokenizations at most, and ${specs.length} tokenizer(s) × ${Math.max(1, engines.length)} engine(s) make ${out.length}`,
      'Give two -t, or one -t with two -e. `tokpeek show TEXT -t A -t B -t C` prints any number.',
    );
  }
  return out;
}

/** The renderer of chat records, from the first tokenizer's files (and --chat-template). */
async function chatRenderer(spec: string, choice: string | undefined, io: Io): Promise<ChatRenderer> {
  const { chatRendererFor } = await import('../tokenizers/chat-renderer.js');
  return chatRendererFor(readChatFiles(resolveSpec(spec, io.env).tokenizerPath), { choice, cwd: io.cwd });
}

/** `--line N` must name a record of the first file: past its end is an error, before the screen opens. */
async function lineExists(files: string[], read: ReadOptions, renderer: ChatRenderer, line: number): Promise<void> {
  const { shownSamples } = await import('../corpus/shown-samples.js');
  for await (const s of shownSamples(files.slice(0, 1), read, { renderer, startLine: line }))
    if (s.line >= line) return;
}

function checkCorpusFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw fileError(file, e);
  }
  if (stat.isDirectory()) throw new InputError(file, 'is a folder, not a corpus file');
}

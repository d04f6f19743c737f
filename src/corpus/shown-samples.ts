// The samples `browse` shows, read the way `report` reads them: every shape, chat records
// rendered through the tokenizer's chat template. A chat sample's text is the rendered
// conversation and it carries its RenderedChat (per-message role spans, assistant spans =
// trained-on), so the screen can show roles, mark the assistant tokens (core/chat/assistant-mask.ts `trainedTokens`) and
// the truncation point (core/truncation.ts on the tokens of that text). Records `report`
// would count as rejected are left out; `--line` aimed at one is an error naming why.

import { InputError } from '../errors.js';
import { renderWithinBudget } from '../time-budget.js';
import type { ChatRenderer } from '../core/chat/apply-template.js';
import type { RenderedChat } from '../core/chat/chat-record.js';
import { ChatTemplateError } from '../core/chat/templates.js';
import { keyedContent, sampleKey } from '../core/snapshot/sample-key.js';
import { type ReadOptions, type Sample, readSamples } from './read-corpus.js';

/** A sample as browse shows it. */
export interface ShownSample extends Sample {
  /** Chat records: the rendered conversation (`text` is `rendered.text`). Tokenize it with `rendered.addSpecialTokens`. */
  rendered?: RenderedChat;
  /** Chat records: the key a suite's snapshot gives the record (core/snapshot/sample-key.ts); others are keyed by their text. */
  snapshotKey?: string;
}

interface ShownOptions {
  /** Renders chat records; without one, samples are read as text only (the `text` field). */
  renderer?: ChatRenderer;
  /** The line (row) of the first file the user asked for: an error when the file ends before it or the record there cannot be shown. */
  startLine?: number;
  /** Hears of each record left out, and why. */
  onSkip?: (sample: Sample, why: string) => void;
}

export async function* shownSamples(
  files: string[],
  read: ReadOptions,
  options: ShownOptions = {},
): AsyncGenerator<ShownSample> {
  const { renderer, startLine } = options;
  let n = 0;
  for (const [k, file] of files.entries()) {
    let reached = startLine === undefined || k > 0;
    let lastLine = 0;
    for await (const sample of readSamples(file, { ...read, chat: renderer !== undefined, badRecords: 'count' })) {
      lastLine = sample.line;
      const target = !reached && sample.line >= startLine!;
      if (target) reached = true;
      let shown: ShownSample | undefined = sample;
      let why = sample.error?.message;
      if (!why && sample.chat && renderer) {
        try {
          // Stopped at the per-sample budget: a looping template skips this record, never freezes the screen.
          const rendered = renderWithinBudget(renderer, sample.chat);
          shown = { ...sample, text: rendered.text, rendered, snapshotKey: sampleKey(keyedContent(sample)) };
        } catch (e) {
          if (!(e instanceof ChatTemplateError)) throw e;
          why = e.message;
        }
      }
      if (why) {
        if (target && sample.line === startLine)
          throw new InputError(
            sample.unit === 'row' ? `${file} row ${sample.line}` : file,
            why,
            sample.unit === 'row' ? undefined : sample.line,
          );
        options.onSkip?.(sample, why);
        continue;
      }
      n++;
      yield shown!;
    }
    if (!reached)
      throw new InputError(
        file,
        `--line ${startLine} is past the end: the last record starts at ${lastLine ? `line ${lastLine}` : 'no line (empty file)'}`,
      );
  }
  if (n === 0) throw new InputError(files.join(', '), 'no samples: the corpus is empty');
}

// --fail-on parsing and evaluation, truncation counts equal to truncationOf on real
// tokenizations, the progress line, and terminal safety of the text report.
import { describe, expect, it } from 'vitest';
import { FailOnSyntaxError, evaluateFailOn, parseFailOn } from '../../src/core/report/fail-on.js';
import { ReportAccumulator } from '../../src/core/report/accumulator.js';
import { tokenFlags } from '../../src/core/report/token-flags.js';
import { buildReport, type ReportContext } from '../../src/core/report/build.js';
import { droppedRange, truncationOf } from '../../src/core/truncation.js';
import { loadTokenizer, tokenizeTexts } from '../../src/tokenizers/load.js';
import { realLines } from '../support/multilingual-corpus.js';
import { formatProgress } from '../../src/render/progress.js';
import { renderReportText } from '../../src/render/report-text.js';
import { renderReportMarkdown } from '../../src/render/report-markdown.js';

const context: ReportContext = {
  tokenizer: { name: 't', spec: 't', fingerprint: 'sha256:0', engine: 'js', engineVersion: '0' },
  maxLengthSource: 'flag',
  modelMaxLength: null,
  modelMaxLengthRaw: null,
  coverage: 0.99,
  sampled: null,
  notes: [],
  normalizer: null,
};

describe('--fail-on', () => {
  it('parses METRIC OP VALUE[%] and rejects the rest', () => {
    expect(parseFailOn('truncated>1%')).toMatchObject({ metric: 'truncated', op: '>', value: 1, percent: true });
    expect(parseFailOn(' unknown >= 0.1 % ')).toMatchObject({ metric: 'unknown', op: '>=', value: 0.1, percent: true });
    expect(parseFailOn('p99<=4096')).toMatchObject({ metric: 'p99', op: '<=', value: 4096, percent: false });
    for (const bad of ['truncated', 'truncated>', '>1%', 'truncated=>1', 'whales>1', 'p99>1%', 'flags>0%'])
      expect(() => parseFailOn(bad), bad).toThrow(FailOnSyntaxError);
  });

  it('compares rates with % and counts without', async () => {
    const tok = await loadTokenizer('gpt4o');
    const acc = new ReportAccumulator({ maxLength: 4, truncationSide: 'right' }, tokenFlags(tok.vocabulary, []));
    const texts = ['a b c d e f', 'a', 'b', 'c'];
    const encs = await tok.engine.encodeBatch(texts, true, { offsets: false });
    encs.forEach((e, i) =>
      acc.observe({ where: { file: 'f', line: i + 1 }, text: texts[i]!, ids: e.ids, inserted: e.inserted }),
    );
    const report = buildReport(acc, context, { unkToken: false, byteFallback: false });
    const results = evaluateFailOn(
      ['truncated>20%', 'truncated>=26%', 'truncated==1', 'tokens-lost>1', 'max==6', 'duplicates>0'].map(parseFailOn),
      report,
    );
    expect(results.map((r) => r.failed)).toEqual([true, false, true, true, true, false]);
    expect(results[0]!.actual).toBe(25);
  });
});

describe('truncation counts', () => {
  for (const spec of ['llama3.1', 'wordpiece-en', 'mistral']) {
    it(`droppedRange (inserted flags, as report counts) equals truncationOf (Token objects) (${spec}, both sides)`, async () => {
      const tok = await loadTokenizer(spec);
      const texts = realLines(300);
      const samples = await tokenizeTexts(tok, texts);
      for (const side of ['left', 'right'] as const) {
        for (const max of [1, 2, 5, 16, 64]) {
          for (const s of samples) {
            const t = truncationOf(s.tokens, max, side);
            const r = droppedRange(
              s.tokens.map((k) => k.inserted),
              max,
              side,
            );
            expect(r).toEqual(t ? [t.droppedFrom, t.droppedTo] : undefined);
          }
        }
      }
    });
  }
});

describe('rendering', () => {
  it('the progress line fits the width and says MB/s and ETA', () => {
    const line = formatProgress(
      { done: 5e6, total: 2e7, unit: 'bytes', samples: 1234, elapsedMs: 5000, label: 'report' },
      100,
    );
    expect(line.length).toBeLessThan(100);
    expect(line).toMatch(/25% .*\/s ETA 0:15 · 1,234 samples/);
  });

  it('escape sequences and invisibles in the data never reach the terminal raw', async () => {
    const tok = await loadTokenizer('wordpiece-en');
    const acc = new ReportAccumulator({ maxLength: 8, truncationSide: 'right' }, tokenFlags(tok.vocabulary, []), (id) =>
      tok.vocabulary.pieceOf(id),
    );
    const texts = ['evil \x1b[31mred\x1b[0m 🐋\x1b]0;title\x07', 'zero\u200bwidth 🐋'];
    const file = 'x\x1b[2Jy.txt';
    for (const [i, text] of texts.entries()) {
      const [e] = await tok.engine.encodeBatch([text], true, { offsets: true });
      acc.observe({ where: { file, line: i + 1 }, text, ids: e!.ids, inserted: e!.inserted, roundtripDiff: 0 });
      acc.observeUnknownStrings({ file, line: i + 1 }, [{ kind: 'unknown', text: '\x1b[31m🐋' }]);
    }
    const report = buildReport(acc, context, { unkToken: true, byteFallback: false });
    for (const out of [renderReportText(report, { color: false, width: 80 }), renderReportMarkdown(report)]) {
      expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u200b]/);
      expect(out).toContain('␛');
    }
    const colored = renderReportText(report, { color: true, width: 80 });
    // The only escapes are tokpeek's own SGR colours.
    expect(colored.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(/\x1b/);
  });
});

// Memory a bulk run holds on its main thread, checked without timing anything: once the pool's
// workers share the tokenizer's table, the main thread lets go of the parsed tokenizer.json
// (a 200k vocabulary and its merges: about 40 MB of its heap; see LoadedTokenizer.releaseModel),
// and its young generation stays small.
// A probe loaded into the real binary keeps weak references to the parsed file and, mid-stream,
// runs a full collection and says whether they are gone (test/support/retention-probe.mjs).
// Peak RSS on 1 GB is a benchmark (npm run bench -- report), not a test.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const PROBE = pathToFileURL(path.join(ROOT, 'test', 'support', 'retention-probe.mjs')).href;

let tmp: string;
let corpus: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-report-memory-'));
  corpus = path.join(tmp, 'data.jsonl');
  const lines = Array.from({ length: 3000 }, (_, i) =>
    JSON.stringify({ text: `Call me Ishmael, sample ${i}. Some years ago, never mind how long precisely.` }),
  );
  fs.writeFileSync(corpus, lines.join('\n') + '\n');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function probed(workers: string) {
  return runCli(['report', corpus, '-t', 'gpt4o', '--workers', workers, '--format', 'json'], {
    env: { NODE_OPTIONS: `--import ${PROBE}`, TOKPEEK_PROBE_AT: '1000' },
  });
}

describe('report: the main thread and the parsed tokenizer.json', () => {
  it('lets go of it once two workers share the table, with the same report', async () => {
    const [two, one] = await Promise.all([probed('2'), probed('1')]);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stderr).toContain('tokpeek-probe: tokenizer.json released');
    // Parsing tokenizer.json alone grows it to V8's 32 MiB (tokenizers/heap-bound.ts keepYoungGenerationsSmall).
    const young = Number(/young generation (\d+) MiB/.exec(two.stderr)?.[1]);
    expect(young).toBeLessThanOrEqual(8);
    // The probe sees a file that is kept: with one worker (no shared table) this thread keeps it.
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toMatch(/tokpeek-probe: tokenizer\.json retained \(object, vocab, merges\)/);
    const a = JSON.parse(two.stdout);
    const b = JSON.parse(one.stdout);
    expect(a.tokenizer.fingerprint).toMatch(/^sha256:/);
    expect(a).toEqual(b);
  });
});

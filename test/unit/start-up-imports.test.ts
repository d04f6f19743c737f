// What `tokpeek` (browse) loads on its main thread before the tokenizer's workers start: the first
// tokens wait for those workers, so nothing the screen can do without belongs on that path. Read
// from the static import graph (dynamic import() is what keeps a module off it).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from '../support/import-graph.js';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Modules and packages a module's static imports (not type-only, not import()) reach. */
function staticClosure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of importsOf(file)) {
      if (i.typeOnly || i.kind === 'dynamic' || i.kind === 'type') continue;
      if (!i.specifier.startsWith('.')) {
        if (!i.specifier.startsWith('node:')) seen.add(i.specifier);
        continue;
      }
      const target = path.resolve(path.dirname(file), i.specifier).replace(/\.js$/, '');
      visit(fs.existsSync(`${target}.tsx`) ? `${target}.tsx` : `${target}.ts`);
    }
  };
  for (const e of entries) visit(path.join(SRC, e));
  return seen;
}

describe('browse start-up: what the main thread loads before the workers start', () => {
  const before = staticClosure(['cli.ts', 'commands/browse.ts', 'commands/browse-workers.ts']);

  it('reaches the module that starts the workers', () => {
    expect(before.has(path.join(SRC, 'tokenizers/pool.ts'))).toBe(true);
  });

  it('does not load the js engine or its library (the workers load them; 67 modules were 51 without)', () => {
    expect(
      [...before].filter((m) => m === '@huggingface/tokenizers' || m.startsWith(path.join(SRC, 'engines/js'))),
    ).toEqual([]);
  });

  it('does not load the screen (Ink, React): it loads while the workers do', () => {
    expect(
      [...before].filter((m) => /^(ink|react)(\/|$)/.test(m) || m.includes(`${path.sep}ui${path.sep}browse`)),
    ).toEqual([]);
  });
});

describe("a pool worker's start-up: what it loads before it loads the tokenizer", () => {
  const worker = staticClosure(['tokenizers/pool-worker.ts']);

  it('loads the tokenizer loader and the js engine', () => {
    expect(worker.has(path.join(SRC, 'tokenizers/load.ts'))).toBe(true);
  });

  it("does not load check's block verifier nor the diff package (imported on check's first block)", () => {
    expect(
      [...worker].filter((m) => m === 'diff' || m.includes('block-verifier') || m.includes('block-match')),
    ).toEqual([]);
  });
});

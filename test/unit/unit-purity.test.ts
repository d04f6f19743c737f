// The unit tier stays pure and fast: no process spawned, no real tokenizer loaded. Statically,
// no unit test reaches (through test/ helpers) a spawning module; at run time the tier's setup
// (test/support/unit-tier-guard.ts) refuses spawns and reads of real tokenizer files.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, sourceFiles } from '../support/import-graph.js';
import { ROOT } from '../support/paths.js';

const TEST = path.join(ROOT, 'test');
/** Modules a unit test must not reach: they spawn processes or pseudo-terminals. */
const SPAWNING = new Set(['node:child_process', 'child_process', '@lydell/node-pty', 'node-pty']);
const SPAWNING_HELPERS = new Set(['support/run-cli.ts', 'support/pty.ts'].map((f) => path.join(TEST, f)));

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    base.replace(/\.mjs$/, '.mts'),
  ])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return undefined;
}

/** What a unit test reaches through test/ (src is checked by the layering test and the guard). */
function reached(file: string, seen = new Map<string, string[]>(), chain: string[] = []): Map<string, string[]> {
  if (seen.has(file)) return seen;
  seen.set(file, chain);
  if (!/\.(ts|tsx|mts)$/.test(file)) return seen;
  for (const { specifier, typeOnly } of importsOf(file)) {
    if (typeOnly) continue;
    if (SPAWNING.has(specifier)) seen.set(specifier, [...chain, path.relative(ROOT, file)]);
    if (!specifier.startsWith('.')) continue;
    const target = resolveLocal(file, specifier);
    if (target?.startsWith(TEST + path.sep)) reached(target, seen, [...chain, path.relative(ROOT, file)]);
  }
  return seen;
}

describe('unit tier purity', () => {
  it('no unit test imports, directly or through test helpers, a module that spawns', () => {
    const found: string[] = [];
    // This file imports child_process only to show that the guard refuses it.
    for (const file of sourceFiles(path.join(TEST, 'unit')).filter((f) => f !== import.meta.filename)) {
      for (const [module, chain] of reached(file))
        if (SPAWNING.has(module) || SPAWNING_HELPERS.has(module))
          found.push(`${[...chain, path.relative(ROOT, module)].join(' → ')}`);
    }
    expect(found).toEqual([]);
  });

  it('the guard refuses spawning a process', () => {
    expect(() => spawn(process.execPath, ['-e', '0'])).toThrow(/spawns no process \(child_process\.spawn\)/);
    expect(() => execFileSync(process.execPath, ['-e', '0'])).toThrow(/child_process\.execFileSync/);
  });

  it('the guard refuses reading a real tokenizer, and lets fixtures through', async () => {
    const real = path.join(ROOT, 'src', 'bundled', 'gpt4o', 'tokenizer.json');
    expect(() => fs.readFileSync(real)).toThrow(/reads only fixture tokenizers/);
    await expect(fs.promises.readFile(real)).rejects.toThrow(/reads only fixture tokenizers/);
    expect(() => fs.createReadStream(real)).toThrow(/reads only fixture tokenizers/);
    const fixture = path.join(ROOT, 'test', 'fixtures', 'tokenizers', 'wordpiece', 'tokenizer.json');
    expect(JSON.parse(fs.readFileSync(fixture, 'utf8')).model.type).toBe('WordPiece');
  });
});

// The layers of src, read from the import graph (the TypeScript parser, not a regex): every
// relative import of every module is checked against one table of allowed directions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, sourceFiles } from '../support/import-graph.js';

const SRC = path.resolve(import.meta.dirname, '../../src');

/**
 * What each layer may import (besides itself). A layer is a folder of src, or a module at its top.
 * `types` lists layers whose types (only) may be named: a screen shows a corpus sample, but
 * never reads a corpus, loads a tokenizer, opens a worker pool or touches the snapshot files.
 */
const LAYERS: Record<string, { imports: string[]; types?: string[] }> = {
  core: { imports: [] },
  render: { imports: ['core'] },
  'errors.ts': { imports: [] },
  'package-info.ts': { imports: [] },
  'ci-policy.ts': { imports: ['errors.ts'] },
  'contained-path.ts': { imports: ['errors.ts'] },
  'write-file-atomic.ts': { imports: ['errors.ts', 'contained-path.ts'] },
  'decode-utf8.ts': { imports: ['errors.ts', 'core'] },
  'time-budget.ts': { imports: ['core', 'errors.ts'] },
  'io.ts': { imports: ['core', 'errors.ts', 'ci-policy.ts'] },
  gguf: { imports: ['core', 'errors.ts'] },
  engines: { imports: ['core', 'errors.ts', 'package-info.ts'] },
  // time-budget: chat templates are rendered under the per-sample budget as records are read.
  corpus: {
    imports: ['core', 'errors.ts', 'contained-path.ts', 'package-info.ts', 'decode-utf8.ts', 'time-budget.ts'],
  },
  tokenizers: {
    imports: [
      'core',
      'engines',
      'gguf',
      'errors.ts',
      'contained-path.ts',
      'package-info.ts',
      'time-budget.ts',
      'decode-utf8.ts',
    ],
  },
  snapshot: {
    imports: [
      'core',
      'corpus',
      'gguf',
      'tokenizers',
      'errors.ts',
      'contained-path.ts',
      'package-info.ts',
      'write-file-atomic.ts',
    ],
  },
  ui: {
    imports: ['core', 'render', 'io.ts', 'time-budget.ts', 'errors.ts'],
    types: ['corpus', 'tokenizers', 'engines', 'snapshot'],
  },
  commands: {
    imports: [
      'core',
      'render',
      'ui',
      'gguf',
      'engines',
      'corpus',
      'tokenizers',
      'snapshot',
      'cli.ts',
      'errors.ts',
      'io.ts',
      'ci-policy.ts',
      'contained-path.ts',
      'package-info.ts',
      'time-budget.ts',
      'write-file-atomic.ts',
      'decode-utf8.ts',
    ],
  },
  'cli.ts': { imports: ['commands', 'core', 'errors.ts', 'io.ts', 'package-info.ts'] },
};

/** Folders of src that are data, not modules. */
const NOT_CODE = new Set(['bundled', 'schemas']);

/** The layer of a module (an import's `.js` names its `.ts`/`.tsx` source). */
function layerOf(file: string): string {
  const top = path.relative(SRC, file).split(path.sep)[0]!;
  return top.replace(/\.js$/, fs.existsSync(path.join(SRC, top.replace(/\.js$/, '.tsx'))) ? '.tsx' : '.ts');
}

describe('layering of src (one table of allowed directions)', () => {
  const files = sourceFiles(SRC, (p) => !NOT_CODE.has(path.relative(SRC, p)));

  it('every module belongs to a layer of the table', () => {
    const unknown = [...new Set(files.map(layerOf))].filter((l) => !(l in LAYERS));
    expect(unknown, 'add the new folder or module to LAYERS').toEqual([]);
  });

  it('no module imports against the table', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      const rule = LAYERS[from]!;
      for (const { specifier, typeOnly } of importsOf(file)) {
        if (!specifier.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), specifier);
        const to = layerOf(target);
        if (to === from) continue;
        if (rule.imports.includes(to) || (typeOnly && rule.types?.includes(to))) continue;
        violations.push(
          `${path.relative(SRC, file)} imports ${specifier} (${from} → ${to}${typeOnly ? ', types' : ''})`,
        );
      }
    }
    expect(violations).toEqual([]);
  });

  it('no module imports one module in two declarations (one import, `type` marking the type-only names)', () => {
    const twice: string[] = [];
    for (const file of [...files, ...sourceFiles(path.join(SRC, '..', 'test'), (p) => !p.includes('fixtures'))]) {
      const seen = new Set<string>();
      for (const { specifier, kind } of importsOf(file)) {
        if (kind !== 'import') continue;
        if (seen.has(specifier)) twice.push(`${path.relative(path.join(SRC, '..'), file)}: ${specifier}`);
        seen.add(specifier);
      }
    }
    expect(twice).toEqual([]);
  });

  it('the checker sees what it must: static, type-only, re-exported and dynamic imports', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-layering-'));
    try {
      const file = path.join(dir, 'probe.ts');
      fs.writeFileSync(
        file,
        [
          "import { a } from './a.js';",
          "import type { B } from './b.js';",
          "import { type C } from './c.js';",
          "export { d } from './d.js';",
          "type E = import('./e.js').E;",
          "const f = () => import('./f.js');",
        ].join('\n'),
      );
      expect(importsOf(file)).toEqual([
        { specifier: './a.js', typeOnly: false, kind: 'import' },
        { specifier: './b.js', typeOnly: true, kind: 'import' },
        { specifier: './c.js', typeOnly: true, kind: 'import' },
        { specifier: './d.js', typeOnly: false, kind: 'export' },
        { specifier: './e.js', typeOnly: true, kind: 'type' },
        { specifier: './f.js', typeOnly: false, kind: 'dynamic' },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

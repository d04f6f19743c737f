// What `npm run build` bundles (test/tools/bundle-dist.mjs): the screens' libraries in
// dist/vendor/ (one copy of React for Ink and the screens, a few files where Node would load some
// 600 one by one before the first frame), and the command line in dist/bundle/, which bin runs.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = path.resolve(import.meta.dirname, '../../dist');
const BUNDLED = ['ink', 'react', 'react/jsx-runtime', 'string-width', 'diff'];
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*)(['"])([^'"]+)\1/g;

/** Every module specifier of every compiled tokpeek module (not the bundles), with its file. */
function distImports(): Array<{ file: string; spec: string }> {
  const out: Array<{ file: string; spec: string }> = [];
  for (const file of fs.readdirSync(DIST, { recursive: true }) as string[]) {
    if (!file.endsWith('.js') || file.startsWith('vendor')) continue;
    for (const m of fs.readFileSync(path.join(DIST, file), 'utf8').matchAll(IMPORT)) out.push({ file, spec: m[2]! });
  }
  return out;
}

describe('dist/vendor and dist/bundle: what the main thread loads, bundled', () => {
  const imports = distImports();

  it('no compiled module imports a bundled package from node_modules', () => {
    expect(imports.filter((i) => BUNDLED.includes(i.spec))).toEqual([]);
  });

  it('the screens import Ink and React from the bundles, which exist', () => {
    const vendor = imports.filter((i) => i.spec.includes('vendor/'));
    expect(vendor.some((i) => i.spec.endsWith('vendor/ink.js'))).toBe(true);
    expect(vendor.some((i) => i.spec.endsWith('vendor/react.js'))).toBe(true);
    for (const i of vendor) expect(fs.existsSync(path.resolve(DIST, path.dirname(i.file), i.spec))).toBe(true);
  });

  it("the command line's bundle loads no module of tokpeek's from outside it but the vendor bundles", () => {
    const outside = imports.filter(
      (i) => i.file.startsWith('bundle') && i.spec.startsWith('..') && !i.spec.startsWith('../vendor/'),
    );
    expect(imports.filter((i) => i.file.startsWith('bundle')).length).toBeGreaterThan(0);
    expect(outside).toEqual([]);
    expect(fs.readFileSync(path.resolve(DIST, '../bin/tokpeek.js'), 'utf8')).toContain(
      "import('../dist/bundle/cli.js')",
    );
    expect(fs.existsSync(path.join(DIST, 'bundle', 'pool-worker.js'))).toBe(true);
  });
});

// Part of `npm run build`, run on tsc's fresh output: what the main thread loads comes in a few
// files instead of some 750. Node resolves, reads (through the one libuv thread pool) and compiles
// each ESM file on its own, and the browse screen's main thread does that while its worker parses
// the tokenizer on the other core (see docs/architecture.md):
//  - dist/bundle/: the command line (dist/cli.js and everything it imports, commands as chunks
//    loaded when used), which bin/tokpeek.js runs, and the tokenizer pool's worker
//    (pool-worker.js, whose start the screen's first tokens wait for: ~50 modules). The
//    decompression worker still runs tsc's module.
//  - dist/vendor/: the screens' libraries (Ink with its ~600 files, 415 of them es-toolkit's,
//    React, string-width, diff), with code splitting so that Ink and the screens share one React;
//    every compiled module's imports of them point there.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.join(ROOT, 'dist');
const BUNDLE = path.join(DIST, 'bundle');
const VENDOR = path.join(DIST, 'vendor');
const COMMON = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
};

// The command line. Packages stay imports (the vendor step below points the screens' at dist/vendor).
fs.rmSync(BUNDLE, { recursive: true, force: true });
// Built apart: a worker thread shares no module with the main thread, and its own start-up loads
// one file instead of the ~30 chunks it would share with the command line.
// Linked source maps, chained through tsc's: `--debug` (bin/tokpeek.js) turns them on, so a checkout's stack
// traces name src/*.ts lines. The package ships no maps (package.json `files`): there, traces name the bundle's
// readable (not minified) lines.
for (const entry of ['cli.js', 'tokenizers/pool-worker.js', 'snapshot/snapshot-scan-worker.js'])
  await build({
    ...COMMON,
    entryPoints: [path.join(DIST, entry)],
    outdir: BUNDLE,
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
  });

/** Package specifier → the bundle's entry name (dist/vendor/NAME.js); React's are CommonJS. */
const PACKAGES = {
  ink: 'ink',
  react: 'react',
  'react/jsx-runtime': 'react-jsx-runtime',
  'string-width': 'string-width',
  diff: 'diff',
};
const COMMONJS = new Set(['react', 'react/jsx-runtime']);

/** An entry that re-exports every name of `spec`: a CommonJS module's names are listed (esbuild cannot re-export them with `export *`). */
async function entrySource(spec) {
  const ns = await import(spec);
  const names = Object.keys(ns).filter(
    (n) => n !== 'default' && n !== 'module.exports' && /^[A-Za-z_$][\w$]*$/.test(n),
  );
  if (!COMMONJS.has(spec))
    return `export * from '${spec}';\n${'default' in ns ? `export { default } from '${spec}';\n` : ''}`;
  return `import m from '${spec}';\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`;
}

fs.rmSync(VENDOR, { recursive: true, force: true });
const entries = path.join(VENDOR, '.entries');
fs.mkdirSync(entries, { recursive: true });
const entryPoints = {};
for (const [spec, name] of Object.entries(PACKAGES)) {
  const file = path.join(entries, `${name}.mjs`);
  fs.writeFileSync(file, await entrySource(spec));
  entryPoints[name] = file;
}
await build({
  ...COMMON,
  entryPoints,
  outdir: VENDOR,
  nodePaths: [path.join(ROOT, 'node_modules')],
  // Ink imports it only under DEV=true (React DevTools), which tokpeek never sets.
  external: ['react-devtools-core'],
  // Bundled CommonJS modules call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __tokpeekRequire } from 'node:module';\nconst require = __tokpeekRequire(import.meta.url);",
  },
});
fs.rmSync(entries, { recursive: true, force: true });

// The compiled modules' imports of these packages → the vendor bundles.
const IMPORT = /(\bfrom\s*|\bimport\s*\(\s*)(['"])([^'"]+)\2/g;
for (const file of fs.readdirSync(DIST, { recursive: true })) {
  if (!file.endsWith('.js') || file.startsWith('vendor')) continue;
  const full = path.join(DIST, file);
  const text = fs.readFileSync(full, 'utf8');
  const out = text.replace(IMPORT, (all, head, quote, spec) => {
    const name = PACKAGES[spec];
    if (!name) return all;
    const rel = path
      .relative(path.dirname(full), path.join(VENDOR, `${name}.js`))
      .split(path.sep)
      .join('/');
    return `${head}${quote}${rel.startsWith('.') ? rel : `./${rel}`}${quote}`;
  });
  if (out !== text) fs.writeFileSync(full, out);
}

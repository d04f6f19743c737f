#!/usr/bin/env node
// Thin launcher: all behaviour, including exit codes, lives in src/cli.ts; it runs the bundled
// build of it (dist/bundle/, made by `npm run build`: see test/tools/bundle-dist.mjs).
// Before the bundle loads: Node reads the source maps of modules loaded after this only.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
let cli;
try {
  cli = await import('../dist/bundle/cli.js');
} catch (e) {
  // Only a checkout can lack dist/ (the package ships it): say how to build, not a stack trace.
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist/bundle/cli.js')) throw e;
  process.stderr.write('tokpeek: dist/ is not built in this checkout; run `npm run build` (or `npm start`) first\n');
  process.exit(2);
}
cli.main(process.argv.slice(2));

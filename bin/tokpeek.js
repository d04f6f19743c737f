#!/usr/bin/env node
// Thin launcher: all behaviour, including exit codes, lives in src/cli.ts.
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (e) {
  // Only a checkout can lack dist/ (the package ships it): say how to build, not a stack trace.
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist/cli.js')) throw e;
  process.stderr.write('tokpeek: dist/ is not built in this checkout; run `npm run build` (or `npm start`) first\n');
  process.exit(2);
}
cli.main(process.argv.slice(2));

// `npm run bench`: runs every test/bench/*.bench.mjs in turn (each prints its own table,
// with ratios against the bare engines measured in the same run); `npm run bench -- NAME...`
// runs those whose file name contains a NAME.

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
// Benches that take longer than a few minutes run only when named (`npm run bench -- check-1gb`).
const NAMED_ONLY = ['check-1gb'];
const benches = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort()
  .filter((f) => (only.length === 0 ? !NAMED_ONLY.some((n) => f.startsWith(n)) : only.some((o) => f.includes(o))));
let failed = 0;
for (const bench of benches) {
  console.log(`\n## ${bench.replace('.bench.mjs', '')}\n`);
  const r = spawnSync(process.execPath, [path.join(here, bench)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;

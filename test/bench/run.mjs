// `npm run bench`: runs every test/bench/*.bench.mjs in turn (each prints its own table,
// with ratios against the bare engines measured in the same run).

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
let failed = 0;
for (const bench of benches) {
  console.log(`\n## ${bench.replace('.bench.mjs', '')}\n`);
  const r = spawnSync(process.execPath, [path.join(here, bench)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;

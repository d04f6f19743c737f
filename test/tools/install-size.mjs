#!/usr/bin/env node
// `npm run size`: what an install weighs. The checkout's node_modules (what `npm ci` made here,
// dev tools included) and a global install of the packed package, as a user gets it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GLOBAL_INSTALL_BUDGET, MB, ROOT, diskUsage, installGlobal, pack } from '../support/packed-install.mjs';

// Issue #9: "well under half" of the 1.1 GB a checkout weighed before the lean install.
const CHECKOUT_BUDGET = 475 * MB;
const mb = (bytes) => `${(bytes / MB).toFixed(1)} MB`;

function largest(nodeModules, n) {
  const sizes = [];
  for (const entry of fs.readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@')
      ? fs.readdirSync(path.join(nodeModules, entry)).map((e) => `${entry}/${e}`)
      : [entry];
    for (const name of dirs) sizes.push([name, diskUsage(path.join(nodeModules, name))]);
  }
  return sizes.sort((a, b) => b[1] - a[1]).slice(0, n);
}

const nodeModules = path.join(ROOT, 'node_modules');
const checkout = diskUsage(nodeModules);
console.log(
  `checkout node_modules      ${mb(checkout)}  (budget ${mb(CHECKOUT_BUDGET)}; dev tools and test engines included)`,
);
for (const [name, size] of largest(nodeModules, 8)) console.log(`  ${name.padEnd(28)} ${mb(size)}`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-size-'));
try {
  const { tarball, summary } = pack(tmp);
  console.log(
    `packed tarball             ${mb(summary.size)}  (${summary.entryCount} files, ${mb(summary.unpackedSize)} unpacked)`,
  );
  const prefix = path.join(tmp, 'prefix');
  const { packageDir } = installGlobal(tarball, prefix);
  const global = diskUsage(prefix);
  console.log(`global install (npm i -g)  ${mb(global)}  (budget ${mb(GLOBAL_INSTALL_BUDGET)})`);
  for (const [name, size] of largest(path.join(packageDir, 'node_modules'), 5))
    console.log(`  ${name.padEnd(28)} ${mb(size)}`);
  const over = [checkout > CHECKOUT_BUDGET && 'checkout', global > GLOBAL_INSTALL_BUDGET && 'global install'].filter(
    Boolean,
  );
  if (over.length > 0) {
    console.error(`over budget: ${over.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

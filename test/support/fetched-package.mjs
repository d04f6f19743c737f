// Packages that one test or benchmark needs and nothing else does (an older engine release, a
// benchmark's yardstick), fetched from the npm registry on first use instead of weighing on
// every checkout's `npm install`. Exact versions only; each is installed once per machine into
// the OS temp folder (outside the checkout and its node_modules) and reused while its installed
// version matches. npm checks the registry's integrity hashes as for any install.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, npmEnv } from './packed-install.mjs';

const CACHE = path.join(os.tmpdir(), 'tokpeek-fetched');

const versionIn = (dir) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
};

/**
 * The folder of `name@version` installed from the registry (with `dependencies` beside it, and
 * `overrides` as in package.json, `file:` paths relative to the checkout). Install scripts stay off.
 */
export function fetchedPackage(name, version, { dependencies = {}, overrides = {} } = {}) {
  const absolute = Object.fromEntries(
    Object.entries(overrides).map(([k, v]) => [
      k,
      v.startsWith('file:') ? `file:${path.resolve(ROOT, v.slice(5))}` : v,
    ]),
  );
  // `file:` overrides link into this checkout: each checkout (and each set of extras) has its own copy.
  const key = createHash('sha256')
    .update(JSON.stringify([ROOT, dependencies, absolute]))
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(CACHE, `${name.replace('/', '+')}@${version}-${key}`);
  const installed = path.join(dir, 'node_modules', name);
  if (versionIn(installed) === version) return installed;
  fs.mkdirSync(CACHE, { recursive: true });
  // Installed beside its final place and renamed into it: a parallel run sees all or nothing.
  const staging = fs.mkdtempSync(`${dir}.staging-`);
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    JSON.stringify({ private: true, dependencies: { [name]: version, ...dependencies }, overrides: absolute }),
  );
  try {
    execFileSync('npm', ['install', '--ignore-scripts', '--no-package-lock'], {
      cwd: staging,
      env: npmEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (versionIn(installed) === version) fs.rmSync(staging, { recursive: true, force: true });
    else {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(staging, dir);
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (versionIn(installed) === version) return installed;
    throw new Error(`could not fetch ${name}@${version} from the npm registry: ${e.stderr ?? e.message}`);
  }
  return installed;
}

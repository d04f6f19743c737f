// The package as users get it: `npm pack`, then `npm install -g` of the tarball into a
// temporary prefix. Shared by the pack-install-run test and `npm run size`.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Environment for npm: no update notices, no audit, the local cache first (the registry when it misses). */
export function npmEnv() {
  return {
    ...process.env,
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_prefer_offline: 'true',
    npm_config_loglevel: 'error',
  };
}

/** Packs the checkout (dist/ must be built: `npm test` builds it first) into `dir`; returns the tarball and npm's summary. */
export function pack(dir) {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/ is not built: run `npm run build`');
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: ROOT,
    env: npmEnv(),
    encoding: 'utf8',
  });
  const [summary] = JSON.parse(out);
  return { tarball: path.join(dir, summary.filename), summary };
}

/** `npm install -g TARBALL` into `prefix`; returns the installed `tokpeek` binary and package folder. */
export function installGlobal(tarball, prefix) {
  execFileSync('npm', ['install', '--global', '--prefix', prefix, tarball], {
    env: npmEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const bin = process.platform === 'win32' ? path.join(prefix, 'tokpeek.cmd') : path.join(prefix, 'bin', 'tokpeek');
  const lib =
    process.platform === 'win32' ? path.join(prefix, 'node_modules') : path.join(prefix, 'lib', 'node_modules');
  return { bin, packageDir: path.join(lib, 'tokpeek') };
}

/** `npm install TARBALL` in a project folder (made, with a package.json, if new); returns its `node_modules/.bin/tokpeek`. */
export function installLocal(tarball, project) {
  fs.mkdirSync(project, { recursive: true });
  const manifest = path.join(project, 'package.json');
  if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, `${JSON.stringify({ name: 'project', private: true })}\n`);
  execFileSync('npm', ['install', '--save-dev', tarball], {
    cwd: project,
    env: npmEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return path.join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'tokpeek.cmd' : 'tokpeek');
}

/** Disk usage of a folder as `du` counts it (allocated blocks; symlinks not followed, a hard-linked file once). */
export function diskUsage(dir) {
  let total = 0;
  const stack = [dir];
  const linked = new Set();
  while (stack.length > 0) {
    const d = stack.pop();
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      const st = fs.lstatSync(full);
      if (st.nlink > 1 && !st.isDirectory()) {
        if (linked.has(st.ino)) continue;
        linked.add(st.ino);
      }
      total += st.blocks * 512;
      if (entry.isDirectory()) stack.push(full);
    }
  }
  return total;
}

export const MB = 1e6;
/** The budget for a global install of the packed package (issue #9). */
export const GLOBAL_INSTALL_BUDGET = 150 * MB;

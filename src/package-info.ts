// Where installed packages live and which version they are. Some packages' `exports`
// hide package.json from require.resolve, so walk Node's resolution paths instead.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * tokpeek's own folder: the nearest one above this module holding a package.json (the module
 * runs from src/ in tests, dist/ in workers, and from a chunk of dist/bundle/ on the main thread).
 */
export const PACKAGE_ROOT = packageRootAbove(path.dirname(fileURLToPath(import.meta.url)));

function packageRootAbove(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return path.dirname(dir);
  }
}

export function packageDir(name: string): string | undefined {
  for (const dir of require.resolve.paths(name) ?? []) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
  }
  return undefined;
}

export function packageVersion(name: string): string {
  const dir = name === 'tokpeek' ? PACKAGE_ROOT : packageDir(name);
  if (!dir) return 'unknown';
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version ?? 'unknown';
}

/**
 * The version reports give for an engine's package. node-llama-cpp carries a llama.cpp build:
 * the runtime that tokenizes is that llama.cpp release, named first (`v0.4.0 (node-llama-cpp
 * 3.21.1)`), read from the package without loading its binary.
 */
export function engineVersion(pkg: string): string {
  const version = packageVersion(pkg);
  const dir = pkg === 'node-llama-cpp' ? packageDir(pkg) : undefined;
  if (!dir) return version;
  try {
    const { release } = JSON.parse(fs.readFileSync(path.join(dir, 'llama', 'binariesGithubRelease.json'), 'utf8'));
    return typeof release === 'string' ? `${release} (node-llama-cpp ${version})` : version;
  } catch {
    return version;
  }
}

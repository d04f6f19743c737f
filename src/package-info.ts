// Where installed packages live and which version they are. Some packages' `exports`
// hide package.json from require.resolve, so walk Node's resolution paths instead.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** tokpeek's own folder (the one holding package.json). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

// Which copy of an engine's npm package runs: the one the user's project installed (found from
// the project folder up through its node_modules, as Node resolves it for that project), else
// tokpeek's own. Upgrading @huggingface/transformers in the user's app is then exactly what
// makes `check` fail when the upgrade changes tokens.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../package-info.js';

export interface EnginePackage {
  name: string;
  version: string;
  /** The package folder, where Node finds it (links not followed). */
  dir: string;
  /** `project`: found from the project folder; `tokpeek`: tokpeek's own dependency. */
  origin: 'project' | 'tokpeek';
}

/** The package folder Node would resolve `name` to from `fromDir` (walking up node_modules). */
function packageDirFrom(name: string, fromDir: string): string | undefined {
  const paths = createRequire(path.join(fromDir, 'noop.js')).resolve.paths(name) ?? [];
  for (const dir of paths) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
  }
  return undefined;
}

/** The copy of `name` that runs for a project: the project's own first, tokpeek's otherwise. */
export function findEnginePackage(name: string, project: string | undefined): EnginePackage | undefined {
  const own = packageDirFrom(name, PACKAGE_ROOT);
  const theirs = project ? packageDirFrom(name, path.resolve(project)) : undefined;
  const dir = theirs ?? own;
  if (!dir) return undefined;
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  // tokpeek's own checkout is a project too: its copy is tokpeek's.
  const real = (d: string | undefined) => d && fs.realpathSync(d);
  const origin = real(dir) === real(own) ? 'tokpeek' : 'project';
  return { name, version: String(manifest.version ?? 'unknown'), dir, origin };
}

const CONDITIONS = ['node', 'import', 'default'];

/** The ESM entry of a package's `.` export for Node's import conditions (or `module`/`main`). */
function esmEntry(dir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  let target: unknown = manifest.exports;
  if (target && typeof target === 'object' && !Array.isArray(target) && '.' in target)
    target = (target as Record<string, unknown>)['.'];
  while (target && typeof target === 'object' && !Array.isArray(target)) {
    const key = Object.keys(target).find((k) => CONDITIONS.includes(k));
    target = key === undefined ? undefined : (target as Record<string, unknown>)[key];
  }
  const file = typeof target === 'string' ? target : (manifest.module ?? manifest.main ?? 'index.js');
  return path.join(dir, file);
}

/** Imports the copy `findEnginePackage` names: an ES module, or a CommonJS one through require. */
export async function importEnginePackage(p: EnginePackage): Promise<any> {
  const manifest = JSON.parse(fs.readFileSync(path.join(p.dir, 'package.json'), 'utf8'));
  if (!manifest.exports && manifest.type !== 'module' && !manifest.module)
    return createRequire(path.join(p.dir, 'noop.js'))(p.dir);
  return import(pathToFileURL(esmEntry(p.dir)).href);
}

// Offline resolution of `org/name[@revision]` in the cache Python's huggingface_hub writes:
//   <cache>/models--org--name/refs/<branch-or-tag>  (holds a commit hash)
//   <cache>/models--org--name/snapshots/<commit>/tokenizer.json

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TokpeekError } from '../errors.js';
import { legacyFilesIn, legacyFolderError } from './legacy-files.js';

interface HubCacheHit {
  repo: string;
  revision: string;
  commit: string;
  folder: string;
}

/** Cache folders in the order huggingface_hub would use them. */
export function hubCacheDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.HF_HUB_CACHE) return [expandHome(env.HF_HUB_CACHE, env)];
  if (env.HUGGINGFACE_HUB_CACHE) return [expandHome(env.HUGGINGFACE_HUB_CACHE, env)];
  const cache = env.XDG_CACHE_HOME ? expandHome(env.XDG_CACHE_HOME, env) : path.join(homeOf(env), '.cache');
  const home = env.HF_HOME ? expandHome(env.HF_HOME, env) : path.join(cache, 'huggingface');
  return [path.join(home, 'hub')];
}

function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || os.homedir();
}

/** `~` and `~/x` as huggingface_hub reads these variables (Python's expanduser); `~user` is left as written. */
function expandHome(p: string, env: NodeJS.ProcessEnv = process.env): string {
  return p === '~' || p.startsWith('~/') || p.startsWith(`~${path.sep}`) ? path.join(homeOf(env), p.slice(1)) : p;
}

export const HUB_REPO = /^[\w.-]+\/[\w.-]+(@[\w./-]+)?$/;

/**
 * A revision as git and the Hub spell one: a branch or tag (segments of letters, digits, `.`,
 * `_`, `-`, separated by single `/`; no `..`, no segment starting with `.`) or a commit hash.
 * It is only ever compared with the names found under refs/ and snapshots/, never joined to a path.
 */
const REVISION = /^(?!.*\.\.)(?![./])[\w.-]+(?:\/(?!\.)[\w.-]+)*$/;
const COMMIT = /^[0-9a-f]{40}$/;
/** A cache's refs/ holds a few branches and tags (and refs/pr/N); more than this is not a cache. */
const MAX_REFS = 10_000;

/** Every ref under `refs/` (nested names like `pr/1` included) → its file, listed without following the spec. */
function listRefs(refsDir: string): Map<string, string> {
  const refs = new Map<string, string>();
  const walk = (dir: string, prefix: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (refs.size >= MAX_REFS) return;
      const name = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory() && depth < 8) walk(path.join(dir, e.name), name, depth + 1);
      else if (e.isFile()) refs.set(name, path.join(dir, e.name));
    }
  };
  walk(refsDir, '', 0);
  return refs;
}

/** The commit a ref file names; a file that does not hold one hash is damaged (its content is not quoted). */
function readRef(spec: string, file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(128);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const commit = buf.subarray(0, n).toString('latin1').trim();
    if (!COMMIT.test(commit))
      throw new TokpeekError(`${spec}: the cache's ref file ${file} does not hold a commit hash (damaged cache)`);
    return commit;
  } finally {
    fs.closeSync(fd);
  }
}

export function resolveFromHubCache(spec: string, env: NodeJS.ProcessEnv = process.env): HubCacheHit {
  const [repo, revision = 'main'] = spec.split('@', 2) as [string, string?];
  if (!REVISION.test(revision) || repo.split('/').some((part) => /^\.+$/.test(part)))
    throw new TokpeekError(
      `${spec}: "${revision}" is not a branch, tag or commit name`,
      undefined,
      'A Hugging Face cache entry is written org/name[@revision], the revision a branch, tag or commit hash (main, v1.0, 1a2b3c4).',
    );
  const searched: string[] = [];
  for (const cache of hubCacheDirs(env)) {
    const repoDir = path.join(cache, `models--${repo.replaceAll('/', '--')}`);
    const refsDir = path.join(repoDir, 'refs');
    const snapshots = path.join(repoDir, 'snapshots');
    searched.push(path.join(refsDir, revision));
    const refFile = listRefs(refsDir).get(revision);
    const commits = fs.existsSync(snapshots)
      ? fs.readdirSync(snapshots).filter((c) => COMMIT.test(c) && c.startsWith(revision))
      : [];
    let commit: string | undefined;
    if (refFile) {
      commit = readRef(spec, refFile);
    } else if (/^[0-9a-f]{7,40}$/.test(revision)) {
      searched.push(path.join(snapshots, `${revision}*`));
      if (commits.length > 1) {
        throw new TokpeekError(`${spec}: revision ${revision} is ambiguous in ${snapshots} (${commits.join(', ')})`);
      }
      commit = commits[0];
    }
    if (!commit) continue;
    const folder = path.join(snapshots, commit);
    searched.push(path.join(folder, 'tokenizer.json'));
    if (fs.existsSync(path.join(folder, 'tokenizer.json'))) return { repo, revision, commit, folder };
    const legacy = legacyFilesIn(folder);
    if (legacy.length) throw legacyFolderError(`${spec} (${folder})`, folder, legacy);
  }
  throw new TokpeekError(
    `${spec}: no tokenizer.json for ${repo} at revision ${revision} in the Hugging Face cache (searched ${searched.join(', ')})`,
    undefined,
    'tokpeek works offline: download it once with `huggingface-cli download ' +
      repo +
      (revision === 'main' ? '' : ` --revision ${revision}`) +
      '`, or pass a folder holding tokenizer.json.',
  );
}

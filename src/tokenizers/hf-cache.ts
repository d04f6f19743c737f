// Offline resolution of `org/name[@revision]` in the cache Python's huggingface_hub writes:
//   <cache>/models--org--name/refs/<branch-or-tag>  (holds a commit hash)
//   <cache>/models--org--name/snapshots/<commit>/tokenizer.json

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TokpeekError } from '../errors.js';

export interface HubCacheHit {
  repo: string;
  revision: string;
  commit: string;
  folder: string;
}

/** Cache folders in the order huggingface_hub would use them. */
export function hubCacheDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.HF_HUB_CACHE) return [env.HF_HUB_CACHE];
  if (env.HUGGINGFACE_HUB_CACHE) return [env.HUGGINGFACE_HUB_CACHE];
  const home = env.HF_HOME ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'huggingface');
  return [path.join(home, 'hub')];
}

export const HUB_REPO = /^[\w.-]+\/[\w.-]+(@[\w./-]+)?$/;

export function resolveFromHubCache(spec: string, env: NodeJS.ProcessEnv = process.env): HubCacheHit {
  const [repo, revision = 'main'] = spec.split('@', 2) as [string, string?];
  const searched: string[] = [];
  for (const cache of hubCacheDirs(env)) {
    const repoDir = path.join(cache, `models--${repo.replaceAll('/', '--')}`);
    const refFile = path.join(repoDir, 'refs', revision);
    searched.push(refFile);
    let commit: string | undefined;
    if (fs.existsSync(refFile)) {
      commit = fs.readFileSync(refFile, 'utf8').trim();
    } else if (/^[0-9a-f]{7,40}$/.test(revision)) {
      const snapshots = path.join(repoDir, 'snapshots');
      searched.push(path.join(snapshots, `${revision}*`));
      const matches = fs.existsSync(snapshots) ? fs.readdirSync(snapshots).filter((c) => c.startsWith(revision)) : [];
      if (matches.length > 1) {
        throw new TokpeekError(`${spec}: revision ${revision} is ambiguous in ${snapshots} (${matches.join(', ')})`);
      }
      commit = matches[0];
    }
    if (!commit) continue;
    const folder = path.join(repoDir, 'snapshots', commit);
    searched.push(path.join(folder, 'tokenizer.json'));
    if (fs.existsSync(path.join(folder, 'tokenizer.json'))) return { repo, revision, commit, folder };
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

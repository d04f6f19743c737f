// Finds and reads tokpeek.config.json; every validation mistake is listed with its JSON path.

import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, type SuiteConfig, validateSuiteConfig } from '../core/config/suite-config.js';
import { within } from '../contained-path.js';
import { InputError, TokpeekError, UsageError } from '../errors.js';
import { readJsonFile } from '../tokenizers/load.js';
import { plural } from '../core/quantities.js';

export interface Suite {
  /** Absolute path of tokpeek.config.json. */
  file: string;
  /** Its folder: corpus globs, folder specs and the snapshot folder are relative to it. */
  dir: string;
  config: SuiteConfig;
  /** Absolute snapshot folder. */
  snapshotDir: string;
}

/** `--config FILE` or a folder holding tokpeek.config.json (default: the working directory). */
/**
 * The suite's config file: `--config` (a file, or a folder holding one) as given; else
 * tokpeek.config.json in `cwd` or the nearest folder above it, up to the repository root (the
 * first folder holding .git), as git finds its own files from a subfolder. When there is none,
 * the path it would have in `cwd`.
 */
export function configPathOf(target: string | undefined, cwd: string): string {
  if (target !== undefined) {
    const full = path.resolve(cwd, target);
    return fs.existsSync(full) && fs.statSync(full).isDirectory() ? path.join(full, CONFIG_FILE) : full;
  }
  for (let dir = path.resolve(cwd); ; ) {
    const file = path.join(dir, CONFIG_FILE);
    if (fs.existsSync(file)) return file;
    const up = path.dirname(dir);
    if (up === dir || fs.existsSync(path.join(dir, '.git'))) break;
    dir = up;
  }
  return path.join(path.resolve(cwd), CONFIG_FILE);
}

export function readSuite(target: string | undefined, cwd: string): Suite {
  const file = configPathOf(target, cwd);
  if (!fs.existsSync(file)) {
    throw new UsageError(
      `${path.relative(cwd, file) || file}: no such file`,
      target === undefined
        ? 'Create a suite with `tokpeek init`, or point at one with --config FILE.'
        : 'Check the --config path.',
    );
  }
  const raw = readJsonFile(file);
  const { config, problems } = validateSuiteConfig(raw);
  const shown = path.relative(cwd, file) || file;
  if (!config) {
    throw new TokpeekError(
      `${shown}: ${plural(problems.length, 'mistake')}`,
      undefined,
      problems.map((p) => `${p.path}: ${p.message}`).join('\n  '),
    );
  }
  const dir = path.dirname(file);
  const snapshotDir = path.resolve(dir, config.snapshots);
  // Every snapshot write and --prune happen under this folder: it must be the suite's own.
  within(dir, snapshotDir, shown, `"snapshots": ${JSON.stringify(config.snapshots)}`);
  if (fs.existsSync(snapshotDir) && !fs.statSync(snapshotDir).isDirectory())
    throw new InputError(shown, `"snapshots": ${JSON.stringify(config.snapshots)} is a file, not a folder`);
  return { file, dir, config, snapshotDir };
}

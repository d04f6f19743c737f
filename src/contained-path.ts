// Paths that stay where they belong: suite paths inside the suite's folder, snapshot writes
// inside the snapshot folder, outputs that are plain files and not one of the inputs. Decided
// on real paths (symlinks resolved), so a link cannot lead a read or a write elsewhere.

import fs from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';

/** The real path of `p`: symlinks resolved for the part that exists, the rest appended as written. */
export function realPathOf(p: string): string {
  const full = path.resolve(p);
  const rest: string[] = [];
  for (let at = full; ; at = path.dirname(at)) {
    try {
      return path.join(fs.realpathSync(at), ...rest.reverse());
    } catch {
      if (path.dirname(at) === at) return full;
      rest.push(path.basename(at));
    }
  }
}

/** True when `p` (real path) is `root` (real path) or inside it. */
export function isWithin(root: string, p: string): boolean {
  const relative = path.relative(realPathOf(root), realPathOf(p));
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/** `p` itself, or an InputError naming `shownAs` when it leads outside `root`. */
export function within(root: string, p: string, shownAs: string, what: string): string {
  if (!isWithin(root, p)) throw new InputError(shownAs, `${what} leads outside ${root}`);
  return p;
}

/**
 * Refuses an output path that is not a regular file (a symlink, a FIFO, a device, a folder) or
 * that is one of `inputs`: writing there would replace something that is not tokpeek's.
 */
export function checkOutputPath(out: string, inputs: readonly string[], shownAs = out): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(out);
  } catch {
    return; // a new file
  }
  if (stat.isSymbolicLink()) throw new InputError(shownAs, 'is a symbolic link; tokpeek writes only to plain files');
  if (!stat.isFile()) throw new InputError(shownAs, `is ${fileKind(stat)}, not a plain file to write to`);
  for (const input of inputs) {
    try {
      const s = fs.statSync(input);
      if (s.ino === stat.ino && s.dev === stat.dev)
        throw new InputError(shownAs, `is also an input (${input}); write the output elsewhere`);
    } catch (e) {
      if (e instanceof InputError) throw e;
    }
  }
}

/** What a non-regular file is, in words. */
export function fileKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a plain file';
}

/**
 * The stat of `file` when it is a regular file (links followed); a folder, a FIFO, a socket or a
 * device is refused with an InputError: reading one could block forever or never end.
 */
export function regularFile(file: string, what = 'corpus file'): fs.Stats {
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new InputError(file, `is ${fileKind(stat)}, not a ${what}`);
  return stat;
}

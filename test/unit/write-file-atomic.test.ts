import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileHolds, writeFileAtomic } from '../../src/write-file-atomic.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-atomic-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('writeFileAtomic with chunks', () => {
  it('writes many small chunks and chunks larger than one write, in order, and leaves no temp file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sub', 'x.snap');
    const big = Buffer.alloc(3 * (1 << 20) + 17, 'b');
    const chunks = [
      Buffer.from('head\n'),
      ...Array.from({ length: 5000 }, (_, i) => Buffer.from(`line ${i}\n`)),
      big,
      Buffer.from('tail'),
    ];
    writeFileAtomic(file, chunks);
    expect(fs.readFileSync(file).equals(Buffer.concat(chunks))).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['x.snap']);
    expect(fileHolds(file, chunks)).toBe(true);
  });

  it('fileHolds is false for a missing file, another size, or the same size with other bytes', () => {
    const dir = tempDir();
    const file = path.join(dir, 'x');
    expect(fileHolds(file, [Buffer.from('abc')])).toBe(false);
    writeFileAtomic(file, 'abcdef');
    expect(fileHolds(file, [Buffer.from('abc'), Buffer.from('def')])).toBe(true);
    expect(fileHolds(file, [Buffer.from('abc'), Buffer.from('de')])).toBe(false);
    expect(fileHolds(file, [Buffer.from('abc'), Buffer.from('deF')])).toBe(false);
  });
});

describe('writeFileAtomic over what is not a regular file', () => {
  it('refuses a symbolic link, a FIFO and a folder, leaving each as it was and no temp file', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'target'), 'kept');
    fs.symlinkSync('target', path.join(dir, 'link.snap'));
    fs.mkdirSync(path.join(dir, 'folder.snap'));
    // (A FIFO needs mkfifo, a process: the hostile table has those cases.)
    const cases: Array<[string, RegExp]> = [
      ['link.snap', /link\.snap: is a symbolic link; tokpeek writes only to plain files/],
      ['folder.snap', /folder\.snap: is a folder, not a plain file to write to/],
    ];
    for (const [name, message] of cases) expect(() => writeFileAtomic(path.join(dir, name), 'new')).toThrow(message);
    expect(fs.readFileSync(path.join(dir, 'target'), 'utf8')).toBe('kept');
    expect(fs.lstatSync(path.join(dir, 'link.snap')).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['folder.snap', 'link.snap', 'target']);
  });
});

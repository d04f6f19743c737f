import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutputPath, isWithin, realPathOf, within } from '../../src/contained-path.js';
import { environmentFault } from '../../src/errors.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-contained-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('contained paths', () => {
  const suite = path.join(tmp, 'suite');
  fs.mkdirSync(path.join(suite, 'snapshots'), { recursive: true });
  fs.mkdirSync(path.join(tmp, 'outside'));
  fs.symlinkSync(path.join(tmp, 'outside'), path.join(suite, 'snapshots', 'linked'));
  fs.writeFileSync(path.join(suite, 'in.txt'), 'x');

  it('accepts paths inside, existing or not', () => {
    expect(isWithin(suite, path.join(suite, 'snapshots', 'a', 'b.snap'))).toBe(true);
    expect(isWithin(suite, suite)).toBe(true);
  });

  it('refuses .. and absolute paths that leave, and links that lead out', () => {
    expect(isWithin(suite, path.join(suite, '..', 'outside'))).toBe(false);
    expect(isWithin(suite, '/etc/passwd')).toBe(false);
    expect(isWithin(suite, path.join(suite, 'snapshots', 'linked', 'x.snap'))).toBe(false);
    expect(realPathOf(path.join(suite, 'snapshots', 'linked', 'new', 'x'))).toBe(
      path.join(fs.realpathSync(tmp), 'outside', 'new', 'x'),
    );
    expect(() => within(suite, path.join(suite, '../../x'), 'cfg', '"snapshots"')).toThrow(
      /cfg: "snapshots" leads outside/,
    );
  });

  it('refuses outputs that are links, special files, folders or inputs', () => {
    const input = path.join(suite, 'in.txt');
    fs.symlinkSync(input, path.join(tmp, 'link'));
    expect(() => checkOutputPath(path.join(tmp, 'link'), [])).toThrow(/symbolic link/);
    expect(() => checkOutputPath('/dev/null', [])).toThrow(/device/);
    expect(() => checkOutputPath(suite, [])).toThrow(/folder/);
    expect(() => checkOutputPath(input, [path.join(suite, '.', 'in.txt')])).toThrow(/also an input/);
    expect(() => checkOutputPath(path.join(tmp, 'new.json'), [input])).not.toThrow();
  });
});

describe('environment faults', () => {
  it('an errno error with a syscall is exit 2 in words, naming the path', () => {
    const e = Object.assign(new Error('EROFS: read-only file system'), {
      code: 'EROFS',
      syscall: 'open',
      path: '/x/y',
    });
    expect(environmentFault(e)?.message).toBe('/x/y: open: read-only file system (EROFS)');
    expect(environmentFault(e)?.exitCode).toBe(2);
  });

  it('a stack overflow from deep input is exit 2; other errors stay bugs', () => {
    let overflow: unknown;
    const deep = (n: number): number => deep(n + 1) + 1;
    try {
      deep(0);
    } catch (e) {
      overflow = e;
    }
    expect(environmentFault(overflow)?.exitCode).toBe(2);
    expect(environmentFault(new TypeError('x is undefined'))).toBeUndefined();
    expect(environmentFault(Object.assign(new Error('x'), { code: 'ERR_SOMETHING' }))).toBeUndefined();
  });
});

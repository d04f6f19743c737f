import { describe, expect, it } from 'vitest';
import { InputError, fileError } from '../../src/errors.js';

const errno = (code: string) => Object.assign(new Error(`${code}: something, open 'x'`), { code });

describe('fileError', () => {
  it('says what the user can act on, in one line naming the file', () => {
    expect(fileError('a.txt', errno('ENOENT')).message).toBe('a.txt: no such file');
    expect(fileError('s.snap', errno('ENOENT'), 'snapshot file').message).toBe('s.snap: no such snapshot file');
    expect(fileError('a.txt', errno('EACCES')).message).toBe('a.txt: permission denied');
    expect(fileError('dir', errno('EISDIR')).message).toBe('dir: is a folder, not a file');
    expect(fileError('a.txt', errno('EMFILE')).message).toBe('a.txt: cannot read: EMFILE');
    expect(fileError('a.txt', new Error('odd')).message).toBe('a.txt: cannot read: odd');
  });

  it('passes an InputError through as it is', () => {
    const original = new InputError('b.txt', 'invalid UTF-8', 3);
    expect(fileError('a.txt', original)).toBe(original);
  });
});

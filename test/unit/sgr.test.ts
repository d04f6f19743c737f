import { describe, expect, it } from 'vitest';
import { sgr, sgrAttributes, sgrOff, styled, styles } from '../../src/render/sgr.js';

describe('sgr: the one place terminal styles are written', () => {
  it('splits parameters into whole attributes', () => {
    expect(sgrAttributes('1;38;5;231;48;5;160')).toEqual(['1', '38;5;231', '48;5;160']);
    expect(sgrAttributes('4;38;2;1;2;3;7')).toEqual(['4', '38;2;1;2;3', '7']);
    expect(sgrAttributes('')).toEqual([]);
  });

  it('switches off only what it switched on, so styles nest', () => {
    expect(sgrOff('1;4')).toBe('22;24');
    expect(sgrOff('2;3')).toBe('22;23');
    expect(sgrOff('1;7;31')).toBe('22;27;39');
    expect(sgrOff('38;5;231;48;5;160')).toBe('39;49');
    expect(sgrOff('97;103')).toBe('39;49');
    // Inside an inverse row, a bold mark ends without ending the inverse.
    const row = sgr('7', `a ${sgr('1;33', 'b')} c`);
    expect(row).toBe('\x1b[7ma \x1b[1;33mb\x1b[22;39m c\x1b[27m');
  });

  it('writes nothing for no style, and plain text without colour', () => {
    expect(sgr('', 'x')).toBe('x');
    expect(styled(false, '31', 'x')).toBe('x');
    expect(styled(true, '31', 'x')).toBe('\x1b[31mx\x1b[39m');
    const plain = styles(false);
    expect([plain.bold('a'), plain.dim('b'), plain.red('c'), plain.green('d'), plain.yellow('e')].join('')).toBe(
      'abcde',
    );
    const c = styles(true);
    expect(c.bold('a')).toBe('\x1b[1ma\x1b[22m');
    expect(c.dim('a')).toBe('\x1b[2ma\x1b[22m');
    expect(c.green('a')).toBe('\x1b[32ma\x1b[39m');
  });
});

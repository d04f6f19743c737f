// Terminal styles (SGR sequences), in one place for every command and screen. A style ends by
// switching off only the attributes it set (22 for bold and dim, 24 underline, 39 the foreground…),
// never with a full reset (`0`): styles then nest, and a mark inside a styled row (the sample
// list's inverse cursor row, a dim line) leaves the rest of the row as it was.

/** SGR parameters split into whole attributes (`48;5;237` and `38;2;r;g;b` stay one). */
export function sgrAttributes(codes: string): string[] {
  if (!codes) return [];
  const parts = codes.split(';');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i]!;
    if ((c === '38' || c === '48') && parts[i + 1] === '5') {
      out.push(parts.slice(i, i + 3).join(';'));
      i += 2;
    } else if ((c === '38' || c === '48') && parts[i + 1] === '2') {
      out.push(parts.slice(i, i + 5).join(';'));
      i += 4;
    } else out.push(c);
  }
  return out;
}

const ATTRIBUTE_OFF: Record<string, string> = {
  1: '22',
  2: '22',
  3: '23',
  4: '24',
  5: '25',
  7: '27',
  8: '28',
  9: '29',
};

/** True for a foreground or background colour attribute. */
export function isColour(a: string): boolean {
  if (a.startsWith('38;') || a.startsWith('48;')) return true;
  const n = Number(a);
  return (n >= 30 && n <= 49) || (n >= 90 && n <= 107);
}

export function isBackground(a: string): boolean {
  const n = Number(a);
  return a.startsWith('48;') || (n >= 40 && n <= 49) || (n >= 100 && n <= 107);
}

/** The parameters that switch off exactly what `codes` switched on. */
export function sgrOff(codes: string): string {
  const off = sgrAttributes(codes).map((a) =>
    isColour(a) ? (isBackground(a) ? '49' : '39') : (ATTRIBUTE_OFF[a] ?? '0'),
  );
  return [...new Set(off)].join(';');
}

/** `text` in the style `codes` (SGR parameters such as `1;31`); no codes, no escapes. */
export function sgr(codes: string, text: string): string {
  return codes ? `\x1b[${codes}m${text}\x1b[${sgrOff(codes)}m` : text;
}

export const BOLD = '1';
export const DIM = '2';
export const RED = '31';
const GREEN = '32';
export const YELLOW = '33';

interface Styles {
  /** `text` in `codes`, or as it is without colour. */
  style(codes: string, text: string): string;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

/** `text` in `codes` when `color`, else as it is. */
export function styled(color: boolean, codes: string, text: string): string {
  return color ? sgr(codes, text) : text;
}

/** The styles of a command's output: SGR when `color`, the plain text otherwise. */
export function styles(color: boolean): Styles {
  const style = (codes: string, text: string) => styled(color, codes, text);
  return {
    style,
    bold: (text) => style(BOLD, text),
    dim: (text) => style(DIM, text),
    red: (text) => style(RED, text),
    green: (text) => style(GREEN, text),
    yellow: (text) => style(YELLOW, text),
  };
}

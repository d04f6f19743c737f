// A small headless terminal: feed it what a program writes to a pseudo-terminal and read the
// screen a person would see. Enough of VT100/xterm for Ink: printing with wide characters and
// auto-wrap, cursor movement, erasing, scrolling, the alternate screen, cursor visibility and
// SGR attributes per cell (so tests can ask "is this underlined?").

import stringWidth from 'string-width';

export interface Cell {
  ch: string;
  /** Active SGR attributes when the cell was written (`1`, `4`, `7`, `38;5;214`, `48;5;88`…). */
  style: string[];
}

const blank = (): Cell => ({ ch: ' ', style: [] });
const segmenter = new Intl.Segmenter();

export class TerminalScreen {
  private main: Cell[][];
  private alt: Cell[][];
  private grid: Cell[][];
  row = 0;
  col = 0;
  private saved = { row: 0, col: 0 };
  private savedMain = { row: 0, col: 0 };
  private style: string[] = [];
  private pending = '';
  altScreen = false;
  cursorVisible = true;
  /**
   * The picture shown while the program draws a frame in synchronized-output mode (`CSI ? 2026 h`
   * … `l`, which Ink uses): like a real terminal, readers see whole frames, never half of one.
   */
  private shown: Cell[][] | undefined;
  /** Everything ever written, for debugging failed tests. */
  log = '';

  constructor(
    public cols: number,
    public rows: number,
  ) {
    this.main = this.blankGrid();
    this.alt = this.blankGrid();
    this.grid = this.main;
  }

  private blankGrid(): Cell[][] {
    return Array.from({ length: this.rows }, () => Array.from({ length: this.cols }, blank));
  }

  resize(cols: number, rows: number): void {
    const fit = (g: Cell[][]) => {
      const out = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => g[r]?.[c] ?? blank()));
      return out;
    };
    this.cols = cols;
    this.rows = rows;
    this.main = fit(this.main);
    this.alt = fit(this.alt);
    this.grid = this.altScreen ? this.alt : this.main;
    this.row = Math.min(this.row, rows - 1);
    this.col = Math.min(this.col, cols - 1);
  }

  write(data: string): void {
    this.log += data;
    let s = this.pending + data;
    this.pending = '';
    let i = 0;
    while (i < s.length) {
      const ch = s[i]!;
      if (ch === '\x1b') {
        const consumed = this.escape(s, i);
        if (consumed === 0) {
          this.pending = s.slice(i); // incomplete sequence: wait for more
          return;
        }
        i += consumed;
        continue;
      }
      if (ch === '\r') this.col = 0;
      else if (ch === '\n') this.lineFeed();
      else if (ch === '\b') this.col = Math.max(0, this.col - 1);
      else if (ch === '\t') this.col = Math.min(this.cols - 1, (Math.floor(this.col / 8) + 1) * 8);
      else if (ch === '\x07' || ch < ' ') {
        // bell and other controls: nothing to draw
      } else {
        // Print a run of ordinary text, grapheme by grapheme.
        let end = i;
        while (end < s.length && s[end]! >= ' ' && s[end] !== '\x1b' && s[end] !== '\x7f') end++;
        for (const { segment } of segmenter.segment(s.slice(i, end))) this.print(segment);
        i = end;
        continue;
      }
      i++;
    }
    s = '';
  }

  private print(g: string): void {
    const w = stringWidth(g);
    if (w === 0) {
      const prev = this.grid[this.row]![Math.max(0, this.col - 1)]!;
      prev.ch += g;
      return;
    }
    if (this.col + w > this.cols) {
      this.col = 0;
      this.lineFeed();
    }
    const line = this.grid[this.row]!;
    line[this.col] = { ch: g, style: [...this.style] };
    for (let k = 1; k < w; k++) line[this.col + k] = { ch: '', style: [...this.style] };
    this.col += w;
    // Stay on the last column until the next character wraps (xterm's pending wrap).
    if (this.col >= this.cols) this.col = this.cols;
  }

  private lineFeed(): void {
    if (this.col >= this.cols) this.col = 0;
    if (this.row === this.rows - 1) {
      this.grid.shift();
      this.grid.push(Array.from({ length: this.cols }, blank));
    } else this.row++;
  }

  /** Handles the escape sequence at s[i]; returns its length, or 0 when it is incomplete. */
  private escape(s: string, i: number): number {
    const next = s[i + 1];
    if (next === undefined) return 0;
    if (next === '[') {
      let j = i + 2;
      while (j < s.length && !/[@-~]/.test(s[j]!)) j++;
      if (j >= s.length) return 0;
      this.csi(s.slice(i + 2, j), s[j]!);
      return j - i + 1;
    }
    if (next === ']') {
      // OSC … BEL or ST
      for (let j = i + 2; j < s.length; j++) {
        if (s[j] === '\x07') return j - i + 1;
        if (s[j] === '\x1b' && s[j + 1] === '\\') return j - i + 2;
      }
      return 0;
    }
    if (next === '7') this.saved = { row: this.row, col: this.col };
    else if (next === '8') ({ row: this.row, col: this.col } = this.saved);
    return 2;
  }

  private csi(params: string, final: string): void {
    const priv = params.startsWith('?');
    const nums = (priv ? params.slice(1) : params).split(';').map((x) => (x === '' ? undefined : Number(x)));
    const n = nums[0] ?? 1;
    const clampRow = (r: number) => Math.max(0, Math.min(this.rows - 1, r));
    const clampCol = (c: number) => Math.max(0, Math.min(this.cols - 1, c));
    if (priv) {
      const on = final === 'h';
      for (const p of nums) {
        if (p === 25) this.cursorVisible = on;
        if (p === 2026) this.shown = on ? this.grid.map((line) => line.map((c) => ({ ...c }))) : undefined;
        if (p === 1049 || p === 1047 || p === 47) {
          if (on && !this.altScreen) {
            this.savedMain = { row: this.row, col: this.col };
            this.alt = this.blankGrid();
            this.grid = this.alt;
            this.altScreen = true;
          } else if (!on && this.altScreen) {
            this.grid = this.main;
            this.altScreen = false;
            ({ row: this.row, col: this.col } = this.savedMain);
          }
        }
      }
      return;
    }
    switch (final) {
      case 'A':
        this.row = clampRow(this.row - n);
        break;
      case 'B':
        this.row = clampRow(this.row + n);
        break;
      case 'C':
        this.col = clampCol(this.col + n);
        break;
      case 'D':
        this.col = clampCol(Math.min(this.col, this.cols - 1) - n);
        break;
      case 'E':
        this.row = clampRow(this.row + n);
        this.col = 0;
        break;
      case 'F':
        this.row = clampRow(this.row - n);
        this.col = 0;
        break;
      case 'G':
        this.col = clampCol(n - 1);
        break;
      case 'H':
      case 'f':
        this.row = clampRow((nums[0] ?? 1) - 1);
        this.col = clampCol((nums[1] ?? 1) - 1);
        break;
      case 'J': {
        const mode = nums[0] ?? 0;
        const line = this.grid[this.row]!;
        if (mode === 0) {
          for (let c = Math.min(this.col, this.cols); c < this.cols; c++) line[c] = blank();
          for (let r = this.row + 1; r < this.rows; r++) this.grid[r] = Array.from({ length: this.cols }, blank);
        } else if (mode === 1) {
          for (let c = 0; c <= Math.min(this.col, this.cols - 1); c++) line[c] = blank();
          for (let r = 0; r < this.row; r++) this.grid[r] = Array.from({ length: this.cols }, blank);
        } else for (let r = 0; r < this.rows; r++) this.grid[r] = Array.from({ length: this.cols }, blank);
        break;
      }
      case 'K': {
        const mode = nums[0] ?? 0;
        const line = this.grid[this.row]!;
        const [from, to] =
          mode === 0
            ? [Math.min(this.col, this.cols), this.cols]
            : mode === 1
              ? [0, Math.min(this.col + 1, this.cols)]
              : [0, this.cols];
        for (let c = from; c < to; c++) line[c] = blank();
        break;
      }
      case 'S':
        for (let k = 0; k < n; k++) {
          this.grid.shift();
          this.grid.push(Array.from({ length: this.cols }, blank));
        }
        break;
      case 'T':
        for (let k = 0; k < n; k++) {
          this.grid.pop();
          this.grid.unshift(Array.from({ length: this.cols }, blank));
        }
        break;
      case 'm':
        this.sgr(params);
        break;
      default:
      // other sequences (device queries, modes) do not change the picture
    }
  }

  private sgr(params: string): void {
    const codes = params === '' ? ['0'] : params.split(';');
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if ((c === '38' || c === '48') && codes[i + 1] === '5') {
        this.setColour(c === '38' ? 'fg' : 'bg', codes.slice(i, i + 3).join(';'));
        i += 2;
      } else if ((c === '38' || c === '48') && codes[i + 1] === '2') {
        this.setColour(c === '38' ? 'fg' : 'bg', codes.slice(i, i + 5).join(';'));
        i += 4;
      } else if (c === '0' || c === '') this.style = [];
      else if (c === '22') this.style = this.style.filter((a) => a !== '1' && a !== '2');
      else if (['23', '24', '27', '29'].includes(c))
        this.style = this.style.filter((a) => a !== String(Number(c) - 20));
      else if (c === '39') this.setColour('fg', undefined);
      else if (c === '49') this.setColour('bg', undefined);
      else if ((Number(c) >= 30 && Number(c) <= 37) || (Number(c) >= 90 && Number(c) <= 97)) this.setColour('fg', c);
      else if ((Number(c) >= 40 && Number(c) <= 47) || (Number(c) >= 100 && Number(c) <= 107)) this.setColour('bg', c);
      else if (!this.style.includes(c)) this.style.push(c);
    }
  }

  private setColour(kind: 'fg' | 'bg', value: string | undefined): void {
    const isKind = (a: string) =>
      kind === 'fg'
        ? a.startsWith('38;') || /^(3[0-7]|9[0-7])$/.test(a)
        : a.startsWith('48;') || /^(4[0-7]|10[0-7])$/.test(a);
    this.style = this.style.filter((a) => !isKind(a));
    if (value) this.style.push(value);
  }

  /** The screen as lines of text, trailing spaces removed. */
  lines(): string[] {
    return (this.shown ?? this.grid).map((line) =>
      line
        .map((c) => c.ch)
        .join('')
        .trimEnd(),
    );
  }

  text(): string {
    return this.lines().join('\n');
  }

  /** The cells of a line, for style assertions (wide characters take one cell plus an empty one). */
  cells(row: number): Cell[] {
    return (this.shown ?? this.grid)[row] ?? [];
  }

  /** Row and column where `needle` first appears, or undefined. */
  find(needle: string): { row: number; col: number } | undefined {
    const lines = this.lines();
    for (let row = 0; row < lines.length; row++) {
      const line = (this.shown ?? this.grid)[row]!;
      const text = line.map((c) => c.ch).join('');
      const at = text.indexOf(needle);
      if (at !== -1) {
        // Map the string index back to a column (wide characters leave '' cells behind).
        let col = 0;
        let len = 0;
        while (col < line.length && len < at) len += line[col++]!.ch.length;
        return { row, col };
      }
    }
    return undefined;
  }
}

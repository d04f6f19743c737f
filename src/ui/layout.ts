// Screen arithmetic, pure: terminal size in, pane sizes out. Tested alone (test/unit/ui-layout).
//
//   stacked (narrow terminals)          side by side (wide terminals)
//   ┌ status ────────────────────┐      ┌ status ──────────────────────────────┐
//   │ samples (title + rows)     │      │ samples      │ tokens (title + rows) │
//   │ tokens  (title + rows)     │      │ (title +     │ [second tokenizer]    │
//   │ [second tokenizer]         │      │  rows)       │ detail                │
//   │ detail                     │      │              │                       │
//   └ key hints ─────────────────┘      └ key hints ───────────────────────────┘
//
// The frame is one row shorter than the terminal: Ink clears the whole screen on every frame
// once its output reaches the terminal's height, and that would flicker.

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 12;
/** From this width the sample list sits beside the token view. */
export const SIDE_BY_SIDE_COLUMNS = 110;

interface LayoutInput {
  columns: number;
  rows: number;
  /** Two token panes (compare mode). */
  panes: 1 | 2;
}

interface Box {
  width: number;
  /** Content rows, not counting the pane's title row. */
  rows: number;
}

export interface ScreenLayout {
  columns: number;
  /** Rows the frame takes (the terminal's rows minus one). */
  height: number;
  arrangement: 'stacked' | 'side';
  /** Too small to draw panes: only a message is shown. */
  tooSmall: boolean;
  list: Box;
  /** One box per token pane. */
  panes: Box[];
  detailRows: number;
  /** Rows for the help overlay (everything between status bar and hints). */
  body: Box;
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

export function calculateLayout({ columns, rows, panes }: LayoutInput): ScreenLayout {
  const width = Math.max(1, Math.floor(columns));
  const height = Math.max(1, Math.floor(rows) - 1);
  const body = Math.max(0, height - 2); // status bar and key hints
  const detailRows = 2;
  const tooSmall = width < MIN_COLUMNS || rows < MIN_ROWS;
  const base = { columns: width, height, detailRows, body: { width, rows: body }, tooSmall };
  if (tooSmall)
    return {
      ...base,
      arrangement: 'stacked',
      list: { width, rows: 0 },
      panes: Array.from({ length: panes }, () => ({ width, rows: 0 })),
    };

  if (width >= SIDE_BY_SIDE_COLUMNS) {
    const listWidth = clamp(Math.floor(width * 0.3), 30, 50);
    const paneWidth = width - listWidth - 1; // one column for the separator
    const paneRows = body - detailRows - panes; // each pane has a title row
    return {
      ...base,
      arrangement: 'side',
      list: { width: listWidth, rows: Math.max(1, body - 1) },
      panes: split(paneRows, panes).map((r) => ({ width: paneWidth, rows: r })),
    };
  }

  // Each token pane keeps a title and at least one row; the list gets what is left, up to its share.
  const listRows = Math.min(
    clamp(Math.floor(body * (panes === 2 ? 0.2 : 0.3)), 2, panes === 2 ? 8 : 10),
    body - 1 - detailRows - 2 * panes,
  );
  const paneRows = body - (listRows + 1) - detailRows - panes;
  return {
    ...base,
    arrangement: 'stacked',
    list: { width, rows: listRows },
    panes: split(paneRows, panes).map((r) => ({ width, rows: r })),
  };
}

/** `total` rows shared by `n` panes, the first getting the remainder. */
function split(total: number, n: number): number[] {
  const each = Math.max(1, Math.floor(total / n));
  return Array.from({ length: n }, (_, i) => (i === 0 ? Math.max(1, total - each * (n - 1)) : each));
}

/** Text lines a token pane shows: with ids, every text line takes two rows. */
export function textLines(rows: number, ids: boolean): number {
  return Math.max(1, ids ? Math.floor(rows / 2) : rows);
}

// Every key of the terminal UI, in one table: the `?` overlay lists them all, the hint bar
// shows the short ones that fit. Pure: the keys shared by every screen's key map (vertical
// movement, a burst of typed characters split into keys); each screen's own map is in its folder.

import type { Key } from 'ink';

type VerticalAction = { type: 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end' };

/** The vertical movement keys every pane shares (↑ ↓ / k j, PgUp PgDn, g G / Home End). */
export function verticalKeyAction(input: string, key: Key): VerticalAction | undefined {
  if (key.upArrow || input === 'k') return { type: 'up' };
  if (key.downArrow || input === 'j') return { type: 'down' };
  if (key.pageUp) return { type: 'pageUp' };
  if (key.pageDown) return { type: 'pageDown' };
  if (key.home || input === 'g') return { type: 'home' };
  if (key.end || input === 'G') return { type: 'end' };
  return undefined;
}

interface KeyHelp {
  keys: string;
  /** Shown in the `?` overlay. */
  help: string;
  /** Shown in the hint bar (omitted: overlay only). */
  hint?: string;
}

export interface KeySection {
  title: string;
  keys: KeyHelp[];
}

/** Every screen's help key. */
const HELP_KEY: KeyHelp = { keys: '?', help: 'this help (↑ ↓ scroll, any other key closes it)', hint: 'help' };

export const BROWSE_KEYS: KeySection[] = [
  {
    title: 'Move',
    keys: [
      { keys: '↑ ↓  k j', help: 'previous / next sample (tokens pane: line above / below)', hint: 'sample' },
      { keys: '← →  h l', help: 'previous / next token; the detail line describes it', hint: 'token' },
      { keys: 'PgUp PgDn', help: 'a page up / down in the focused pane' },
      { keys: 'g G  Home End', help: 'first / last sample (tokens pane: first / last token)' },
      { keys: 'Tab', help: 'focus the samples pane ↔ the tokens pane', hint: 'pane' },
      { keys: 'Enter', help: 'focus the tokens pane' },
      {
        keys: 'n N',
        help: 'next / previous hazard token, across samples (compare: span)',
        hint: 'next hazard',
      },
    ],
  },
  {
    title: 'Show',
    keys: [
      { keys: '/', help: 'search sample text (Enter keeps it, Esc cancels)', hint: 'search' },
      {
        keys: 'f F',
        help: 'cycle the hazard filters (F backwards); the list title counts',
        hint: 'filter',
      },
      { keys: 'c', help: 'clear search and filter' },
      { keys: 'i', help: 'ids under the tokens on / off', hint: 'ids' },
      { keys: '+ -', help: "max_length +1 / −1 (from the sample's length at first)", hint: 'max_len' },
      { keys: 'm', help: 'type a max_length (empty: none)' },
      { keys: 's', help: 'truncation side right ↔ left' },
      { keys: 't', help: 'corpus totals per tokenizer side by side (any key closes)', hint: 'totals' },
      { keys: 'y Y', help: "copy the sample's ids (Y: the second tokenizer's) to the clipboard (OSC 52)" },
    ],
  },
  {
    title: 'Leave',
    keys: [HELP_KEY, { keys: 'q  Esc  Ctrl-C', help: 'quit; the terminal is left as it was', hint: 'quit' }],
  },
];

export const REVIEW_KEYS: KeySection[] = [
  {
    title: 'Decide',
    keys: [
      { keys: 'a', help: 'accept: the new tokenization goes into the snapshot', hint: 'accept' },
      { keys: 'r', help: 'reject: the pending change is dropped', hint: 'reject' },
      { keys: 's  →', help: 'skip: decide later (it stays pending)', hint: 'skip' },
      { keys: '←', help: 'back to the previous change', hint: 'back' },
      { keys: 'A R', help: 'accept / reject this and every remaining change' },
    ],
  },
  {
    title: 'Show',
    keys: [
      {
        keys: 'n N',
        help: 'next / previous change, on to the next sample past the last',
        hint: 'next change',
      },
      { keys: '↑ ↓  k j', help: 'scroll the old / new tokenizations' },
      { keys: 'PgUp PgDn', help: 'scroll a page' },
      { keys: 'i', help: 'ids under the tokens on / off', hint: 'ids' },
    ],
  },
  {
    title: 'Leave',
    keys: [
      HELP_KEY,
      { keys: 'q  Esc  Ctrl-C', help: 'quit; decisions made are kept, the rest stays pending', hint: 'quit' },
    ],
  },
];

/**
 * The hint bar: `key hint` pairs that fit in `width` columns, in table order. The way out (the
 * Leave section: `?` help and `q` quit) is always kept; the other hints fill what is left.
 */
export function hintLine(sections: KeySection[], width: number): Array<{ keys: string; hint: string }> {
  const all = sections.flatMap((s) =>
    s.keys
      .filter((k) => k.hint)
      .map((k) => ({ keys: k.keys.split('  ')[0]!, hint: k.hint!, keep: s.title === 'Leave' })),
  );
  const cost = (h: { keys: string; hint: string }) => h.keys.length + 1 + h.hint.length + 2;
  let room = width - all.filter((h) => h.keep).reduce((n, h) => n + cost(h), 0);
  const out: Array<{ keys: string; hint: string }> = [];
  let full = false;
  for (const h of all) {
    if (!h.keep) {
      if (full || cost(h) > room) {
        full = true;
        continue;
      }
      room -= cost(h);
    } else if (room < 0) continue; // not even the way out fits: drop from the end
    out.push({ keys: h.keys, hint: h.hint });
  }
  return out;
}

// Ink hands a burst of plain characters read together (fast typing, a script, a paste) to the
// input handler as one string; the screens' single-key commands would miss all of them. Escape
// sequences (arrows…) already come one by one.

export type KeyHandler = (input: string, key: Key) => void;

/** A Key with nothing pressed (tests build keys from it too). */
export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** Calls `handler` once per character of a burst of plain characters. */
export function splitKeys(input: string, key: Key, handler: KeyHandler): void {
  const chars = [...input];
  const special =
    key.ctrl ||
    key.meta ||
    key.escape ||
    key.upArrow ||
    key.downArrow ||
    key.leftArrow ||
    key.rightArrow ||
    key.pageUp ||
    key.pageDown ||
    key.home ||
    key.end;
  if (chars.length <= 1 || special) {
    handler(input, key);
    return;
  }
  for (const ch of chars) {
    if (ch === '\r' || ch === '\n') handler('', { ...NO_KEY, return: true });
    else if (ch === '\t') handler('', { ...NO_KEY, tab: true });
    else if (ch === '\x7f' || ch === '\b') handler('', { ...NO_KEY, backspace: true });
    else handler(ch, { ...NO_KEY, shift: ch !== ch.toLowerCase() });
  }
}

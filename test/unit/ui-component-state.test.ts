// The shared components' pure parts without a terminal or a real tokenizer: the list, prompt and
// token-view reducers and their key maps (browse-keys and review-keys have their own files).

import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import type { Token, TokenizedSample } from '../../src/core/token-model.js';
import { promptKeyAction } from '../../src/ui/prompt/prompt-keys.js';
import { reducePrompt } from '../../src/ui/prompt/prompt-state.js';
import { listKeyAction } from '../../src/ui/sample-list/list-keys.js';
import { reduceList } from '../../src/ui/sample-list/list-state.js';
import { tokenKeyAction } from '../../src/ui/token-view/token-view-keys.js';
import { INITIAL_TOKEN_VIEW, reduceTokenView } from '../../src/ui/token-view/token-view-state.js';
import { SampleLayout } from '../../src/ui/token-view/wrap.js';
import { NO_KEY } from '../../src/ui/key-map.js';

const key = (k: Partial<Key> = {}): Key => ({ ...NO_KEY, ...k });

function sample(words: string[], flags: Record<number, Partial<Token>> = {}): TokenizedSample {
  let at = 0;
  const text = words.join('');
  const tokens = words.map((w, i) => {
    const t: Token = {
      id: i,
      piece: w,
      text: w,
      start: at,
      end: at + w.length,
      special: false,
      inserted: false,
      unknown: false,
      byteFallback: false,
      partial: false,
      ...flags[i],
    };
    at += w.length;
    return t;
  });
  return { text, tokens };
}

describe('list keys and reducer', () => {
  it('maps the vertical keys and keeps the selection in the window', () => {
    expect(listKeyAction('j', key())).toEqual({ type: 'down' });
    expect(listKeyAction('', key({ pageUp: true }))).toEqual({ type: 'pageUp' });
    expect(listKeyAction('x', key())).toBeUndefined();
    const model = { total: 20, indices: null };
    let s = { sample: 0, offset: 0 };
    for (let i = 0; i < 6; i++) s = reduceList(s, { type: 'down' }, model, 4);
    expect(s).toEqual({ sample: 6, offset: 3 });
    expect(reduceList(s, { type: 'end' }, model, 4)).toEqual({ sample: 19, offset: 16 });
    expect(reduceList(s, { type: 'home' }, model, 4)).toEqual({ sample: 0, offset: 0 });
  });
});

describe('prompt keys and reducer', () => {
  it('types, deletes, clears, submits and cancels; pasted control characters are dropped', () => {
    expect(promptKeyAction('', key({ return: true }))).toBe('submit');
    expect(promptKeyAction('', key({ escape: true }))).toBe('cancel');
    expect(promptKeyAction('u', key({ ctrl: true }))).toEqual({ type: 'clear' });
    let p = { text: '' };
    p = reducePrompt(p, { type: 'insert', text: 'ca\x1b[2Jfé\n' });
    expect(p.text).toBe('ca[2Jfé');
    p = reducePrompt(p, { type: 'backspace' });
    expect(p.text).toBe('ca[2Jf');
    expect(reducePrompt(p, { type: 'insert', text: 'a1b2' }, (c) => /\d/.test(c)).text).toBe('ca[2Jf12');
    expect(reducePrompt(p, { type: 'clear' }).text).toBe('');
  });
});

describe('token view keys and reducer', () => {
  it('moves the cursor token by token, vertical keys only when focused, and jumps to hazards', () => {
    expect(tokenKeyAction('l', key(), false)).toEqual({ type: 'right' });
    expect(tokenKeyAction('j', key(), false)).toBeUndefined();
    expect(tokenKeyAction('j', key(), true)).toEqual({ type: 'down' });
    const s = sample(['a', 'b', 'c', 'd', 'e'], { 3: { unknown: true } });
    const layout = new SampleLayout(s, { width: 40, ids: false, plain: true });
    let v = reduceTokenView(INITIAL_TOKEN_VIEW, { type: 'right' }, layout, 5);
    expect(v.cursor).toBe(1);
    v = reduceTokenView(v, { type: 'end' }, layout, 5);
    expect(v.cursor).toBe(4);
    v = reduceTokenView(v, { type: 'left' }, layout, 5);
    expect(v.cursor).toBe(3);
    v = reduceTokenView(INITIAL_TOKEN_VIEW, { type: 'hazard', direction: 1 }, layout, 5);
    expect(v.cursor).toBe(3);
    expect(reduceTokenView(v, { type: 'goto', token: 2 }, layout, 5).cursor).toBe(2);
  });
});

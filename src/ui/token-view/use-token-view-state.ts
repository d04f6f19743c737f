// Holds the token view's state (token-view-state.ts) in React, per sample.

import { useCallback, useEffect, useRef, useState } from 'react';
import { INITIAL_TOKEN_VIEW, type TokenViewAction, type TokenViewState, reduceTokenView } from './token-view-state.js';
import type { SampleLayout } from './wrap.js';

interface Held {
  key: unknown;
  view: TokenViewState;
  /** Keys pressed before the sample's layout existed (still tokenizing), replayed when it does. */
  queued: TokenViewAction[];
}

/** The held view if it is still for `key`, else a fresh one. */
const fresh = (h: Held, key: unknown): Held => (h.key === key ? h : { key, view: INITIAL_TOKEN_VIEW, queued: [] });

/**
 * Holds the token view's state. A new layout (width, ids, cut) re-fits the window; a new
 * sample (`sampleKey`) starts at its first token. Keys pressed while the sample is still
 * being tokenized are not lost: they apply, in order, once its layout is there.
 */
export function useTokenViewState(
  layout: SampleLayout | undefined,
  rows: number,
  sampleKey: unknown,
  latestKey?: { readonly current: unknown },
) {
  const [held, setHeld] = useState<Held>({ key: sampleKey, view: INITIAL_TOKEN_VIEW, queued: [] });
  const ref = useRef({ layout, rows, sampleKey });
  ref.current = { layout, rows, sampleKey };
  useEffect(() => {
    if (!layout) return;
    setHeld((h) => {
      const base = fresh(h, sampleKey);
      let view = reduceTokenView(base.view, { type: 'fit' }, layout, rows);
      for (const action of base.queued) view = reduceTokenView(view, action, layout, rows);
      return { key: sampleKey, view, queued: [] };
    });
  }, [layout, rows, sampleKey]);
  const dispatch = useCallback(
    (action: TokenViewAction) => {
      // Keys are handled one by one before React renders again: an arrow right after a down
      // arrow belongs to the newly selected sample, whose layout may not exist yet.
      const key = latestKey ? latestKey.current : ref.current.sampleKey;
      setHeld((h) => {
        const { layout: shown, rows: r, sampleKey: shownKey } = ref.current;
        const l = key === shownKey ? shown : undefined;
        const base = fresh(h, key);
        if (!l) return { ...base, queued: [...base.queued, action] };
        return { ...base, view: reduceTokenView(base.view, action, l, r) };
      });
    },
    [latestKey],
  );
  return [held.key === sampleKey ? held.view : INITIAL_TOKEN_VIEW, dispatch] as const;
}

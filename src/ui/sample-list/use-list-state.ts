// Holds the sample list's state (list-state.ts) in React.

import { useCallback, useRef, useState } from 'react';
import { type ListAction, type ListModel, type ListState, listView, reduceList } from './list-state.js';

/**
 * Holds the list state. The state lives in a ref so that keys read in one burst (several in
 * one read of the terminal) each see what the keys before them did; `selectedRef` is the
 * sample selected after the last key, even before React renders it.
 */
export function useSampleListState(model: ListModel, rows: number) {
  const [, rerender] = useState(0);
  const ref = useRef<{ model: ListModel; rows: number; state: ListState }>({
    model,
    rows,
    state: { sample: 0, offset: 0 },
  });
  ref.current.model = model;
  ref.current.rows = rows;
  const view = listView(ref.current.state, model, rows);
  // The selection is what the list shows: when a search or filter hid the selected sample and
  // showed another, clearing them keeps that one (not the sample selected before the search).
  if (view.sample !== undefined) ref.current.state = { sample: view.sample, offset: view.offset };
  const selectedRef = useRef<number | undefined>(view.sample);
  selectedRef.current = view.sample;
  const dispatch = useCallback((action: ListAction) => {
    const { model: m, rows: r } = ref.current;
    const next = reduceList(ref.current.state, action, m, r);
    ref.current.state = next;
    selectedRef.current = listView(next, m, r).sample;
    rerender((v) => v + 1);
  }, []);
  return [view, dispatch, selectedRef] as const;
}

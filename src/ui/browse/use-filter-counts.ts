// The hazard filters' counts over the samples counted so far (recomputed as counts arrive), and
// how many were counted and compared with a snapshot: a pass over every sample read, paid for
// only while a filter is on (the only time they are shown).

import { useMemo } from 'react';
import { type MarkerFilter, filterCounts } from '../sample-list/filter.js';
import { markersOf } from '../sample-list/sample-list.js';
import { COUNTED, type HazardFilter, SNAPSHOT } from './hazards.js';
import type { CorpusSession } from './corpus-session.js';

export function useFilterCounts(
  session: CorpusSession,
  panes: number,
  maxLength: number | undefined,
  filter: MarkerFilter,
): { counts: Record<HazardFilter, number> | undefined; snapshotted: number; counted: number } {
  const version = session.getVersion();
  const on = filter !== 'all';
  // biome-ignore lint/correctness/useExhaustiveDependencies: the session is mutable; its version says when it changed
  return useMemo(() => {
    if (!on) return { counts: undefined, snapshotted: 0, counted: 0 };
    let snapshotted = 0;
    let counted = 0;
    const counts = filterCounts(
      session.samples.length,
      (i) => {
        const f = markersOf(session, i, panes, undefined).flags;
        if (f & SNAPSHOT) snapshotted++;
        if (f & COUNTED) counted++;
        return f;
      },
      (i) => markersOf(session, i, panes, maxLength).truncated,
    );
    return { counts, snapshotted, counted };
  }, [version, panes, maxLength, on]);
}

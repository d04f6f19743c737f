// A row drawn after a pinned edge (ui/text.ts pinnedEdge): the edge is put in front of the row's
// line as Ink writes it out. Ink strips cursor movement from text, not from a Transform's output,
// and does not count the edge in the row's width, so the box around leaves one column for it.

import { Transform } from 'ink';
import type { ReactNode } from 'react';

export function PinnedRow({ edge, children }: { edge: string; children: ReactNode }) {
  if (!edge) return children;
  return <Transform transform={(line) => edge + line}>{children}</Transform>;
}

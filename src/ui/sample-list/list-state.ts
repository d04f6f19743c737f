// The sample list's state: the selected sample and the first visible row. The selection is a
// sample index, not a row, so it survives filtering and searching; rows are positions in the
// (possibly filtered) list. Pure; use-list-state.ts holds it in React.

export interface ListState {
  /** Selected sample index (in the corpus). */
  sample: number;
  /** Position of the first visible row. */
  offset: number;
}

/** The list as shown: `indices` null means all `total` samples in order. */
export interface ListModel {
  total: number;
  indices: readonly number[] | null;
}

export type ListAction =
  | { type: 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end' }
  | { type: 'select'; position: number }
  /** Select a sample by its index in the corpus (a jump from elsewhere: n / N, --line). */
  | { type: 'selectSample'; sample: number };

export interface ListView {
  /** Rows in the list. */
  length: number;
  /** Position of the selected row (0 when empty). */
  position: number;
  offset: number;
  /** Selected sample, undefined when the list is empty. */
  sample: number | undefined;
}

export function lengthOf(model: ListModel): number {
  return model.indices ? model.indices.length : model.total;
}

export function sampleAt(model: ListModel, position: number): number | undefined {
  if (position < 0 || position >= lengthOf(model)) return undefined;
  return model.indices ? model.indices[position] : position;
}

/** The first position whose sample is ≥ `sample` (the nearest following one when filtered out). */
export function positionOf(model: ListModel, sample: number): number {
  if (!model.indices) return sample;
  let lo = 0;
  let hi = model.indices.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (model.indices[mid]! < sample) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The state resolved against the current list: selection clamped, selected row visible. */
export function listView(state: ListState, model: ListModel, rows: number): ListView {
  const length = lengthOf(model);
  rows = Math.max(1, rows);
  if (length === 0) return { length, position: 0, offset: 0, sample: undefined };
  const position = Math.min(positionOf(model, state.sample), length - 1);
  let offset = Math.min(Math.max(0, state.offset), Math.max(0, length - rows));
  if (position < offset) offset = position;
  else if (position >= offset + rows) offset = position - rows + 1;
  return { length, position, offset, sample: sampleAt(model, position) };
}

export function reduceList(state: ListState, action: ListAction, model: ListModel, rows: number): ListState {
  const view = listView(state, model, rows);
  if (view.length === 0) return state;
  const last = view.length - 1;
  const page = Math.max(1, rows - 1);
  let position = view.position;
  let offset = view.offset;
  switch (action.type) {
    case 'up':
      position--;
      break;
    case 'down':
      position++;
      break;
    case 'pageUp':
      position -= page;
      offset -= page;
      break;
    case 'pageDown':
      position += page;
      offset += page;
      break;
    case 'home':
      position = 0;
      break;
    case 'end':
      position = last;
      break;
    case 'select':
      position = action.position;
      break;
    case 'selectSample':
      position = positionOf(model, action.sample);
      break;
  }
  position = Math.min(Math.max(0, position), last);
  const next = listView({ sample: sampleAt(model, position)!, offset }, model, rows);
  return { sample: next.sample!, offset: next.offset };
}

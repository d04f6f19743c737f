// Review mode's state: which pending change is shown, what was decided, the scroll position.
// Pure. Decisions are written to disk by the caller *before* they are recorded here, so what
// this state says was accepted or rejected is already on disk (quitting loses nothing).

export type Decision = 'accepted' | 'rejected';

export interface ReviewState {
  /** Index of the change shown; `total` means the summary. */
  index: number;
  total: number;
  decisions: ReadonlyMap<number, Decision>;
  /** First token line shown in the old/new panes. */
  scroll: number;
  ids: boolean;
  help: boolean;
  /** Why the last decision could not be written. */
  error?: string | undefined;
}

export type ReviewAction =
  | { type: 'decided'; indices: number[]; decision: Decision }
  | { type: 'failed'; message: string }
  | { type: 'skip' | 'back' | 'toggleIds' | 'toggleHelp' }
  | { type: 'scroll'; delta: number; max: number };

export function initialReview(total: number): ReviewState {
  return { index: 0, total, decisions: new Map(), scroll: 0, ids: false, help: false };
}

/** The first change at or after `from` not yet decided (`total` when none). */
export function nextUndecided(state: Pick<ReviewState, 'decisions' | 'total'>, from: number): number {
  let i = from;
  while (i < state.total && state.decisions.has(i)) i++;
  return i;
}

/** Indices from the current change to the end that are still undecided (for A / R). */
export function remaining(state: ReviewState): number[] {
  const out: number[] = [];
  for (let i = state.index; i < state.total; i++) if (!state.decisions.has(i)) out.push(i);
  return out;
}

export function reduceReview(state: ReviewState, action: ReviewAction): ReviewState {
  switch (action.type) {
    case 'decided': {
      const decisions = new Map(state.decisions);
      for (const i of action.indices) decisions.set(i, action.decision);
      const after = Math.max(...action.indices) + 1;
      return {
        ...state,
        decisions,
        index: nextUndecided({ decisions, total: state.total }, after),
        scroll: 0,
        error: undefined,
      };
    }
    case 'failed':
      return { ...state, error: action.message };
    case 'skip':
      return { ...state, index: Math.min(state.total, state.index + 1), scroll: 0, error: undefined };
    case 'back':
      return { ...state, index: Math.max(0, state.index - 1), scroll: 0, error: undefined };
    case 'scroll':
      return { ...state, scroll: Math.max(0, Math.min(action.max, state.scroll + action.delta)) };
    case 'toggleIds':
      return { ...state, ids: !state.ids, scroll: 0 };
    case 'toggleHelp':
      return { ...state, help: !state.help };
  }
}

export function summary(state: ReviewState): { accepted: number; rejected: number; pending: number } {
  let accepted = 0;
  let rejected = 0;
  for (const d of state.decisions.values()) d === 'accepted' ? accepted++ : rejected++;
  return { accepted, rejected, pending: state.total - accepted - rejected };
}

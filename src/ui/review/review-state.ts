// Review mode's state: which pending change is shown, which of its hunks (runs of changed
// tokens) the panes are on, what was decided, the scroll offset. Pure. Decisions are written
// to disk by the caller *before* they are recorded here, so what this state says was accepted
// or rejected is already on disk (quitting loses nothing).

export type Decision = 'accepted' | 'rejected';

export interface ReviewState {
  /** Index of the change shown; `total` means the summary. */
  index: number;
  total: number;
  decisions: ReadonlyMap<number, Decision>;
  /** The hunk of the change the panes show (−1: its last one, resolved by the view). */
  hunk: number;
  /** Rows scrolled away from the hunk (↑ ↓ PgUp PgDn); n / N and a new change reset it. */
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
  /** n / N: the next / previous hunk, on to the next / previous change past the last / first. */
  | { type: 'nextHunk' | 'previousHunk' }
  /** `page`: by a pane's height. */
  | { type: 'scroll'; delta: number; page?: boolean };

export interface ReviewContext {
  /** How many hunks change `index` has (an added or removed sample: 1). */
  hunks: (index: number) => number;
  /** Rows a pane shows (PgUp / PgDn). */
  pageRows: number;
  /** How far `scroll` may go either way from the current hunk. */
  scrollRange: readonly [number, number];
}

const NO_CONTEXT: ReviewContext = { hunks: () => 1, pageRows: 1, scrollRange: [0, 0] };

export function initialReview(total: number): ReviewState {
  return { index: 0, total, decisions: new Map(), hunk: 0, scroll: 0, ids: false, help: false };
}

/** The first change at or after `from` not yet decided (`total` when none). */
function nextUndecided(state: Pick<ReviewState, 'decisions' | 'total'>, from: number): number {
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

const at = (state: ReviewState, index: number, hunk = 0): ReviewState => ({
  ...state,
  index,
  hunk,
  scroll: 0,
  error: undefined,
});

export function reduceReview(
  state: ReviewState,
  action: ReviewAction,
  context: ReviewContext = NO_CONTEXT,
): ReviewState {
  switch (action.type) {
    case 'decided': {
      const decisions = new Map(state.decisions);
      for (const i of action.indices) decisions.set(i, action.decision);
      const after = Math.max(...action.indices) + 1;
      return { ...at(state, nextUndecided({ decisions, total: state.total }, after)), decisions };
    }
    case 'failed':
      return { ...state, error: action.message };
    case 'skip':
      return at(state, Math.min(state.total, state.index + 1));
    case 'back':
      return at(state, Math.max(0, state.index - 1));
    case 'nextHunk': {
      const hunks = context.hunks(state.index);
      const current = state.hunk < 0 ? hunks - 1 : state.hunk;
      if (current + 1 < hunks) return at(state, state.index, current + 1);
      return state.index + 1 < state.total ? at(state, state.index + 1) : state;
    }
    case 'previousHunk': {
      const current = state.hunk < 0 ? context.hunks(state.index) - 1 : state.hunk;
      if (current > 0) return at(state, state.index, current - 1);
      return state.index > 0 ? at(state, state.index - 1, -1) : state;
    }
    case 'scroll': {
      const [lo, hi] = context.scrollRange;
      const delta = action.page ? action.delta * Math.max(1, context.pageRows) : action.delta;
      return { ...state, scroll: Math.max(lo, Math.min(hi, state.scroll + delta)) };
    }
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

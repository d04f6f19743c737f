// Keys of review mode → actions (cargo insta review's keys, plus n / N to the next change).
// Only mapping, pure; decisions and quitting are carried out by the screen.

import type { Key } from 'ink';
import type { Decision, ReviewAction, ReviewState } from './review-state.js';

/** Actions the screen carries out itself: writing decisions, quitting. */
type ReviewEffect = { type: 'quit' } | { type: 'decide'; decision: Decision; rest: boolean };

export function reviewKeyAction(state: ReviewState, input: string, key: Key): ReviewAction | ReviewEffect | undefined {
  if (input === 'q' || key.escape) return { type: 'quit' };
  // Any other key closes the help overlay.
  if (state.help) return { type: 'toggleHelp' };
  if (input === 'a') return { type: 'decide', decision: 'accepted', rest: false };
  if (input === 'r') return { type: 'decide', decision: 'rejected', rest: false };
  if (input === 'A') return { type: 'decide', decision: 'accepted', rest: true };
  if (input === 'R') return { type: 'decide', decision: 'rejected', rest: true };
  if (input === 's' || key.rightArrow) return { type: 'skip' };
  if (key.leftArrow) return { type: 'back' };
  if (input === 'n') return { type: 'nextHunk' };
  if (input === 'N') return { type: 'previousHunk' };
  if (key.upArrow || input === 'k') return { type: 'scroll', delta: -1 };
  if (key.downArrow || input === 'j') return { type: 'scroll', delta: 1 };
  if (key.pageUp) return { type: 'scroll', delta: -1, page: true };
  if (key.pageDown) return { type: 'scroll', delta: 1, page: true };
  if (input === 'i') return { type: 'toggleIds' };
  if (input === '?') return { type: 'toggleHelp' };
  return undefined;
}

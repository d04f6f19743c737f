// A suite's tokenizers opened one after another within a budget of worker threads, an engine
// that cannot run one of them kept as a finding instead of an error.

import { EngineUnavailableError } from '../errors.js';
import { defaultWorkers } from '../tokenizers/pool-options.js';

/** A suite tokenizer whose engine could not run it: one finding, and the suite goes on. */
export interface UnavailableEngine {
  unavailable: EngineUnavailableError;
  close(): Promise<void>;
}

/** `opening`, with an engine that cannot run the tokenizer as a value instead of an error. */
export function orUnavailable<T>(opening: Promise<T>): Promise<T | UnavailableEngine> {
  return opening.catch((e) => {
    if (e instanceof EngineUnavailableError) return { unavailable: e, close: async () => {} };
    throw e;
  });
}

/**
 * Yields each item of a plan with what `open` makes of it, opening the next items while the
 * current one is worked on: a suite of several tokenizers on small corpora would otherwise
 * leave the cores idle while each one loads. Items are opened ahead while those waiting hold
 * fewer than `budget` worker threads (`workersOf`), at least one; every one opened is closed,
 * also when work on an earlier one fails.
 */
export async function* openedInTurn<P, T extends { close(): Promise<void> }>(
  plan: readonly P[],
  open: (item: P) => Promise<T>,
  workersOf: (item: P) => number,
  budget: number,
): AsyncGenerator<[P, T]> {
  const ahead: Array<Promise<T>> = [];
  let opened = 0;
  const openAhead = (current: number) => {
    let waiting = 0;
    for (let i = current + 1; i < opened; i++) waiting += workersOf(plan[i]!);
    while (opened < plan.length && (opened === current + 1 || waiting < budget)) {
      waiting += workersOf(plan[opened]!);
      const next = open(plan[opened++]!);
      next.catch(() => {}); // awaited in its turn, or closed below
      ahead.push(next);
    }
  };
  try {
    for (let i = 0; i < plan.length; i++) {
      if (opened === i) openAhead(i - 1);
      const current = await ahead.shift()!;
      try {
        openAhead(i);
        yield [plan[i]!, current];
      } finally {
        await current.close();
      }
    }
  } finally {
    await Promise.all(
      ahead.map((p) =>
        p.then(
          (t) => t.close(),
          () => {},
        ),
      ),
    );
  }
}

/** Workers worth starting: about one per 256 KiB of corpus, at most `requested` (default: the cores). */
export function workersFor(totalBytes: number, requested: number | undefined): number {
  if (requested !== undefined) return requested;
  return Math.max(1, Math.min(defaultWorkers(), Math.ceil(totalBytes / (256 * 1024))));
}

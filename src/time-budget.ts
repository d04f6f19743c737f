// A time limit for synchronous work on this thread (a tokenizer's regexes in `show`, a chat
// template): V8's watchdog thread interrupts the work when the limit passes (the vm module's
// timeout, which stops whatever JavaScript runs, functions of this realm included), and the
// caller gets its own error instead of a hang. Bulk work runs on pool workers instead, whose
// budget is enforced by terminating the worker (see tokenizers/pool.ts).

import vm from 'node:vm';
import { TokpeekError } from './errors.js';
import { clip } from './core/visible.js';
import type { ChatRenderer } from './core/chat/apply-template.js';
import type { ChatRecord, RenderedChat } from './core/chat/chat-record.js';
import { ChatTemplateError } from './core/chat/templates.js';
import { thousands } from './core/quantities.js';

const context = vm.createContext({} as { work?: () => unknown });
const script = new vm.Script('work()');

/** `work()`, or `onTimeout()` thrown when it runs longer than `ms`. */
export function withinBudget<T>(ms: number, work: () => T, onTimeout: () => Error): T {
  (context as { work?: () => unknown }).work = work;
  try {
    return script.runInContext(context, { timeout: Math.max(1, Math.round(ms)) }) as T;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw onTimeout();
    throw e;
  } finally {
    (context as { work?: () => unknown }).work = undefined;
  }
}

/**
 * How long one text may take to tokenize before the run stops: a base for any sample plus time
 * for its length (50 characters a millisecond is ten times slower than the js engine on prose),
 * so a backtracking pre-tokenizer regex ends in an error naming the sample instead of a hang.
 * TOKPEEK_SAMPLE_BUDGET_MS replaces the base (tests use a short one).
 */
export function sampleBudgetMs(chars: number, env: NodeJS.ProcessEnv = process.env): number {
  const base = Number(env.TOKPEEK_SAMPLE_BUDGET_MS);
  return (Number.isFinite(base) && base > 0 ? base : 10_000) + chars / 50;
}

/** A text took longer than its budget: exit 2, naming the sample when the caller knows it. */
export class SampleBudgetError extends TokpeekError {
  constructor(
    readonly text: string,
    readonly index: number,
    readonly ms: number,
    where?: string,
  ) {
    super(
      `${where ? `${where}: ` : ''}tokenizing this sample took over ${(ms / 1000).toFixed(1)} s (${thousands(text.length)} characters: "${clip(text, 60)}"), so the run stopped`,
      undefined,
      "A pre-tokenizer or normalizer regex that backtracks catastrophically does this; check the tokenizer's Split/Replace patterns.",
    );
  }
}

/** A chat template that ran past its budget on one record (a loop, or far too slow). */
export class ChatTemplateTimeout extends ChatTemplateError {
  constructor(readonly ms: number) {
    super(`the chat template ran longer than ${(ms / 1000).toFixed(1)} s on this record, so it was stopped`);
  }
}

/** One record through the chat template, stopped at the per-sample budget (a template that loops for ever). */
export function renderWithinBudget(
  renderer: Pick<ChatRenderer, 'render'>,
  record: ChatRecord,
  env: NodeJS.ProcessEnv = process.env,
): RenderedChat {
  const ms = sampleBudgetMs(0, env);
  return withinBudget(
    ms,
    () => renderer.render(record),
    () => new ChatTemplateTimeout(ms),
  );
}

/** The hint for a run in which the chat template was stopped on every record. */
export function templateTimeoutHint(ms: number): string {
  return `A template that loops (e.g. over range(...)) or does far too much work per record does this (the budget is ${(ms / 1000).toFixed(1)} s a record; TOKPEEK_SAMPLE_BUDGET_MS sets its base): fix the template, or give a corrected one with --chat-template FILE.jinja.`;
}

// What `report` counts in chat samples: assistant (trainable) tokens, and how many of them
// truncation at max_length cuts. Mergeable across shards like the rest of the accumulator.

import { type Finding, type Location, emptyFinding, mergeFinding, note } from './location.js';
import type { Observation } from './observation.js';

export interface ChatCounters {
  samples: number;
  assistantTokens: number;
  assistantLost: number;
  /** Assistant tokens in rows that fit whole (for the drop-vs-truncate what-if). */
  assistantInWholeRows: number;
  /** Rows with assistant tokens that fit whole. */
  trainableWholeRows: number;
  answersCut: Finding;
  noTrainableAfterTruncation: Finding;
  noAssistantTokens: Finding;
  emptyAnswers: Finding;
  unlocated: Finding;
}

const FINDINGS = [
  'answersCut',
  'noTrainableAfterTruncation',
  'noAssistantTokens',
  'emptyAnswers',
  'unlocated',
] as const;

export function newChatCounters(): ChatCounters {
  return {
    samples: 0,
    assistantTokens: 0,
    assistantLost: 0,
    assistantInWholeRows: 0,
    trainableWholeRows: 0,
    answersCut: emptyFinding(),
    noTrainableAfterTruncation: emptyFinding(),
    noAssistantTokens: emptyFinding(),
    emptyAnswers: emptyFinding(),
    unlocated: emptyFinding(),
  };
}

/** Counts a chat sample; `dropped` is the token range truncation cuts, if any. */
export function observeChat(
  chat: ChatCounters,
  where: Location,
  sample: NonNullable<Observation['chat']>,
  dropped: [number, number] | undefined,
): void {
  const { mask, spans } = sample;
  chat.samples++;
  let total = 0;
  for (let i = 0; i < mask.length; i++) total += mask[i]!;
  chat.assistantTokens += total;
  if (sample.emptyAnswers) note(chat.emptyAnswers, where, sample.emptyAnswers);
  const unlocated = spans.filter((s) => s === null).length;
  if (unlocated) note(chat.unlocated, where, unlocated);
  if (total === 0) {
    note(chat.noAssistantTokens, where);
    return;
  }
  if (!dropped) {
    chat.assistantInWholeRows += total;
    chat.trainableWholeRows++;
    return;
  }
  let lost = 0;
  for (let i = dropped[0]; i < dropped[1]; i++) lost += mask[i]!;
  if (lost) {
    chat.assistantLost += lost;
    note(chat.answersCut, { ...where, detail: `${lost} of ${total} assistant tokens cut` });
    if (lost === total) note(chat.noTrainableAfterTruncation, where);
  }
}

/** Adds another shard's counters; `order` keeps the examples of one run (see mergeFinding). */
export function mergeChatCounters(c: ChatCounters, o: ChatCounters, order: (a: Location, b: Location) => number): void {
  c.samples += o.samples;
  c.assistantTokens += o.assistantTokens;
  c.assistantLost += o.assistantLost;
  c.assistantInWholeRows += o.assistantInWholeRows;
  c.trainableWholeRows += o.trainableWholeRows;
  for (const k of FINDINGS) mergeFinding(c[k], o[k], order);
}

// `tokpeek review [SELECTOR...]`: the pending snapshot changes one at a time in a terminal
// screen (accept, reject, skip), like `cargo insta review`. Every decision goes through the
// snapshot store at once (atomic writes), so quitting half-way keeps what was decided and
// leaves the rest pending. Without a terminal it says which commands do the same.

import type { Io } from '../io.js';
import { interactive } from '../io.js';
import { UsageError } from '../errors.js';
import { readSuite } from '../snapshot/config-file.js';
import { type PendingChange, acceptPending, listPending, rejectPending } from '../snapshot/store.js';
import { parse } from './options.js';
import { SELECT_OPTIONS, selectChanges } from './pending.js';

const HELP = `Usage: tokpeek review [SELECTOR...] [-c FILE]

Shows each pending snapshot change (what \`tokpeek check\` left in .snap.new files) with the
old and the new tokenization, the tokens that differ highlighted and the drift classes, and
asks for a decision:

  a  accept (the snapshot takes the new tokenization)    A  accept this and all remaining
  r  reject (the pending change is dropped)              R  reject this and all remaining
  s  skip (stays pending)   ← back   ↑ ↓ scroll   i ids   ? help   q quit

Each decision is written at once; quitting keeps them, skipped changes stay pending.
A SELECTOR (id tokenizer/corpus#key, a key or its first 6+ characters, tokenizer/corpus)
reviews only the changes it names. Needs a terminal: elsewhere use \`tokpeek pending\`,
then \`tokpeek accept\` / \`tokpeek reject\`.

  -c, --config FILE  suite config (default ./tokpeek.config.json)`;

export async function review(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('review', args, SELECT_OPTIONS);
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return 0;
  }
  const suite = readSuite(values.config, io.cwd);
  const changes = selectChanges(listPending(suite), positionals);
  if (changes.length === 0) {
    io.stdout.write('no pending snapshot changes\n');
    return 0;
  }
  if (!interactive(io)) {
    throw new UsageError(
      `review needs a terminal (${changes.length} pending ${changes.length === 1 ? 'change' : 'changes'})`,
      'Without one: `tokpeek pending` lists them, `tokpeek accept [SELECTOR...]` / `tokpeek reject [SELECTOR...]` decide them.',
    );
  }
  process.env.NODE_ENV ??= 'production';
  const { reviewScreen } = await import('../ui/review/review-screen.js');
  const decide = (chosen: PendingChange[], decision: 'accepted' | 'rejected') =>
    void (decision === 'accepted' ? acceptPending(chosen) : rejectPending(chosen));
  const { state, code } = await reviewScreen(changes, decide, io, { suite });
  let accepted = 0;
  let rejected = 0;
  for (const d of state.decisions.values()) d === 'accepted' ? accepted++ : rejected++;
  const left = listPending(suite).length;
  io.stdout.write(
    `reviewed ${changes.length} ${changes.length === 1 ? 'change' : 'changes'}: ${accepted} accepted, ${rejected} rejected${left ? `; ${left} still pending` : ''}\n`,
  );
  return code ?? 0;
}

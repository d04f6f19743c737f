// `tokpeek review [SELECTOR...]`: the pending snapshot changes one at a time in a terminal
// screen (accept, reject, skip), like `cargo insta review`. Every decision goes through the
// snapshot store at once (atomic writes), so quitting half-way keeps what was decided and
// leaves the rest pending. Without a terminal it says which commands do the same.

import { interactive } from '../io.js';
import { ciPolicy, refuseInCi } from '../ci-policy.js';
import { UsageError } from '../errors.js';
import { readSuite } from '../snapshot/config-file.js';
import type { PendingChange } from '../core/snapshot/pending-changes.js';
import { acceptPending, listPending, rejectPending } from '../snapshot/store.js';
import { tokenizerExplanations, withLiveLocations } from './review-data.js';
import { defineCommand } from './definition.js';
import { themeOption } from './option-groups.js';
import { DECIDE_OPTIONS, SELECTOR, SELECTOR_HELP, selectChanges } from './pending-changes.js';
import { plural } from '../core/quantities.js';

export const review = defineCommand({
  name: 'review',
  usage: ['review [SELECTOR...] [-c FILE] [--theme NAME] [--ci]'],
  description: `Shows each pending snapshot change (what \`tokpeek check\` left in .snap.new files) with the
old and the new tokenization, the tokens that differ highlighted and the drift classes, and
asks for a decision:

  a  accept (the snapshot takes the new tokenization)    A  accept this and all remaining
  r  reject (the pending change is dropped)              R  reject this and all remaining
  s  skip (stays pending)   ← back   ↑ ↓ scroll   i ids   ? help   q quit

Each decision is written at once; quitting keeps them, skipped changes stay pending.
${SELECTOR_HELP} Needs a terminal: elsewhere use \`tokpeek pending\`, then
\`tokpeek accept\` / \`tokpeek reject\`.`,
  positionals: SELECTOR,
  options: { ...DECIDE_OPTIONS, theme: themeOption },
  run: async ({ values, positionals }, io) => {
    const suite = readSuite(values.config, io.cwd);
    const changes = selectChanges(listPending(suite), positionals);
    if (changes.length === 0) {
      io.stdout.write('no pending snapshot changes\n');
      return 0;
    }
    refuseInCi(ciPolicy(io.env, values.ci), 'review writes snapshots', 'tokpeek review');
    if (!interactive(io)) {
      throw new UsageError(
        `review needs a terminal (${plural(changes.length, 'pending change')})`,
        'Without one: `tokpeek pending` lists them, `tokpeek accept [SELECTOR...]` / `tokpeek reject [SELECTOR...]` decide them.',
      );
    }
    process.env.NODE_ENV ??= 'production';
    const { reviewScreen } = await import('../ui/review/review-screen.js');
    const decide = (chosen: PendingChange[], decision: 'accepted' | 'rejected') =>
      void (decision === 'accepted' ? acceptPending(chosen) : rejectPending(chosen));
    const shown = await withLiveLocations(changes, suite);
    const explain = tokenizerExplanations();
    const { state, code } = await reviewScreen(shown, decide, io, { theme: values.theme, explain });
    let accepted = 0;
    let rejected = 0;
    for (const d of state.decisions.values()) d === 'accepted' ? accepted++ : rejected++;
    const left = listPending(suite).length;
    io.stdout.write(
      `reviewed ${plural(changes.length, 'change')}: ${accepted} accepted, ${rejected} rejected${left ? `; ${left} still pending` : ''}\n`,
    );
    return code ?? 0;
  },
});

// What pending, accept, reject and review share: choosing pending changes by selector, and
// deciding them (accept moves them into the snapshots, reject drops them).

import { ciPolicy, refuseInCi } from '../ci-policy.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { readSuite } from '../snapshot/config-file.js';
import type { PendingChange } from '../core/snapshot/pending-changes.js';
import { acceptPending, listPending, rejectPending } from '../snapshot/store.js';
import { plural } from '../core/quantities.js';
import type { OptionValues } from './definition.js';
import { ciOption, configOption } from './option-groups.js';

export const SELECTOR = { name: 'SELECTOR...' } as const;
export const SELECTOR_HELP =
  'A SELECTOR is an id (tokenizer/corpus#key), a key or its first 6+ characters, or tokenizer/corpus.';

export const SELECT_OPTIONS = { config: configOption } as const;
/** accept, reject and review write snapshots: they take --ci like every writing command. */
export const DECIDE_OPTIONS = { ...SELECT_OPTIONS, ci: ciOption } as const;

/** Changes matching any selector (all of them when there is none); a selector that matches nothing is an error. */
export function selectChanges(changes: PendingChange[], selectors: string[]): PendingChange[] {
  if (selectors.length === 0) return changes;
  const out = new Set<PendingChange>();
  for (const sel of selectors) {
    const hits = changes.filter(
      (c) =>
        c.id === sel ||
        `${c.tokenizer}/${c.corpus}` === sel ||
        (/^[0-9a-f]{6,16}$/.test(sel) && c.key.startsWith(sel)) ||
        (sel.includes('#') && c.id.startsWith(sel) && sel.split('#')[1]!.length >= 6),
    );
    if (hits.length === 0)
      throw new UsageError(`no pending change matches "${sel}"`, 'List them with `tokpeek pending`.');
    for (const h of hits) out.add(h);
  }
  return changes.filter((c) => out.has(c));
}

/** accept / reject: decides the selected pending changes and says what is left. */
export async function decide(
  verb: 'accept' | 'reject',
  { values, positionals }: { values: OptionValues<typeof DECIDE_OPTIONS>; positionals: string[] },
  io: Io,
): Promise<number> {
  refuseInCi(ciPolicy(io.env, values.ci), `${verb} writes snapshots`, `tokpeek ${verb}`);
  const suite = readSuite(values.config, io.cwd);
  const chosen = selectChanges(listPending(suite), positionals);
  if (chosen.length === 0) {
    io.stdout.write('no pending snapshot changes\n');
    return 0;
  }
  const n = verb === 'accept' ? acceptPending(chosen) : rejectPending(chosen);
  const left = listPending(suite).length;
  io.stdout.write(
    `${verb === 'accept' ? 'accepted' : 'rejected'} ${plural(n, 'change')}${left ? `; ${left} still pending` : ''}\n`,
  );
  return 0;
}

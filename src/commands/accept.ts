// `tokpeek accept [SELECTOR...]`: moves pending changes into the snapshots.

import type { Io } from '../io.js';
import { readSuite } from '../snapshot/config-file.js';
import { acceptPending, listPending, rejectPending } from '../snapshot/store.js';
import { parse } from './options.js';
import { SELECT_OPTIONS, selectChanges } from './pending.js';
import { ciPolicy, refuseInCi } from '../ci-policy.js';

const HELP = `Usage: tokpeek accept [SELECTOR...] [-c FILE]

Accepts pending snapshot changes (from .snap.new files) into the snapshots: all of them,
or those a SELECTOR names (an id tokenizer/corpus#key, a key or its first 6+ characters,
or tokenizer/corpus). See them first with \`tokpeek pending\`.`;

export async function accept(args: string[], io: Io): Promise<number> {
  return decide('accept', HELP, args, io);
}

export async function decide(verb: 'accept' | 'reject', help: string, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(verb, args, { ...SELECT_OPTIONS, all: { type: 'boolean' } });
  if (values.help) {
    io.stdout.write(help + '\n');
    return 0;
  }
  refuseInCi(ciPolicy(io.env), `${verb} writes snapshots`, `tokpeek ${verb}`);
  const suite = readSuite(values.config, io.cwd);
  const all = listPending(suite);
  const chosen = selectChanges(all, positionals);
  if (chosen.length === 0) {
    io.stdout.write('no pending snapshot changes\n');
    return 0;
  }
  const n = verb === 'accept' ? acceptPending(chosen) : rejectPending(chosen);
  const left = listPending(suite).length;
  io.stdout.write(
    `${verb === 'accept' ? 'accepted' : 'rejected'} ${n} ${n === 1 ? 'change' : 'changes'}${left ? `; ${left} still pending` : ''}\n`,
  );
  return 0;
}

// `tokpeek reject [SELECTOR...]`: drops pending changes, keeping the snapshots as they are.

import type { Io } from '../io.js';
import { decide } from './accept.js';

const HELP = `Usage: tokpeek reject [SELECTOR...] [-c FILE]

Rejects pending snapshot changes: all of them, or those a SELECTOR names (an id
tokenizer/corpus#key, a key or its first 6+ characters, or tokenizer/corpus). The
snapshots stay as they are; \`tokpeek check\` will report the drift again.`;

export async function reject(args: string[], io: Io): Promise<number> {
  return decide('reject', HELP, args, io);
}

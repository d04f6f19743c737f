// `tokpeek reject [SELECTOR...]`: drops pending changes, keeping the snapshots as they are.

import { defineCommand } from './definition.js';
import { DECIDE_OPTIONS, SELECTOR, SELECTOR_HELP, decide } from './pending-changes.js';

export const reject = defineCommand({
  name: 'reject',
  usage: ['reject [SELECTOR...] [-c FILE] [--ci]'],
  description: `Rejects pending snapshot changes: all of them, or those a SELECTOR names. ${SELECTOR_HELP}
The snapshots stay as they are; \`tokpeek check\` will report the drift again.`,
  positionals: SELECTOR,
  options: DECIDE_OPTIONS,
  run: (input, io) => decide('reject', input, io),
});

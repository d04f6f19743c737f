// `tokpeek accept [SELECTOR...]`: moves pending changes into the snapshots.

import { defineCommand } from './definition.js';
import { DECIDE_OPTIONS, SELECTOR, SELECTOR_HELP, decide } from './pending-changes.js';

export const accept = defineCommand({
  name: 'accept',
  usage: ['accept [SELECTOR...] [-c FILE] [--ci]'],
  description: `Accepts pending snapshot changes (from .snap.new files) into the snapshots: all of them,
or those a SELECTOR names. ${SELECTOR_HELP} See them first with \`tokpeek pending\`.`,
  positionals: SELECTOR,
  options: DECIDE_OPTIONS,
  run: (input, io) => decide('accept', input, io),
});

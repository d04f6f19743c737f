// Writes docs/commands.md from the command definitions (run by `npm run docs`, after a build).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../dist/cli.js';
import { commandReference } from '../../dist/commands/reference.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const commands = await Promise.all(
  Object.entries(COMMANDS).map(async ([name, c]) => ({ name, summary: c.summary, def: await c.load() })),
);
fs.writeFileSync(path.join(root, 'docs', 'commands.md'), commandReference(commands));
console.log('wrote docs/commands.md');

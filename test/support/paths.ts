// Where the checkout is, for every tier (importing it spawns nothing, unlike run-cli.ts).

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// Setup of the unit tier (vitest.config.ts): a unit test that spawns a process or reads a real
// tokenizer fails at once, naming what it did. Real tokenizers (src/bundled, node_modules, an HF
// cache) belong to the integration tier; unit tests read test/fixtures and what they derive
// from them in a temporary folder.

import childProcess from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ALLOWED = [path.join(ROOT, 'test', 'fixtures'), fs.realpathSync(os.tmpdir()), os.tmpdir()];
/** Files that define a tokenizer, in every format tokpeek reads. */
export const TOKENIZER_FILE = /(^|[\\/])(tokenizer\.json|tokenizer_config\.json|[^\\/]*\.gguf|[^\\/]*\.tiktoken)$/;

/** Why the unit tier may not read `file`, or undefined when it may. */
export function forbiddenRead(file: unknown): string | undefined {
  if (typeof file !== 'string' && !(file instanceof URL)) return undefined;
  const p = path.resolve(file instanceof URL ? file.pathname : file);
  if (!TOKENIZER_FILE.test(p)) return undefined;
  // Inside the checkout only test/fixtures counts, even when the checkout itself lies in the temp folder (CI clones).
  const inCheckout = p.startsWith(ROOT + path.sep);
  const allowed = inCheckout ? ALLOWED.slice(0, 1) : ALLOWED;
  if (allowed.some((dir) => p.startsWith(dir + path.sep))) return undefined;
  return `the unit tier reads only fixture tokenizers (test/fixtures or a temporary copy); it read ${p}`;
}

function guardReads<T extends (...args: any[]) => any>(read: T): T {
  return function (this: unknown, ...args: any[]) {
    const why = forbiddenRead(args[0]);
    if (why) throw new Error(why);
    return read.apply(this, args);
  } as T;
}

fs.readFileSync = guardReads(fs.readFileSync);
fs.openSync = guardReads(fs.openSync);
fs.createReadStream = guardReads(fs.createReadStream);
function guardAsyncReads<T extends (...args: any[]) => Promise<any>>(read: T): T {
  return async function (this: unknown, ...args: any[]) {
    const why = forbiddenRead(args[0]);
    if (why) throw new Error(why);
    return read.apply(this, args);
  } as T;
}

fs.promises.readFile = guardAsyncReads(fs.promises.readFile);
fs.promises.open = guardAsyncReads(fs.promises.open);

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  (childProcess as any)[name] = () => {
    throw new Error(`the unit tier spawns no process (child_process.${name}); such tests belong in test/integration`);
  };
}
syncBuiltinESMExports();

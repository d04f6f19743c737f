// A snapshot process killed while it writes leaves the previous snapshot intact: the new
// content goes to a temp file in the same folder that is renamed over the old one only when
// complete. The test kills `tokpeek snapshot` (SIGKILL) the moment its temp file appears.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/run-cli.js';
import { benchLines } from '../bench/corpus.mjs';
import { makeSuite } from '../support/snapshot-suite.js';

function killWhenTempAppears(cwd: string, dir: string): Promise<{ killedMidWrite: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.CI;
    const child = spawn(process.execPath, [BIN, 'snapshot', '--workers', '1'], { cwd, env, stdio: 'ignore' });
    let killedMidWrite = false;
    const watcher = fs.watch(dir, (_event, name) => {
      if (
        !killedMidWrite &&
        name &&
        /\.tmp-\d+-\d+$/.test(String(name)) &&
        fs.existsSync(path.join(dir, String(name)))
      ) {
        killedMidWrite = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      watcher.close();
      resolve({ killedMidWrite, code });
    });
  });
}

describe('atomic snapshot writes', () => {
  it('a snapshot process killed mid-write leaves the old file intact, and the next run cleans up', async () => {
    const s = makeSuite({ tokenizers: { mini: './tok' }, corpora: { big: 'corpora/big.txt' } });
    s.write('corpora/big.txt', (benchLines(20_000) as string[]).join('\n') + '\n');
    expect((await s.run(['snapshot'])).code).toBe(0);
    const file = s.file('snapshots/mini/big.snap');
    const old = fs.readFileSync(file);
    // A corpus large enough that writing its snapshot takes a while.
    s.write('corpora/big.txt', (benchLines(800_000) as string[]).join('\n') + '\n'); // ~3.7 MB of snapshot
    let result = { killedMidWrite: false, code: null as number | null };
    for (let attempt = 0; attempt < 3 && !result.killedMidWrite; attempt++) {
      result = await killWhenTempAppears(s.dir, path.dirname(file));
      if (!result.killedMidWrite) fs.writeFileSync(file, old); // it finished first: put the old file back and try again
    }
    expect(result.killedMidWrite).toBe(true);
    expect(result.code).toBe(null); // killed, not exited
    expect(fs.readFileSync(file).equals(old)).toBe(true);
    const leftovers = fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.tmp-'));
    expect(leftovers.length).toBe(1);
    // The old snapshot still parses, and the next run removes the dead process's temp file.
    const r = await s.run(['check', '--ci']);
    expect(r.code).toBe(1); // the corpus grew: samples without snapshots, no damage
    expect(r.stderr).toBe('');
    expect((await s.run(['snapshot'])).code).toBe(0);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

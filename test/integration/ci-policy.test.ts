// The one CI policy through the real binary: with CI set (any value but '', 0, false, no, off)
// or --ci, no command writes snapshots or pending changes, and each refusal is one line naming
// what to run locally; CI=false and CI=0 mean what they say everywhere.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lowercase } from '../support/fixture-tokenizers.js';
import { makeSuite } from '../support/snapshot-suite.js';

const SNAP = 'snapshots/mini/prose.snap';
const PENDING = 'snapshots/mini/prose.snap.new';

describe('the CI policy', () => {
  it('snapshot, accept, reject and check --update refuse to write in CI; CI=false and CI=0 are not CI', async () => {
    const s = makeSuite();
    const refused = await s.run(['snapshot'], { env: { CI: 'true' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^tokpeek: snapshot writes snapshots, which tokpeek never does in CI \(CI=true\)\n/);
    expect(refused.stderr).toContain('Run `tokpeek snapshot` on your machine');
    expect(fs.existsSync(s.file(SNAP))).toBe(false);
    expect((await s.run(['snapshot'], { env: { CI: 'false' } })).code).toBe(0);

    s.editTokenizer({ tokenizer: lowercase });
    // In CI, check reports the drift and writes nothing, whichever way CI is said.
    for (const env of [{ CI: '1' }, { CI: 'yes' }]) {
      expect((await s.run(['check'], { env })).code).toBe(1);
      expect(fs.existsSync(s.file(PENDING))).toBe(false);
    }
    expect((await s.run(['check', '--ci'], { env: { CI: '0' } })).code).toBe(1);
    expect(fs.existsSync(s.file(PENDING))).toBe(false);
    const update = await s.run(['check', '--update', '--ci']);
    expect(update.code).toBe(2);
    expect(update.stderr).toMatch(/check --update writes snapshots, which tokpeek never does in CI \(--ci\)/);

    // Outside CI (CI=0 counts as outside), check leaves pending changes; accept/reject refuse them in CI.
    expect((await s.run(['check'], { env: { CI: '0' } })).code).toBe(1);
    expect(fs.existsSync(s.file(PENDING))).toBe(true);
    const before = s.read(SNAP);
    for (const verb of ['accept', 'reject']) {
      const r = await s.run([verb], { env: { CI: 'true' } });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${verb} writes snapshots, which tokpeek never does in CI (CI=true)`);
    }
    expect(s.read(SNAP)).toBe(before);
    expect(fs.existsSync(s.file(PENDING))).toBe(true);
    expect((await s.run(['accept'], { env: { CI: 'off' } })).code).toBe(0);
    expect((await s.run(['check', '--ci'])).code).toBe(0);
  });
});

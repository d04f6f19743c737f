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
  it('snapshot, accept, reject, review and check --update refuse (CI set, or --ci) to write in CI; CI=false and CI=0 are not CI', async () => {
    const s = makeSuite();
    const refused = await s.run(['snapshot'], { env: { CI: 'true' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^tokpeek: snapshot writes snapshots, which tokpeek never does in CI \(CI=true\)\n/);
    expect(refused.stderr).toContain('Run `tokpeek snapshot` on your machine');
    expect(fs.existsSync(s.file(SNAP))).toBe(false);
    // --ci says the same where the variable is unset or off.
    for (const env of [{}, { CI: 'false' }]) {
      const flagged = await s.run(['snapshot', '--ci'], { env });
      expect(flagged.code).toBe(2);
      expect(flagged.stderr).toBe(
        'tokpeek: snapshot writes snapshots, which tokpeek never does in CI (--ci)\n' +
          '  Run `tokpeek snapshot` on your machine and commit the snapshots; to write here anyway, set CI=0 for this command.\n',
      );
      expect(fs.existsSync(s.file(SNAP))).toBe(false);
    }
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
    for (const verb of ['accept', 'reject', 'review']) {
      const r = await s.run([verb], { env: { CI: 'true' } });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${verb} writes snapshots, which tokpeek never does in CI (CI=true)`);
      expect(r.stderr).toContain(`Run \`tokpeek ${verb}\` on your machine`);
      const flagged = await s.run([verb, '--ci']);
      expect(flagged.code).toBe(2);
      expect(flagged.stderr).toMatch(
        new RegExp(`^tokpeek: ${verb} writes snapshots, which tokpeek never does in CI \\(--ci\\)\n`),
      );
    }
    expect(s.read(SNAP)).toBe(before);
    expect(fs.existsSync(s.file(PENDING))).toBe(true);
    expect((await s.run(['accept'], { env: { CI: 'off' } })).code).toBe(0);
    expect((await s.run(['check', '--ci'])).code).toBe(0);
  });
});

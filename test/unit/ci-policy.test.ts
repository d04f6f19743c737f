import { describe, expect, it } from 'vitest';
import { ciPolicy, refuseInCi } from '../../src/ci-policy.js';
import { UsageError } from '../../src/errors.js';

describe('the CI policy', () => {
  it('reads CI the same way for every command: unset, empty, 0, false, no and off are not CI', () => {
    for (const v of [undefined, '', '0', 'false', 'FALSE', 'False', 'no', 'off', ' 0 '])
      expect(ciPolicy({ CI: v }).ci, String(v)).toBe(false);
    for (const v of ['1', 'true', 'TRUE', 'yes', 'woodpecker'])
      expect(ciPolicy({ CI: v }), v).toEqual({ ci: true, because: `CI=${v}` });
  });

  it('--ci makes a run CI whatever the variable says', () => {
    expect(ciPolicy({ CI: 'false' }, true)).toEqual({ ci: true, because: '--ci' });
    expect(ciPolicy({}, true).ci).toBe(true);
  });

  it('refuses a write in CI with one line naming why and what to run locally', () => {
    expect(() => refuseInCi({ ci: false }, 'snapshot writes snapshots', 'tokpeek snapshot')).not.toThrow();
    const refuse = () => refuseInCi(ciPolicy({ CI: 'true' }), 'snapshot writes snapshots', 'tokpeek snapshot');
    expect(refuse).toThrow(UsageError);
    expect(refuse).toThrow('snapshot writes snapshots, which tokpeek never does in CI (CI=true)');
    try {
      refuse();
    } catch (e) {
      expect((e as UsageError).hint).toContain('Run `tokpeek snapshot` on your machine');
      expect((e as UsageError).exitCode).toBe(2);
    }
  });

  it('shows a long CI value clipped', () => {
    expect(ciPolicy({ CI: 'x'.repeat(50) }).because).toBe(`CI=${'x'.repeat(20)}…`);
  });
});

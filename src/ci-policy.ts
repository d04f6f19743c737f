// The one CI policy, like insta's snapshot update behaviour: whether this run is CI is decided
// here and nowhere else, from `--ci` and the CI variable. In CI, no command writes snapshots or
// pending changes (a CI job must fail on drift, not record it), no screen opens, no progress bar
// is drawn; the refusal says what to run locally instead.

import { UsageError } from './errors.js';

interface CiPolicy {
  ci: boolean;
  /** Why: `--ci`, or the CI variable as set (`CI=true`); undefined outside CI. */
  because?: string;
}

/** CI variable values that mean "not CI" (what CI systems and users write to switch it off). */
const OFF = new Set(['', '0', 'false', 'no', 'off']);

export function ciPolicy(env: NodeJS.ProcessEnv, flag = false): CiPolicy {
  if (flag) return { ci: true, because: '--ci' };
  const v = env.CI;
  if (v === undefined || OFF.has(v.trim().toLowerCase())) return { ci: false };
  return { ci: true, because: `CI=${v.length > 20 ? `${v.slice(0, 20)}…` : v}` };
}

/**
 * Throws the one refusal for a write CI never makes. `what` names the write
 * ("snapshot writes snapshots"); `local` is the command to run on a developer's machine.
 */
export function refuseInCi(policy: CiPolicy, what: string, local: string): void {
  if (!policy.ci) return;
  throw new UsageError(
    `${what}, which tokpeek never does in CI (${policy.because})`,
    `Run \`${local}\` on your machine and commit the snapshots; to write here anyway, set CI=0 for this command.`,
  );
}

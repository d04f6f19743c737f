// Frames of an Ink app rendered with ink-testing-library, for tests that wait for what they
// expect instead of sleeping (Shopify cli-kit's sendInputAndWaitForChange): a key is written,
// then the test waits until the frame has changed, polling on the event loop.

import type { render } from 'ink-testing-library';

const SGR = /\x1b\[[0-9;]*m/g;
export const stripSgr = (s: string) => s.replace(SGR, '');

// Generous: loading a real tokenizer on a busy 2-core machine takes seconds; a passing test never waits it out.
const WAIT_MS = 60_000;

async function until(ok: () => boolean, describe: () => string): Promise<void> {
  const started = Date.now();
  while (!ok()) {
    if (Date.now() - started > WAIT_MS) throw new Error(describe());
    await new Promise((r) => setImmediate(r));
    if (!ok()) await new Promise((r) => setTimeout(r, 2));
  }
}

export function inkFrames(app: ReturnType<typeof render>) {
  const raw = () => app.lastFrame() ?? '';
  const frame = () => stripSgr(raw());
  /** Resolves once the (ANSI-stripped) frame contains `test`, matches it, or `test()` holds. */
  const waitFor = (test: string | RegExp | (() => boolean), what = String(test)) =>
    until(
      () => (typeof test === 'string' ? frame().includes(test) : test instanceof RegExp ? test.test(frame()) : test()),
      () => `the frame never showed ${what}:\n${frame()}`,
    );
  /** Writes each key and waits for the frame to change before the next one. */
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      const before = raw();
      app.stdin.write(k);
      await until(
        () => raw() !== before,
        () => `the frame did not change after ${JSON.stringify(k)}:\n${frame()}`,
      );
    }
  };
  return { raw, frame, waitFor, press };
}

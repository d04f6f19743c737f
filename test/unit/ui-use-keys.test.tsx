// useKeys must hand a key to the handler of the latest committed render. Ink's useInput
// re-subscribes its handler in a passive effect, so a key that arrives after a commit but before
// that effect ran (a loaded machine: the frame is out, the user presses on, the poll phase comes
// before setImmediate's) met the previous render's closure: browse's `n` then jumped from the
// cursor the screen no longer showed.

import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { useLayoutEffect, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { useKeys } from '../../src/ui/use-keys.js';

function Probe({ seen, bump, committed }: Props) {
  const [n, setN] = useState(0);
  bump.current = () => setN((x) => x + 1);
  useLayoutEffect(() => {
    committed.push(n);
  });
  useKeys(
    (input) => {
      if (input === 'x') seen.push(n);
    },
    { isActive: true },
  );
  return <Text>n={n}</Text>;
}

type Props = { seen: number[]; committed: number[]; bump: { current?: () => void } };

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('useKeys', () => {
  it('a key right after a commit meets that render’s handler, before passive effects ran', async () => {
    const seen: number[] = [];
    const committed: number[] = [];
    const bump: { current?: () => void } = {};
    const app = render(<Probe seen={seen} committed={committed} bump={bump} />);
    await settle();
    app.stdin.write('x');
    bump.current?.();
    // React commits n=1 in a Scheduler macrotask and runs its passive effects in a later one.
    for (let i = 0; i < 100 && committed.at(-1) !== 1; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(committed.at(-1)).toBe(1);
    app.stdin.write('x');
    await settle();
    app.stdin.write('x');
    expect(seen).toEqual([0, 1, 1]);
    app.unmount();
  });
});

// The terminal's size as React state: a resize re-lays out the screen.

import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** Terminal size, updated on resize (Ink's test stdout has no rows: 24 then). */
export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return size;
}

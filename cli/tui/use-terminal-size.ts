/**
 * The terminal's size, updated on resize.
 * @module
 */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** Columns and rows of the output terminal (80×24 when unknown); `fixed` overrides both (tests). */
export function useTerminalSize(fixed?: { width?: number; height?: number }): { width: number; height: number } {
  const { stdout } = useStdout();
  const read = (): { width: number; height: number } => ({
    width: fixed?.width ?? (stdout.columns > 0 ? stdout.columns : 80),
    height: fixed?.height ?? (stdout.rows > 0 ? stdout.rows : 24),
  });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed?.width, fixed?.height]);
  return size;
}

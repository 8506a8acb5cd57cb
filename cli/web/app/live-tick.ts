/**
 * A counter that goes up at most once every `ms` while the live stream's generation moves: a
 * view that recomputes on the server (the trace list, the analytics) depends on it, so events
 * arriving quickly cost one request per period, not one per message.
 * @module
 */
import { useEffect, useRef, useState } from 'react';

export function useLiveTick(generation: number, ms: number): number {
  const [tick, setTick] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (generation === 0 || timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      setTick((x) => x + 1);
    }, ms);
  }, [generation, ms]);
  useEffect(() => () => clearTimeout(timer.current), []);
  return tick;
}

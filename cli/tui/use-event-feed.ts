/**
 * Feeds events from a source into the model at a capped frame rate: whatever arrives within
 * one frame (default 50 ms, 20 fps) is appended in one batch and rendered once, so thousands
 * of events per second cost at most twenty renders.
 * @module
 */
import { useEffect } from 'react';
import type { TraceEvent } from '../../src/event.js';
import type { ViewerModel } from './viewer-model.js';

/**
 * A source of events: calls `push` with batches until the input ends (resolve, optionally
 * with a closing note such as "skipped 3 lines") or `signal` aborts. `push` may return a
 * promise; awaiting it yields to the terminal between batches.
 */
export type EventSource = (push: (events: readonly TraceEvent[]) => Promise<void>, signal: AbortSignal) => Promise<string | void>;

/** An {@link EventSource} over an array or any (async) iterable, in batches of `batch` events. */
export function iterableSource(events: Iterable<TraceEvent> | AsyncIterable<TraceEvent>, batch = 1000): EventSource {
  return async (push, signal) => {
    let buf: TraceEvent[] = [];
    for await (const e of events as AsyncIterable<TraceEvent>) {
      if (signal.aborted) return;
      buf.push(e);
      if (buf.length >= batch) {
        await push(buf);
        buf = [];
      }
    }
    if (buf.length > 0) await push(buf);
  };
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `source` while the component is mounted, appending its events to `model` at most once
 * per `frameMs` and calling `rerender` after each append and when the source ends or fails.
 */
export function useEventFeed(model: ViewerModel, source: EventSource | undefined, rerender: () => void, frameMs = 50): void {
  useEffect(() => {
    if (source === undefined) return undefined;
    const ac = new AbortController();
    let pending: TraceEvent[] = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = (): void => {
      timer = undefined;
      if (pending.length === 0 || ac.signal.aborted) return;
      const batch = pending;
      pending = [];
      model.dispatch({ type: 'append', events: batch });
      rerender();
    };
    const push = (events: readonly TraceEvent[]): Promise<void> => {
      for (const e of events) pending.push(e);
      if (timer === undefined) timer = setTimeout(flush, frameMs);
      return yieldToLoop();
    };
    const finish = (note: string | void): void => {
      if (ac.signal.aborted) return;
      if (timer !== undefined) clearTimeout(timer);
      flush();
      model.dispatch({ type: 'ended' });
      if (typeof note === 'string') model.endNote = note;
      rerender();
    };
    source(push, ac.signal).then(finish,
      (err: unknown) => finish(`input failed: ${err instanceof Error ? err.message : String(err)}`));
    return () => {
      ac.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [model, source, rerender, frameMs]);
}

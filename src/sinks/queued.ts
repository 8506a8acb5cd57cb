/**
 * A bounded asynchronous queue in front of a slow sink: `write()` only enqueues, delivery
 * happens off the caller's stack, and memory stays bounded. Overflow policy (the same as
 * stdout's): "drop newest, count, report".
 * @module
 */
import { reportFailure } from '../errors.js';
import type { TraceEvent } from '../event.js';
import type { Sink } from './types.js';

/** Options of {@link queuedSink}. */
export interface QueuedSinkOptions {
  /** Most events held (queued, not yet handed to the inner sink) before new ones are dropped (default 10,000). */
  maxEvents?: number;
  /** Events handed to a synchronous inner sink per event-loop turn (default 500). */
  batch?: number;
  /** Called with the number dropped since the last report, once the queue has drained. */
  onDrop?: (dropped: number) => void;
  /** Called at the first drop of an overflow episode. */
  onOverflow?: () => void;
}

/** A queued sink, with its counters and the hooks the tracer uses. */
export interface QueuedSink extends Sink {
  /** Events waiting now. */
  readonly queued: number;
  /** Events dropped since creation. */
  readonly dropped: number;
  /** Events handed to the inner sink since creation. */
  readonly delivered: number;
  /** Hands everything queued to the inner sink synchronously (best effort, used on exit). */
  flushSync(): void;
  /** Wires drop reports (the tracer calls this when the sink is added). */
  reportDropsTo(onDrop: (dropped: number) => void, onOverflow?: () => void): void;
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && typeof x === 'object' && typeof (x as PromiseLike<unknown>).then === 'function';
}

/**
 * Wraps `inner` in a bounded queue. `inner.write` may be slow or return a promise (awaited one
 * at a time, so order is kept). `flush()` resolves once everything queued has been delivered
 * and `inner.flush()` has resolved.
 *
 * @example
 * ```ts
 * const sink = queuedSink({ name: 'http', write: (e) => postToCollector(e) }, { maxEvents: 5000 });
 * tracer.addSink(sink);
 * ```
 */
export function queuedSink(inner: Sink, opts: QueuedSinkOptions = {}): QueuedSink {
  const max = Math.max(1, opts.maxEvents ?? 10_000);
  const batch = Math.max(1, opts.batch ?? 500);
  const ring: Array<TraceEvent | undefined> = new Array<TraceEvent | undefined>(max);
  let head = 0;
  let count = 0;
  let dropped = 0;
  let unreported = 0;
  let delivered = 0;
  let running = false;
  let waiters: Array<() => void> = [];
  let onDrop = opts.onDrop;
  let onOverflow = opts.onOverflow;
  const name = inner.name ?? 'queued';

  const take = (): TraceEvent => {
    const e = ring[head]!;
    ring[head] = undefined;
    head = (head + 1) % max;
    count--;
    return e;
  };
  const deliver = (e: TraceEvent): unknown => {
    delivered++;
    try {
      return inner.write(e);
    } catch (err) {
      reportFailure(`sink '${name}' write failed`, err);
      return undefined;
    }
  };
  const settle = (): void => {
    running = false;
    if (unreported > 0 && onDrop) {
      const d = unreported;
      unreported = 0;
      onDrop(d);
    }
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const pump = async (): Promise<void> => {
    while (count > 0) {
      for (let i = 0; i < batch && count > 0; i++) {
        const r = deliver(take());
        if (isThenable(r)) await Promise.resolve(r).then(undefined, (err: unknown) => reportFailure(`sink '${name}' write failed`, err));
      }
      if (count > 0) await new Promise<void>((r) => setImmediate(r));
    }
    settle();
  };
  const start = (): void => {
    if (running) return;
    running = true;
    setImmediate(() => void pump());
  };

  return {
    name,
    get queued() {
      return count;
    },
    get dropped() {
      return dropped;
    },
    get delivered() {
      return delivered;
    },
    write(e: TraceEvent): void {
      if (count >= max) {
        dropped++;
        if (unreported++ === 0) onOverflow?.();
        return;
      }
      ring[(head + count) % max] = e;
      count++;
      start();
    },
    flushSync(): void {
      while (count > 0) deliver(take());
      (inner as { flushSync?: () => void }).flushSync?.();
    },
    async flush(): Promise<void> {
      if (running || count > 0) {
        start();
        await new Promise<void>((r) => waiters.push(r));
      }
      await inner.flush?.();
    },
    async close(): Promise<void> {
      await this.flush!();
      await inner.close?.();
    },
    reportDropsTo(d: (dropped: number) => void, o?: () => void): void {
      onDrop = d;
      onOverflow = o;
    },
  };
}

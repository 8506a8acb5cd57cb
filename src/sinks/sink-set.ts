/**
 * The composite sink: fans each event out to every sink, isolating each one. A sink that
 * throws, rejects or hangs never breaks the caller or the others; failures are reported once
 * (stderr, `muxi-tracing:` prefix) and counted. Flush and close waits are bounded.
 * @module
 */
import type { TracingConfig } from '../config.js';
import { reportFailure } from '../errors.js';
import type { TraceEvent } from '../event.js';
import { createFileSink } from './file.js';
import type { QueuedSink } from './queued.js';
import { loadSink, registeredSink } from './registry.js';
import { createStdoutSink } from './stdout.js';
import type { Sink } from './types.js';

/** An internal notice (such as dropped events) to be emitted as an event of its own. */
export type InternalNotice = (e: { operation: string; message: string; data: Record<string, unknown> }) => void;

/** A sink that can also write synchronously (on exit signals). */
interface SyncFlushable {
  flushSync?(): void;
}

const PENDING_MAX = 10_000;

/** Whether `v` has a callable `then` (false for a value whose `then` cannot be read). */
function isThenable(v: unknown): v is PromiseLike<unknown> {
  if (typeof v !== 'object' && typeof v !== 'function') return false;
  try {
    return typeof (v as { then?: unknown }).then === 'function';
  } catch {
    return false;
  }
}

/** See the module comment. */
export class SinkSet {
  private sinks: Sink[] = [];
  private readonly own: Sink[] = [];
  private pending: TraceEvent[] | undefined;
  private loading: Promise<void> = Promise.resolve();
  /** Whether any sink reads events' `data` (false only when every sink says it does not: a text template without {data}). */
  needsData = true;
  private written = 0;
  private failures = 0;
  private dropped = 0;

  private readonly onDrop: (name: string) => (n: number) => void;
  private readonly onOverflow: (name: string) => () => void;

  constructor(config: TracingConfig, extra: readonly Sink[], notice: InternalNotice) {
    // Overflow policy "drop newest, count, report": one stderr line at the first drop of an
    // episode, the count in stats().dropped, and a tracing:events_dropped event once the sink drains.
    this.onOverflow = (name) => (): void => {
      reportFailure(`${name} sink queue full`, new Error(`dropping new events (queue limit reached; see TRACING_QUEUE_MAX_BYTES or maxEvents)`));
    };
    this.onDrop = (name) => (n: number): void => {
      this.dropped += n;
      try {
        notice({ operation: 'events_dropped', message: `${n} events dropped by sink '${name}'`, data: { sink: name, dropped: n } });
      } catch {
        // never throws
      }
    };
    if (config.enabled) {
      if (config.stdout) this.own.push(createStdoutSink(config, { onDrop: this.onDrop('stdout'), onOverflow: this.onOverflow('stdout') }));
      if (config.file) this.own.push(createFileSink(config, { onDrop: this.onDrop('file') }));
    }
    for (const sink of extra) this.wire(sink);
    this.sinks = [...this.own, ...extra];
    if (config.enabled && config.externalSink) {
      this.pending = [];
      // A name not registered yet is resolved after the current turn, so an app's
      // `registerSink()` right after importing the package (which builds the process-wide
      // tracer) is seen; a registered name (the built-in `otel`) loads at once.
      const spec = config.externalSink;
      const wait = registeredSink(spec) === undefined ? new Promise<void>((r) => setImmediate(r)) : Promise.resolve();
      this.loading = wait.then(() => loadSink(spec, config)).then(
        (sink) => {
          this.wire(sink);
          this.own.push(sink);
          this.sinks.push(sink);
          this.replay(sink);
          this.refresh();
        },
        (err: unknown) => {
          reportFailure(`external sink '${spec}'`, err);
          this.pending = undefined;
          this.refresh();
          throw err;
        },
      );
      this.loading.catch(() => {});
    }
    this.refresh();
  }

  private replay(sink: Sink): void {
    const p = this.pending ?? [];
    this.pending = undefined;
    for (const e of p) this.writeOne(sink, e);
  }

  /** Resolves when an external sink has loaded; rejects with its load error. */
  ready(): Promise<void> {
    return this.loading;
  }

  /** Lets a sink with its own bounded queue (such as {@link queuedSink}) report drops through this set. */
  private wire(sink: Sink): void {
    const q = sink as Sink & Partial<Pick<QueuedSink, 'reportDropsTo'>>;
    if (typeof q.reportDropsTo !== 'function') return;
    const name = sink.name ?? 'queued';
    try {
      q.reportDropsTo(this.onDrop(name), this.onOverflow(name));
    } catch (err) {
      reportFailure(`sink '${name}' reportDropsTo failed`, err);
    }
  }

  add(sink: Sink): void {
    this.wire(sink);
    this.sinks.push(sink);
    this.refresh();
  }

  remove(sink: Sink): void {
    const i = this.sinks.indexOf(sink);
    if (i >= 0) this.sinks.splice(i, 1);
    this.refresh();
  }

  /** Recomputes {@link needsData}: true while any sink (or an external sink still loading) may read `data`. */
  private refresh(): void {
    this.needsData = this.pending !== undefined || this.sinks.some((k) => (k as Sink & { readsData?: boolean }).readsData !== false);
  }

  /** Hands one event to every sink. Never throws. */
  write(e: TraceEvent): void {
    this.written++;
    const s = this.sinks;
    for (let i = 0; i < s.length; i++) this.writeOne(s[i]!, e);
    if (this.pending !== undefined) {
      if (this.pending.length < PENDING_MAX) this.pending.push(e);
      else this.dropped++;
    }
  }

  private writeOne(sink: Sink, e: TraceEvent): void {
    let r: unknown;
    try {
      r = sink.write(e);
    } catch (err) {
      this.failures++;
      reportFailure(`sink '${sink.name ?? 'unnamed'}' write failed`, err);
      return;
    }
    // A sink written the natural way (`async write(e) { await post(e) }`) returns a promise: its
    // rejection is caught, counted and reported like a throw, and flush() waits for it.
    if (r !== undefined && r !== null && isThenable(r)) this.watch(sink, r);
  }

  /** Sinks with writes still in flight, and who waits for them to settle. */
  private readonly inflight = new Map<Sink, { n: number; wake: Array<() => void> }>();

  private watch(sink: Sink, p: PromiseLike<unknown>): void {
    let w = this.inflight.get(sink);
    if (w === undefined) this.inflight.set(sink, (w = { n: 0, wake: [] }));
    const rec = w;
    rec.n++;
    const settled = (): void => {
      if (--rec.n === 0 && rec.wake.length > 0) {
        const wake = rec.wake;
        rec.wake = [];
        for (const f of wake) f();
      }
    };
    try {
      Promise.resolve(p).then(settled, (err: unknown) => {
        this.failures++;
        reportFailure(`sink '${sink.name ?? 'unnamed'}' write failed`, err);
        settled();
      });
    } catch (err) {
      settled();
      reportFailure(`sink '${sink.name ?? 'unnamed'}' write failed`, err);
    }
  }

  /** Resolves when the writes of `sink` in flight now have settled. */
  private drained(sink: Sink): Promise<void> {
    const w = this.inflight.get(sink);
    if (w === undefined || w.n === 0) return Promise.resolve();
    return new Promise((resolve) => w.wake.push(resolve));
  }

  private async each(op: 'flush' | 'close', timeoutMs: number, sinks: readonly Sink[]): Promise<void> {
    await Promise.all(sinks.map((sink) => this.bounded(sink, op, timeoutMs)));
  }

  private bounded(sink: Sink, op: 'flush' | 'close', timeoutMs: number): Promise<void> {
    const f = sink[op];
    const w = this.inflight.get(sink);
    const busy = w !== undefined && w.n > 0;
    if (typeof f !== 'function' && !busy) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.failures++;
        reportFailure(`sink '${sink.name ?? 'unnamed'}' ${op} timed out`, new Error(`no answer within ${timeoutMs} ms (TRACING_FLUSH_TIMEOUT_MS)`));
        resolve();
      }, timeoutMs);
      // Not unref'd: someone awaits this, so the bound must be able to fire even when nothing
      // else keeps the process alive (a hanging sink then delays exit by at most timeoutMs).
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const call = (): unknown => (typeof f === 'function' ? f.call(sink) : undefined);
      // Writes still in flight settle first (an async sink with no flush() of its own).
      (busy ? this.drained(sink) : Promise.resolve()).then(call).then(done, (err: unknown) => {
        this.failures++;
        reportFailure(`sink '${sink.name ?? 'unnamed'}' ${op} failed`, err);
        done();
      });
    });
  }

  /** Flushes every sink, each wait bounded by `timeoutMs`. */
  async flush(timeoutMs: number): Promise<void> {
    await this.loading.catch(() => {});
    await this.each('flush', timeoutMs, this.sinks);
  }

  /** Writes buffered data synchronously where a sink can. */
  flushSync(): void {
    for (const s of this.sinks) {
      try {
        (s as Sink & SyncFlushable).flushSync?.();
      } catch (err) {
        reportFailure(`sink '${s.name ?? 'unnamed'}' flushSync failed`, err);
      }
    }
  }

  /** Flushes then closes the sinks this set made (and, when `all`, the user's too). */
  async close(timeoutMs: number, all: boolean): Promise<void> {
    // Synchronously first, so a configure() that replaces this set keeps the order of lines.
    this.flushSync();
    await this.loading.catch(() => {});
    const targets = all ? this.sinks : this.own;
    await this.each('flush', timeoutMs, targets);
    await this.each('close', timeoutMs, targets);
  }

  stats(): { written: number; failures: number; dropped: number } {
    return { written: this.written, failures: this.failures, dropped: this.dropped };
  }
}

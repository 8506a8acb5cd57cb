/**
 * The sink interface of the contract.
 * @module
 */
import type { TracingConfig } from '../config.js';
import type { TraceEvent } from '../event.js';

/**
 * Where events go. `write` receives each event (the JSON line's fields) and must not block;
 * the tracer awaits `flush`/`close` with a bounded wait (`flushTimeoutMs`).
 *
 * @example
 * ```ts
 * const sink: Sink = { name: 'count', write: () => { n++; } };
 * ```
 */
export interface Sink {
  /** A short name used in failure reports. */
  name?: string;
  /**
   * Accepts one event. Should not block. It may be `async` (`async write(e) { await post(e) }`,
   * which the `void` return type accepts): a rejection of the promise it returns is caught,
   * counted and reported once like a throw, and `flush()`/`shutdown()` wait (bounded) for the
   * writes still in flight. A throw is isolated and reported the same way.
   */
  write(event: TraceEvent): void;
  /** Resolves when every event written so far has been delivered. */
  flush?(): Promise<void>;
  /** Flushes and releases resources. */
  close?(): Promise<void>;
}

/** Makes a sink from the configuration; registered by name with `registerSink`. */
export type SinkFactory = (config: TracingConfig) => Sink | Promise<Sink>;

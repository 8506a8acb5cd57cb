/**
 * MemorySink: keeps events in an array, for users' own tests.
 * @module
 */
import type { TraceEvent } from '../event.js';
import type { Sink } from './types.js';

/**
 * A sink that keeps every event in memory.
 *
 * @example
 * ```ts
 * const sink = new MemorySink();
 * const t = new Tracer({ stdout: false, sinks: [sink] });
 * t.userMessage('hi', 'u1');
 * expect(sink.events[0].operation).to.equal('message');
 * ```
 */
export class MemorySink implements Sink {
  readonly name: string;
  /** Every event received, in order. */
  readonly events: TraceEvent[] = [];

  constructor(name = 'memory') {
    this.name = name;
  }

  write(event: TraceEvent): void {
    this.events.push(event);
  }

  /** Events of one trace, in order. */
  byTrace(traceId: string): TraceEvent[] {
    return this.events.filter((e) => e.trace_id === traceId);
  }

  /** `component:operation` of each event, in order (optionally of one trace). */
  names(traceId?: string): string[] {
    return (traceId ? this.byTrace(traceId) : this.events).map((e) => `${e.component}:${e.operation}`);
  }

  /** Forgets every event. */
  clear(): void {
    this.events.length = 0;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}

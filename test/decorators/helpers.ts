/**
 * Shared by the decorator suite (compiled twice: legacy and standard decorators).
 */
import { MemorySink, Tracer } from '../../src/index.js';
import type { TraceEvent } from '../../src/index.js';

/** One in-memory tracer for the suite; `sink.clear()` between tests. */
export const sink = new MemorySink();
export const t = new Tracer({ env: false, stdout: false, sinks: [sink] });

/** Which decorator standard this build was compiled with, found by a probe decorator. */
export let mode: 'legacy' | 'standard' = 'standard';
function probe(_value: unknown, ctx: unknown, _d?: unknown): void {
  mode = typeof ctx === 'object' && ctx !== null ? 'standard' : 'legacy';
}
class Probe {
  @(probe as any) m(): void {}
}
void Probe;

/** `component:operation` of every event so far. */
export function names(): string[] {
  return sink.names();
}

/** The events of the sink, by `component:operation`. */
export function find(name: string): TraceEvent[] {
  return sink.events.filter((e) => `${e.component}:${e.operation}` === name);
}

/** One event by name (throws if it isn't exactly one). */
export function one(name: string): TraceEvent {
  const f = find(name);
  if (f.length !== 1) throw new Error(`expected one ${name}, got ${f.length}: ${names().join(', ')}`);
  return f[0]!;
}

export const tick = (ms = 1): Promise<void> => new Promise((r) => setTimeout(r, ms));

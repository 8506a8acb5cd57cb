/**
 * Builds contract JSON lines for reader and CLI tests, and reads a JSON-lines trace file back.
 */
import { readFileSync } from 'node:fs';
import type { TraceEvent } from '../../src/event.js';
import { jsonLine } from '../../src/format/json.js';

let seq = 0;

/** A valid event with defaults; `over` replaces fields. */
export function makeEvent(over: Partial<TraceEvent> = {}): TraceEvent {
  seq++;
  const e: TraceEvent = {
    timestamp: over.timestamp ?? new Date(Date.UTC(2026, 4, 15, 10, 0, 0, seq % 1000)).toISOString(),
    level: 'TRACE',
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    span_id: seq.toString(16).padStart(16, '0'),
    component: 'agent',
    operation: 'tool_call',
    message: `event ${seq}`,
    ...over,
  };
  return e;
}

/** The JSON line of {@link makeEvent}. */
export function line(over: Partial<TraceEvent> = {}): string {
  return jsonLine(makeEvent(over));
}

/** A trace id made of one repeated hex digit pattern, e.g. `tid('ab')`. */
export function tid(prefix: string): string {
  return (prefix + '0123456789abcdef0123456789abcdef').slice(0, 32);
}

/** The events of a JSON-lines trace file, one per non-empty line. */
export function readJsonLines(file: string): TraceEvent[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as TraceEvent);
}

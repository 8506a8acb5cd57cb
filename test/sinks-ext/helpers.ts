/**
 * Helpers of the extension-sink tests: events shaped like the tracer's, stderr capture, waiting.
 */
import type { AddressInfo, Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TraceEvent } from '../../src/index.js';

/** Starts `server` listening on 127.0.0.1 (port 0: any free port) and resolves with its port. */
export async function listenLocal(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** An event like the tracer writes: i-th of a conversation, every field of the JSON line. */
export function makeEvent(i: number, over: Partial<TraceEvent> = {}): TraceEvent {
  const e: TraceEvent = {
    timestamp: new Date(Date.UTC(2026, 4, 15, 10, 15, 22, 123) + i).toISOString(),
    level: i % 10 === 9 ? 'ERROR' : 'TRACE',
    trace_id: (0x4bf92f35 + Math.floor(i / 10)).toString(16).padStart(8, '0') + '77b34da6a3ce929d0e0e4736',
    span_id: (0x00f067aa + i).toString(16).padStart(8, '0') + '0ba902b7',
    parent_span_id: '00f067aa0ba902b7',
    component: 'agent',
    operation: i % 10 === 9 ? 'tool_call_error' : 'tool_call',
    message: `event ${i}`,
    user_id: 'u-1',
    agent_id: 'weather-agent',
    data: { tool: 'get_forecast', params: { city: 'Zürich', n: i } },
  };
  if (e.level === 'ERROR') {
    e.duration_ms = 12.5;
    e.error = { type: 'RangeError', message: 'out of range', stack: 'RangeError: out of range\n    at x (y.ts:1:1)' };
  }
  return { ...e, ...over };
}

/** Captures what is written to stderr (lines) until `restore()`. */
export function captureStderr(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const original = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    lines.push(...String(chunk).split('\n').filter((l) => l !== ''));
    return true;
  }) as typeof process.stderr.write;
  return { lines, restore: () => { process.stderr.write = original; } };
}

/** Waits (bounded, about 5 s) until `cond()` holds. */
export async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await sleep(5);
}

/**
 * Writes events `from` to `to - 1` (e.g. while the receiver is down), pausing `pauseMs` every 100th
 * so the sink's timers run; resolves with the largest `bufferedBytes` seen.
 */
export async function writeWatchingBuffer(
  sink: { write(e: TraceEvent): void; stats(): { bufferedBytes: number } }, from: number, to: number, pauseMs: number,
): Promise<number> {
  let maxBuffered = 0;
  for (let i = from; i < to; i++) {
    sink.write(makeEvent(i));
    maxBuffered = Math.max(maxBuffered, sink.stats().bufferedBytes);
    if (i % 100 === 0) await sleep(pauseMs);
  }
  return maxBuffered;
}

/**
 * The JSON line, written by hand in the contract's field order: no generic
 * `JSON.stringify` of a fresh object per event, only of `data` and `error` when present.
 * @module
 */
import type { TraceEvent } from '../event.js';

/** A JSON string literal; skips `JSON.stringify` when nothing needs escaping (pino's trick). */
export function quote(s: string): string {
  const n = s.length;
  if (n > 256) return JSON.stringify(s);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

/** One event as one JSON line, without the newline. */
export function jsonLine(e: TraceEvent): string {
  let s = '{"timestamp":"' + e.timestamp + '","level":"' + e.level + '","trace_id":"' + e.trace_id +
    '","span_id":"' + e.span_id + '"';
  if (e.parent_span_id !== undefined) s += ',"parent_span_id":"' + e.parent_span_id + '"';
  s += ',"component":' + quote(e.component) + ',"operation":' + quote(e.operation) + ',"message":' + quote(e.message);
  if (e.user_id !== undefined) s += ',"user_id":' + quote(e.user_id);
  if (e.agent_id !== undefined) s += ',"agent_id":' + quote(e.agent_id);
  if (e.data !== undefined) s += ',"data":' + safeStringify(e.data);
  if (e.duration_ms !== undefined) s += ',"duration_ms":' + (Number.isFinite(e.duration_ms) ? e.duration_ms : 0);
  if (e.error !== undefined) s += ',"error":' + safeStringify(e.error);
  return s + '}';
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return '"[unserializable]"';
  }
}

let lastEvent: TraceEvent | undefined;
let lastLine = '';

/**
 * The JSON line of an event, computed at most once per event however many sinks ask: the
 * sinks get each event one after the other, so remembering the last one is enough.
 */
export function cachedJsonLine(e: TraceEvent): string {
  if (e === lastEvent) return lastLine;
  const line = jsonLine(e);
  lastEvent = e;
  lastLine = line;
  return line;
}

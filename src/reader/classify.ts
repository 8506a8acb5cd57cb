/**
 * Line classification: is this line one trace event (the contract's JSON line) or something
 * else (an app log, garbage, truncated JSON, invalid UTF-8)? Never throws.
 * @module
 */
import { isUtf8 } from 'node:buffer';
import type { TraceEvent } from '../event.js';
import { isLevel } from '../event.js';

/**
 * The event of a JSON line, or undefined when the line is not a trace event: it must be a JSON
 * object with string `timestamp`, `trace_id`, `span_id`, `component`, `operation`, `message`
 * and a known `level`.
 * @example
 * ```ts
 * parseEventLine('{"timestamp":"2026-05-15T10:15:22.123Z","level":"TRACE",...}'); // TraceEvent
 * parseEventLine('INFO app started'); // undefined
 * ```
 */
export function parseEventLine(line: string): TraceEvent | undefined {
  let i = 0;
  const n = line.length;
  while (i < n && isSpace(line.charCodeAt(i))) i++;
  if (i >= n || line.charCodeAt(i) !== 123 /* { */) return undefined;
  let j = n - 1;
  while (j > i && isSpace(line.charCodeAt(j))) j--;
  if (line.charCodeAt(j) !== 125 /* } */) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  return isTraceEvent(v) ? v : undefined;
}

/** Whether a parsed value has the shape of a {@link TraceEvent} (required fields and types). */
export function isTraceEvent(v: unknown): v is TraceEvent {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o['timestamp'] === 'string' && isLevel(o['level']) && typeof o['trace_id'] === 'string' &&
    typeof o['span_id'] === 'string' && typeof o['component'] === 'string' &&
    typeof o['operation'] === 'string' && typeof o['message'] === 'string' &&
    (o['duration_ms'] === undefined || typeof o['duration_ms'] === 'number') &&
    (o['data'] === undefined || (typeof o['data'] === 'object' && o['data'] !== null));
}

/**
 * Decodes `buf[start, end)` as UTF-8, or undefined when the bytes are not valid UTF-8
 * (checked only when the decoder had to substitute U+FFFD, so the common case costs nothing).
 */
export function decodeLine(buf: Buffer, start: number, end: number): string | undefined {
  const s = buf.toString('utf8', start, end);
  if (s.indexOf('\ufffd') >= 0 && !isUtf8(buf.subarray(start, end))) return undefined;
  return s;
}

/**
 * A cheap shape test on raw bytes: could `buf[start, end)` be a JSON object line? Used to
 * count non-event lines that the raw prefilter rules out without parsing them.
 */
export function looksLikeObject(buf: Buffer, start: number, end: number): boolean {
  while (start < end && isSpace(buf[start]!)) start++;
  while (end > start && isSpace(buf[end - 1]!)) end--;
  return end - start >= 2 && buf[start] === 123 && buf[end - 1] === 125;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/**
 * The event model: one {@link TraceEvent} is one JSON line of the contract.
 * @module
 */

/** Severity levels, lowest first. `TRACE` is the default minimum. */
export const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

/** One of {@link LEVELS}. */
export type Level = (typeof LEVELS)[number];

/** Numeric rank of each level, for cheap comparisons. */
export const LEVEL_RANK: Readonly<Record<Level, number>> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

/** Whether `value` names a level (upper case, as in the JSON line). */
export function isLevel(value: unknown): value is Level {
  return value === 'TRACE' || value === 'DEBUG' || value === 'INFO' || value === 'WARN' || value === 'ERROR';
}

/** An error as it appears in an event: never the live `Error` object. */
export interface TraceError {
  type: string;
  message: string;
  stack?: string;
}

/**
 * One trace event: exactly the fields of the contract's JSON line.
 * Optional fields are absent (never `null`/`undefined` in output).
 *
 * @example
 * ```json
 * {"timestamp":"2026-05-15T10:15:22.123Z","level":"TRACE","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736",
 *  "span_id":"00f067aa0ba902b7","component":"agent","operation":"tool_call","message":"..."}
 * ```
 */
export interface TraceEvent {
  /** UTC ISO-8601 with milliseconds. */
  timestamp: string;
  level: Level;
  /** 32 lowercase hex digits (W3C trace-id). */
  trace_id: string;
  /** 16 lowercase hex digits (W3C parent-id form). */
  span_id: string;
  /** The enclosing span; absent at the root. */
  parent_span_id?: string;
  component: string;
  operation: string;
  message: string;
  user_id?: string;
  agent_id?: string;
  /** Structured payload, already made JSON-safe and redacted. */
  data?: Record<string, unknown>;
  /** On events that close a span (`*_result`, `*response`, `*_end`, `*_error`). */
  duration_ms?: number;
  error?: TraceError;
}

/** The order of fields in a JSON line (and the field names a template or filter may use). */
export const EVENT_FIELDS = [
  'timestamp', 'level', 'trace_id', 'span_id', 'parent_span_id', 'component', 'operation',
  'message', 'user_id', 'agent_id', 'data', 'duration_ms', 'error',
] as const;

/** An event that reports a failure: level `ERROR`, or an `error` object. */
export function isErrorEvent(e: TraceEvent): boolean {
  return e.level === 'ERROR' || e.error !== undefined;
}

/** Whether an operation name closes a span (and so carries `duration_ms`). */
export function closesSpan(operation: string): boolean {
  return operation.endsWith('_result') || operation.endsWith('response') ||
    operation.endsWith('_end') || operation.endsWith('_error');
}

/**
 * Turns anything thrown into a {@link TraceError}. Never throws.
 */
export function toTraceError(err: unknown): TraceError {
  try {
    if (err instanceof Error) {
      const out: TraceError = { type: err.name || err.constructor?.name || 'Error', message: String(err.message) };
      if (typeof err.stack === 'string') out.stack = err.stack;
      return out;
    }
    if (err !== null && typeof err === 'object') {
      const o = err as { name?: unknown; message?: unknown };
      return { type: typeof o.name === 'string' ? o.name : 'Object', message: typeof o.message === 'string' ? o.message : safeString(err) };
    }
    return { type: typeof err, message: safeString(err) };
  } catch {
    return { type: 'Unknown', message: '[unserializable error]' };
  }
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return '[unprintable]';
  }
}

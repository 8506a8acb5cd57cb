/**
 * Text of the viewer's rows: list columns, durations, the detail pane's pretty JSON.
 * Everything that comes from the log goes through `escapeText`, so a message can never
 * move the cursor or repaint the terminal.
 * @module
 */
import type { TraceEvent } from '../../src/event.js';
import { isErrorEvent } from '../../src/event.js';
import { escapeText } from '../../src/format/escape.js';
import { compileTime } from '../../src/format/template.js';

/** Column widths of the event list for a terminal `width` columns wide. */
export interface Columns {
  time: number;
  trace: number;
  op: number;
  agent: number;
  duration: number;
  message: number;
}

/** The list's column widths for a given terminal width (the message takes what is left, at least 10). */
export function columnsFor(width: number): Columns {
  const narrow = width < 100;
  const c = { time: 12, trace: 8, op: narrow ? 18 : 22, agent: narrow ? 8 : 10, duration: 8, message: 0 };
  const fixed = c.time + c.trace + c.op + c.agent + c.duration + 5; // five single-space gaps
  c.message = Math.max(10, width - fixed - 2); // two for the selection marker
  return c;
}

const clock = compileTime('HH:mm:ss.SSS');

/** Local wall-clock time of an event (`HH:mm:ss.SSS`), or the raw timestamp, escaped, when it does not parse. */
function timeOf(e: TraceEvent): string {
  const ms = Date.parse(e.timestamp);
  return Number.isNaN(ms) ? escapeText(String(e.timestamp)).slice(0, 12) : clock(ms);
}

/** A duration in milliseconds as short text: `850µs`, `12.5ms`, `1.23s`, `2m05s`. Empty when absent. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 10) return `${ms.toFixed(2)}ms`;
  if (ms < 1000) return `${ms.toFixed(1).replace(/\.0$/, '')}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m}m${String(s).padStart(2, '0')}s`;
}

/** `s` cut or padded to exactly `n` columns (an ellipsis marks a cut). */
export function fit(s: string, n: number, align: 'left' | 'right' = 'left'): string {
  if (n <= 0) return '';
  if (s.length > n) return n === 1 ? '…' : s.slice(0, n - 1) + '…';
  return align === 'left' ? s.padEnd(n) : s.padStart(n);
}

/** Whether an event is an error: level `ERROR` or an `error` field. */
export const isError: (e: TraceEvent) => boolean = isErrorEvent;

/**
 * `s` cut to at most `n + 1` characters before escaping: escaping only lengthens text, so the
 * cut text still overflows a column of `n` when the whole would, and a 10 MB message costs
 * no more than a short one.
 */
function clip(s: string, n: number): string {
  return s.length > n + 1 ? s.slice(0, n + 1) : s;
}

/** One list row as text, columns already cut to width (no selection marker). */
export function formatRow(e: TraceEvent, c: Columns): string {
  const op = escapeText(clip(`${e.component}:${e.operation}`, c.op));
  const agent = e.agent_id === undefined ? '' : escapeText(clip(e.agent_id, c.agent));
  let msg = escapeText(clip(e.message, c.message));
  if (e.error !== undefined && msg.length <= c.message) {
    msg += ` [${escapeText(clip(e.error.type, c.message))}: ${escapeText(clip(e.error.message, c.message))}]`;
  }
  return fit(timeOf(e), c.time) + ' ' + fit(escapeText(e.trace_id.slice(0, 8)), c.trace) + ' ' + fit(op, c.op) + ' ' +
    fit(agent, c.agent) + ' ' + fit(formatDuration(e.duration_ms), c.duration, 'right') + ' ' + fit(msg, c.message);
}

/** The list's header line for the same columns. */
export function headerRow(c: Columns): string {
  return fit('TIME', c.time) + ' ' + fit('TRACE', c.trace) + ' ' + fit('COMPONENT:OPERATION', c.op) + ' ' +
    fit('AGENT', c.agent) + ' ' + fit('DURATION', c.duration, 'right') + ' ' + fit('MESSAGE', c.message);
}

/**
 * An event as pretty-printed JSON lines (two-space indent), every line escaped, for the
 * detail pane. Strings containing newlines stay on one line (`\n` is shown escaped by JSON);
 * a line longer than {@link MAX_DETAIL_LINE} is cut.
 */
export function prettyLines(e: TraceEvent): string[] {
  let text: string;
  try {
    text = JSON.stringify(e, null, 2) ?? '';
  } catch {
    text = '"[unserializable event]"';
  }
  return text.split('\n').map((l) => (l.length > MAX_DETAIL_LINE ? escapeText(l.slice(0, MAX_DETAIL_LINE)) + '…' : escapeText(l)));
}

/** Longest detail line kept, in characters (wider than any terminal; a huge value is cut). */
export const MAX_DETAIL_LINE = 2000;

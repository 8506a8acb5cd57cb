/**
 * Rows of the ClickHouse table as events and trace summaries: the column lists the source
 * selects, the row order, and the conversion of a row back into the event the JSON line held.
 *
 * Row order: by `timestamp`, then — because the table keeps no order of writing within one
 * millisecond — by trace, span, opening before closing event (`duration_ms` absent first),
 * component, operation and message. "First" in a trace summary (first user id, first message,
 * agents in order of appearance) follows the same order.
 * @module
 */
import type { TraceError, TraceEvent } from '../event.js';
import type { TraceSummary } from './source.js';
import { FIRST_MESSAGE_MAX } from './trace-index.js';

/** The columns of one event, as selected. */
export const EVENT_COLUMNS =
  'toUnixTimestamp64Milli(timestamp) AS ms, level, trace_id, span_id, parent_span_id, component, operation, message, user_id, agent_id, data, duration_ms, error';

/** The order of events within one trace (after `timestamp`), as a tuple. */
const IN_TRACE = 'span_id, isNotNull(duration_ms), component, operation, message';

/** `ORDER BY` of events (ascending). */
export const EVENT_ORDER = `timestamp, trace_id, ${IN_TRACE}`;

/** `ORDER BY` of events, newest first. */
export const EVENT_ORDER_DESC = EVENT_ORDER.split(', ').map((c) => `${c} DESC`).join(', ');

/** An event's position in a trace, for `argMin`. */
const KEY = `(timestamp, ${IN_TRACE})`;

/** Numbers in `data` as `JSONType` names them. */
const NUMBER = `('Int64', 'UInt64', 'Double')`;

/** The aggregates of one trace's summary (`GROUP BY trace_id`). */
export const SUMMARY_COLUMNS = [
  'trace_id',
  'toUnixTimestamp64Milli(min(timestamp)) AS start_ms',
  'toUnixTimestamp64Milli(max(timestamp)) AS end_ms',
  `argMinIf(user_id, ${KEY}, user_id != '') AS user`,
  `countIf(component = 'user' AND operation = 'message') > 0 AS has_message`,
  `leftUTF8(argMinIf(if(JSONType(data, 'message') = 'String', JSONExtractString(data, 'message'), message), ${KEY}, component = 'user' AND operation = 'message'), ${FIRST_MESSAGE_MAX}) AS first_message`,
  `arrayDistinct(arrayMap(x -> x.2, arraySort(groupArrayIf((${KEY}, agent_id), agent_id != '')))) AS agents`,
  'uniqExact(span_id) AS spans',
  'count() AS events',
  `countIf(level = 'ERROR') AS errors`,
  `sumIf(JSONExtractFloat(data, 'usage', 'input_tokens'), JSONType(data, 'usage', 'input_tokens') IN ${NUMBER}) AS input_tokens`,
  `sumIf(JSONExtractFloat(data, 'usage', 'output_tokens'), JSONType(data, 'usage', 'output_tokens') IN ${NUMBER}) AS output_tokens`,
].join(', ');

/** One row of {@link EVENT_COLUMNS} (64-bit integers may arrive as strings). */
export interface EventRow {
  ms: number | string;
  level: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  component: string;
  operation: string;
  message: string;
  user_id: string;
  agent_id: string;
  data: string;
  duration_ms: number | string | null;
  error: string;
}

/** One row of {@link SUMMARY_COLUMNS}. */
export interface SummaryRow {
  trace_id: string;
  start_ms: number | string;
  end_ms: number | string;
  user: string;
  has_message: number | boolean;
  first_message: string;
  agents: string[];
  spans: number | string;
  events: number | string;
  errors: number | string;
  input_tokens: number | string;
  output_tokens: number | string;
}

/** The event a row holds, with the fields the JSON line had (an empty optional column: the field was absent). */
export function eventOf(r: EventRow): TraceEvent {
  // Built in the JSON line's field order (timestamp … error), as the file source's parsed events are.
  const e = { timestamp: new Date(Number(r.ms)).toISOString(), level: r.level, trace_id: r.trace_id, span_id: r.span_id } as TraceEvent;
  if (r.parent_span_id !== '') e.parent_span_id = r.parent_span_id;
  e.component = r.component;
  e.operation = r.operation;
  e.message = r.message;
  if (r.user_id !== '') e.user_id = r.user_id;
  if (r.agent_id !== '') e.agent_id = r.agent_id;
  if (r.data !== '') {
    const d = parseJson(r.data);
    if (d !== undefined) e.data = d as Record<string, unknown>;
  }
  if (r.duration_ms !== null && r.duration_ms !== undefined) e.duration_ms = Number(r.duration_ms);
  if (r.error !== '') {
    const err = parseJson(r.error);
    if (err !== null && typeof err === 'object') e.error = err as TraceError;
  }
  return e;
}

/** The summary a row holds (the fields `summaryOf` gives a file source's trace). */
export function summaryOfRow(r: SummaryRow): TraceSummary {
  const start = Number(r.start_ms);
  const end = Number(r.end_ms);
  const s: TraceSummary = {
    trace_id: r.trace_id,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    duration_ms: end - start,
    agents: [...r.agents],
    spans: Number(r.spans),
    events: Number(r.events),
    errors: Number(r.errors),
    input_tokens: Number(r.input_tokens),
    output_tokens: Number(r.output_tokens),
  };
  if (r.user !== '') s.user_id = r.user;
  // leftUTF8 counts code points; the file source cuts at 500 UTF-16 code units (never more text).
  if (r.has_message === true || Number(r.has_message) === 1) s.first_message = r.first_message.slice(0, FIRST_MESSAGE_MAX);
  return s;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

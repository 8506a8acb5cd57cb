/**
 * The JSON line, written by hand in the contract's field order: no generic
 * `JSON.stringify` of a fresh object per event, only of `data` and `error` when present.
 * @module
 */
import type { TraceEvent } from '../event.js';
import { preparedJson } from '../record-layout.js';
import { dataJson, msText, quote } from './json-text.js';

/** One event as one JSON line, without the newline. */
export function jsonLine(e: TraceEvent): string {
  return jsonText(e, '}');
}

/** One event as one JSON line ending in a newline (what a file holds; one piece fewer than adding it). */
export function jsonLineNl(e: TraceEvent): string {
  return jsonText(e, '}\n');
}

function jsonText(e: TraceEvent, close: string): string {
  let s = head(e.timestamp, e.level) + ids(e.trace_id, e.span_id, e.parent_span_id) + names(e.component, e.operation, e.message);
  if (e.user_id !== undefined) s += ',"user_id":' + quote(e.user_id);
  if (e.agent_id !== undefined) s += ',"agent_id":' + quote(e.agent_id);
  if (e.data !== undefined) s += ',"data":' + (preparedJson(e.data) ?? safeStringify(e.data));
  if (e.duration_ms !== undefined) s += ',"duration_ms":' + (Number.isFinite(e.duration_ms) ? msText(e.duration_ms) : '0');
  if (e.error !== undefined) s += ',"error":' + safeStringify(e.error);
  return s + close;
}

// Pieces of the line that repeat from one event to the next are kept, so a line is a few
// ready-made (flat) strings instead of some twenty-five small ones: both building the rope
// and flattening it when the sink encodes it cost per piece (pino keeps its fixed prefix too).

let headTs = '';
let headLevel = '';
let headText = '';

/** `{"timestamp":"…","level":"…","trace_id":"`, the same for every event of a millisecond and level. */
function head(ts: string, level: string): string {
  if (ts !== headTs || level !== headLevel || headText === '') {
    headTs = ts;
    headLevel = level;
    headText = flat('{"timestamp":"' + ts + '","level":"' + level + '","trace_id":"');
  }
  return headText;
}

let idsTrace = '';
let idsSpan = '';
let idsParent: string | undefined;
let idsText = '';

/** The ids, through the closing quote: a span's closing event repeats its opening event's. */
function ids(traceId: string, spanId: string, parent: string | undefined): string {
  if (spanId !== idsSpan || traceId !== idsTrace || parent !== idsParent || idsText === '') {
    idsTrace = traceId;
    idsSpan = spanId;
    idsParent = parent;
    idsText = traceId + '","span_id":"' + spanId + (parent === undefined ? '"' : '","parent_span_id":"' + parent + '"');
  }
  return idsText;
}

/** The last component and message seen with an operation, and their JSON text. */
interface Names {
  component: string;
  message: string;
  text: string;
  flat: boolean;
}

const NAMES_MAX = 256;
const byOperation = new Map<string, Names>();

/** `,"component":…,"operation":…,"message":…`, kept per operation while its component and message repeat. */
function names(component: string, operation: string, message: string): string {
  let n = byOperation.get(operation);
  if (n !== undefined && n.message === message && n.component === component) {
    if (!n.flat) {
      n.flat = true;
      n.text = flat(n.text);
    }
    return n.text;
  }
  const text = ',"component":' + quote(component) + ',"operation":' + quote(operation) + ',"message":' + quote(message);
  if (typeof operation !== 'string' || operation.length > 128 || message.length > 256) return text;
  if (n === undefined) {
    if (byOperation.size >= NAMES_MAX) byOperation.clear();
    n = { component, message, text, flat: false };
    byOperation.set(operation, n);
  } else {
    n.component = component;
    n.message = message;
    n.text = text;
    n.flat = false;
  }
  return text;
}

let _flatSink = 0;

/** Makes V8 store a string built by `+` as one flat string (copied once here, not in every line that uses it). */
function flat(s: string): string {
  _flatSink ^= s.charCodeAt(0); // reading a character flattens the rope in place (kept: the result is used)
  return s;
}

function safeStringify(v: unknown): string {
  try {
    return dataJson(v) ?? 'null';
  } catch {
    return '"[unserializable]"';
  }
}

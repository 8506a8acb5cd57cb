/**
 * The few fields a trace index needs from a JSON line, read from the bytes without parsing the
 * whole line: our writer puts the fields in the contract's order (`timestamp`, `level`,
 * `trace_id`, `span_id`, ..., `component`, `operation`, `message`, `user_id`, `agent_id`,
 * `data`, ...), so each is found where it must be. A line in any other form is parsed whole
 * (`JSON.parse`), as is one that carries token usage. Parsing every line of a 1 GiB file costs
 * several seconds; this costs a fraction of that.
 * @module
 */
import type { Level } from '../event.js';
import { isLevel } from '../event.js';
import { isTraceEvent } from './classify.js';

/** What the index keeps of one event. */
export interface LineFields {
  timestamp: string;
  level: Level;
  trace_id: string;
  component: string;
  operation: string;
  user_id: string | undefined;
  agent_id: string | undefined;
  /** The message, only for `user:message` (the conversation's first message). */
  message: string | undefined;
  input_tokens: number;
  output_tokens: number;
}

const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const HEAD = b('{"timestamp":"');
const LEVEL = b('","level":"');
const TRACE = b('","trace_id":"');
const COMPONENT = b(',"component":"');
const OPERATION = b(',"operation":"');
const MESSAGE = b(',"message":"');
const USER = b(',"user_id":"');
const AGENT = b(',"agent_id":"');
const DATA = b(',"data":');
const USAGE = b('"usage":');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function startsWith(line: Buffer, at: number, what: Buffer): boolean {
  if (at + what.length > line.length) return false;
  for (let i = 0; i < what.length; i++) if (line[at + i] !== what[i]) return false;
  return true;
}

/** The JSON string starting after an opening quote at `from`: [decoded value, index after the closing quote], or undefined. */
function stringAt(line: Buffer, from: number): [string, number] | undefined {
  let escaped = false;
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c === BACKSLASH) {
      escaped = true;
      i++;
      continue;
    }
    if (c === QUOTE) {
      if (!escaped) return [line.toString('utf8', from, i), i + 1];
      try {
        return [JSON.parse(line.toString('utf8', from - 1, i + 1)) as string, i + 1];
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The value of a top-level string field found by `needle` in `line[from, to)`, if there. */
function field(line: Buffer, needle: Buffer, from: number, to: number): [string, number] | undefined {
  const at = line.subarray(from, to).indexOf(needle);
  if (at < 0) return undefined;
  return stringAt(line, from + at + needle.length);
}

/** Reads the index fields of one line (its bytes, without the newline); undefined when it is not a trace event. */
export function lineFields(line: Buffer): LineFields | undefined {
  if (!startsWith(line, 0, HEAD) || !startsWith(line, 38, LEVEL)) return slow(line);
  const timestamp = line.toString('latin1', 14, 38);
  const lvEnd = line.indexOf(QUOTE, 49);
  const level = line.toString('latin1', 49, lvEnd);
  if (!isLevel(level) || !startsWith(line, lvEnd, TRACE)) return slow(line);
  const traceAt = lvEnd + TRACE.length;
  const trace_id = line.toString('latin1', traceAt, traceAt + 32);
  if (line[traceAt + 32] !== QUOTE) return slow(line);
  // Top-level fields before `data` (a nested object may hold keys of the same names).
  const dataAt = line.indexOf(DATA, traceAt);
  const end = dataAt < 0 ? line.length : dataAt;
  const comp = field(line, COMPONENT, traceAt, end);
  if (comp === undefined) return slow(line);
  const op = stringAt(line, comp[1] + OPERATION.length);
  if (op === undefined || !startsWith(line, comp[1], OPERATION)) return slow(line);
  const component = comp[0];
  const operation = op[0];
  let message: string | undefined;
  if (component === 'user' && operation === 'message') message = field(line, MESSAGE, op[1], end)?.[0];
  const user_id = field(line, USER, op[1], end)?.[0];
  const agent_id = field(line, AGENT, op[1], end)?.[0];
  let input_tokens = 0;
  let output_tokens = 0;
  if (dataAt >= 0 && line.indexOf(USAGE, dataAt) >= 0) {
    const full = slow(line);
    if (full === undefined) return undefined;
    input_tokens = full.input_tokens;
    output_tokens = full.output_tokens;
  }
  return { timestamp, level, trace_id, component, operation, user_id, agent_id, message, input_tokens, output_tokens };
}

/** The general path: the whole line parsed. */
function slow(line: Buffer): LineFields | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isTraceEvent(v)) return undefined;
  const usage = v.data?.['usage'] as Record<string, unknown> | undefined;
  const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : 0);
  return {
    timestamp: v.timestamp, level: v.level, trace_id: v.trace_id, component: v.component, operation: v.operation,
    user_id: typeof v.user_id === 'string' ? v.user_id : undefined, agent_id: typeof v.agent_id === 'string' ? v.agent_id : undefined,
    message: v.component === 'user' && v.operation === 'message' ? v.message : undefined,
    input_tokens: usage !== null && typeof usage === 'object' ? num(usage['input_tokens']) : 0,
    output_tokens: usage !== null && typeof usage === 'object' ? num(usage['output_tokens']) : 0,
  };
}

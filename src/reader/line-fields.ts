/**
 * The fields the trace index and the statistics need, read from a line's bytes without
 * `JSON.parse` when the line is in the canonical form our sinks write (`jsonLine`: the
 * contract's field order, no spaces), and through `JSON.parse` otherwise.
 *
 * The fast path walks the line once: the canonical prefix and field order, a canonical
 * timestamp, a known level, string ends (native `memchr`; escapes honoured and decoded as
 * `JSON.parse` does), `data` walked at its top level (nested values skipped from quote to
 * quote), a JSON number for `duration_ms`, an `error` object, and the closing brace. Of `data`
 * it decodes only what is read: `tool`, `server`, `model`, `usage`, and `message` for
 * `user:message`. UTF-8 validity is checked by the caller (per chunk). What it does not check is
 * the inside of the values it skips, so a line that is corrupt there but still in canonical
 * shape is taken as an event where `JSON.parse` would reject it.
 * @module
 */
import { isAscii } from 'node:buffer';
import type { Level, TraceEvent } from '../event.js';
import { isTraceEvent, looksLikeObject } from './classify.js';
import {
  bytesAt, canonicalTimeAt, decodeString, latin1, readNumber, skipComposite, skipValue, stringEnd,
} from './json-bytes.js';
import { timestampMs } from './time.js';

/** The fields of one event line, in a reused object (copy what you keep). */
export interface LineEvent extends TraceEvent {
  /** Epoch ms of `timestamp` (NaN when it is not a time). */
  ms: number;
  /** A 32-bit hash of `span_id`, for counting distinct spans. */
  spanKey: number;
}

const b = (s: string): Buffer => Buffer.from(s);
const PREFIX = b('{"timestamp":"');
const K_LEVEL = b('","level":"');
const K_TRACE = b(',"trace_id":"');
const K_SPAN = b(',"span_id":"');
const K_PARENT = b(',"parent_span_id":"');
const K_COMPONENT = b(',"component":"');
const K_OPERATION = b(',"operation":"');
const K_MESSAGE = b(',"message":"');
const K_USER = b(',"user_id":"');
const K_AGENT = b(',"agent_id":"');
const K_DATA = b(',"data":{');
const K_DURATION = b(',"duration_ms":');
const K_ERROR = b(',"error":{');
const DATA_KEY_BYTES = ['tool', 'server', 'model', 'usage', 'message'].map(b);
const INTERN_SLOTS = 1024;
const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * Reads event lines into {@link LineFields.event}. One instance per reader; not reentrant.
 * A buffer's bytes must not change between calls that pass the same buffer object.
 * @example
 * ```ts
 * const f = new LineFields();
 * if (f.read(buf, start, end)) console.log(f.event.trace_id, f.event.ms);
 * ```
 */
export class LineFields {
  /** The last event read (its `span_id` and `parent_span_id` are not filled in, and `message` only for `user:message`). */
  readonly event: LineEvent = {
    timestamp: '', level: 'TRACE', trace_id: '', span_id: '', component: '', operation: '', message: '',
    user_id: undefined, agent_id: undefined, data: undefined, duration_ms: undefined, ms: NaN, spanKey: 0,
  };
  /** Lines read by the fast path, and through `JSON.parse`. */
  fast = 0;
  slow = 0;
  private hash = 0;
  private plain = true;
  private readonly internKeys: Array<Buffer | undefined> = new Array<Buffer | undefined>(INTERN_SLOTS).fill(undefined);
  private readonly internValues: string[] = new Array<string>(INTERN_SLOTS).fill('');
  private lastTraceBytes: Buffer = Buffer.alloc(0);
  private lastTrace = '';
  private readonly tsBytes = Buffer.alloc(25);
  private tsValid = false;
  private ts = '';
  private tsMs = NaN;
  private buf: Buffer | undefined;
  /** The current buffer is all ASCII (a string without escapes then decodes as latin1). */
  private ascii = false;
  /** Position of the next backslash in the current buffer (-1: none; searched once per backslash). */
  private nextBackslash = -1;
  private noEscape = false;

  /**
   * Reads `buf[start, end)` (valid UTF-8, no newline). True when it is a trace event (exactly
   * the lines `parseEventLine` accepts, see the module notes); its fields are then in {@link LineFields.event}.
   */
  read(buf: Buffer, start: number, end: number): boolean {
    if (this.buf !== buf) {
      this.buf = buf;
      this.ascii = isAscii(buf);
      this.nextBackslash = -2;
    }
    if (this.fastRead(buf, start, end)) {
      this.fast++;
      return true;
    }
    this.slow++;
    // Not even an object: no JSON.parse (whose exception costs more than reading a line).
    if (!looksLikeObject(buf, start, end)) return false;
    return this.slowRead(buf.toString('utf8', start, end));
  }

  private fastRead(buf: Buffer, start: number, end: number): boolean {
    while (end > start && (buf[end - 1] === 32 || buf[end - 1] === 9)) end--;
    if (end - start < 100 || buf[end - 1] !== 125 /* } */ || !bytesAt(buf, start, PREFIX)) return false;
    if (this.nextBackslash !== -1 && this.nextBackslash < start) this.nextBackslash = buf.indexOf(92, start);
    this.noEscape = this.nextBackslash === -1 || this.nextBackslash >= end;
    let p = start + PREFIX.length;
    if (!this.time(buf, p)) return false;
    p += 24;
    if (!bytesAt(buf, p, K_LEVEL)) return false;
    p += K_LEVEL.length;
    const level = levelAt(buf, p);
    if (level === undefined) return false;
    p += level.length + 1;
    if (!bytesAt(buf, p, K_TRACE)) return false;
    p += K_TRACE.length;
    let q = this.idEnd(buf, p, end);
    const traceId = q < 0 ? undefined : this.traceId(buf, p, q);
    if (traceId === undefined) return false;
    p = q + 1;
    if (!bytesAt(buf, p, K_SPAN)) return false;
    p += K_SPAN.length;
    q = this.idEnd(buf, p, end);
    if (q < 0) return false;
    let h = 0x811c9dc5;
    for (let i = p; i < q; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const spanKey = h >>> 0;
    p = q + 1;
    if (bytesAt(buf, p, K_PARENT)) {
      p += K_PARENT.length;
      q = this.idEnd(buf, p, end);
      if (q < 0) return false;
      p = q + 1;
    }
    if (!bytesAt(buf, p, K_COMPONENT)) return false;
    p += K_COMPONENT.length;
    q = this.scan(buf, p, end);
    const component = q < 0 ? undefined : this.intern(buf, p, q);
    if (component === undefined) return false;
    p = q + 1;
    if (!bytesAt(buf, p, K_OPERATION)) return false;
    p += K_OPERATION.length;
    q = this.scan(buf, p, end);
    const operation = q < 0 ? undefined : this.intern(buf, p, q);
    if (operation === undefined) return false;
    p = q + 1;
    if (!bytesAt(buf, p, K_MESSAGE)) return false;
    p += K_MESSAGE.length;
    q = stringEnd(buf, p, end);
    if (q < 0) return false;
    const userMessage = component === 'user' && operation === 'message';
    let message = '';
    if (userMessage) {
      const m = decodeString(buf, p, q);
      if (m === undefined) return false;
      message = m;
    }
    p = q + 1;
    let userId: string | undefined;
    let agentId: string | undefined;
    if (bytesAt(buf, p, K_USER)) {
      p += K_USER.length;
      q = this.scan(buf, p, end);
      if (q < 0 || (userId = this.intern(buf, p, q)) === undefined) return false;
      p = q + 1;
    }
    if (bytesAt(buf, p, K_AGENT)) {
      p += K_AGENT.length;
      q = this.scan(buf, p, end);
      if (q < 0 || (agentId = this.intern(buf, p, q)) === undefined) return false;
      p = q + 1;
    }
    let data: Record<string, unknown> | undefined;
    if (bytesAt(buf, p, K_DATA)) {
      p += K_DATA.length - 1;
      const found = this.dataKeys(buf, p, end, userMessage);
      if (found === undefined) return false;
      data = found;
      p = this.dataEnd;
    }
    let duration: number | undefined;
    if (bytesAt(buf, p, K_DURATION)) {
      p += K_DURATION.length;
      let n = p;
      while (n < end && buf[n] !== 44 && buf[n] !== 125) n++;
      duration = readNumber(buf, p, n);
      if (Number.isNaN(duration)) return false;
      p = n;
    }
    if (bytesAt(buf, p, K_ERROR)) {
      p = skipComposite(buf, p + K_ERROR.length - 1, end);
      if (p < 0) return false;
    }
    if (p !== end - 1) return false;
    const e = this.event;
    e.timestamp = this.ts;
    e.ms = this.tsMs;
    e.level = level;
    e.trace_id = traceId;
    e.spanKey = spanKey;
    e.component = component;
    e.operation = operation;
    e.message = message;
    e.user_id = userId;
    e.agent_id = agentId;
    e.data = data;
    e.duration_ms = duration;
    return true;
  }

  /** End (exclusive) of the last `data` object walked by {@link LineFields.dataKeys}. */
  private dataEnd = 0;

  /**
   * Walks the `data` object at `p` at its top level; returns the keys that are read (as
   * `JSON.parse` gives them: for a repeated key, the last), or undefined if it is not well formed.
   */
  private dataKeys(buf: Buffer, p: number, end: number, withMessage: boolean): Record<string, unknown> | undefined {
    let out: DataFields | undefined;
    let i = p + 1;
    if (buf[i] === 125) {
      this.dataEnd = i + 1;
      return EMPTY;
    }
    for (;;) {
      if (buf[i] !== 34) return undefined;
      const ke = stringEnd(buf, i + 1, end);
      if (ke < 0 || buf[ke + 1] !== 58 /* : */) return undefined;
      let want = -1;
      const klen = ke - i - 1;
      if (klen >= 4 && klen <= 7) {
        for (let k = 0; k < DATA_KEY_BYTES.length; k++) {
          const w = DATA_KEY_BYTES[k]!;
          if (w.length === klen && bytesAt(buf, i + 1, w)) {
            want = k === 4 && !withMessage ? -1 : k;
            break;
          }
        }
      }
      const v = ke + 2;
      const ve = skipValue(buf, v, end);
      if (ve < 0) return undefined;
      if (want >= 0) {
        let value: unknown;
        if (buf[v] === 34) {
          value = this.scan(buf, v + 1, ve) === ve - 1 ? this.intern(buf, v + 1, ve - 1) : undefined;
          if (value === undefined) return undefined;
        } else if (want === 3 && buf[v] === 123) {
          value = usageAt(buf, v, ve);
          if (value === undefined) return undefined;
        } else {
          try {
            value = JSON.parse(buf.toString('utf8', v, ve));
          } catch {
            return undefined;
          }
        }
        out ??= { tool: undefined, server: undefined, model: undefined, usage: undefined, message: undefined };
        if (want === 0) out.tool = value;
        else if (want === 1) out.server = value;
        else if (want === 2) out.model = value;
        else if (want === 3) out.usage = value;
        else out.message = value;
      }
      if (buf[ve] === 125) {
        this.dataEnd = ve + 1;
        return (out as Record<string, unknown> | undefined) ?? EMPTY;
      }
      if (buf[ve] !== 44 /* , */) return undefined;
      i = ve + 1;
    }
  }

  private slowRead(text: string): boolean {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return false;
    }
    if (!isTraceEvent(v)) return false;
    const e = this.event;
    e.timestamp = v.timestamp;
    e.ms = timestampMs(v.timestamp);
    e.level = v.level;
    e.trace_id = v.trace_id;
    let h = 0x811c9dc5;
    const s = v.span_id;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ (s.charCodeAt(i) & 0xff), 0x01000193);
    e.spanKey = h >>> 0;
    e.component = v.component;
    e.operation = v.operation;
    e.message = v.message;
    e.user_id = typeof v.user_id === 'string' ? v.user_id : undefined;
    e.agent_id = typeof v.agent_id === 'string' ? v.agent_id : undefined;
    e.data = v.data;
    e.duration_ms = v.duration_ms;
    return true;
  }

  /**
   * End quote of a short string whose content starts at `p`, or -1; sets `hash` (FNV-1a of its
   * bytes) and `plain` (no escape, control or non-ASCII byte: it decodes as latin1).
   */
  private scan(buf: Buffer, p: number, end: number): number {
    let h = 0x811c9dc5;
    let plain = true;
    for (let i = p; i < end; i++) {
      const c = buf[i]!;
      if (c === 34) {
        this.hash = h >>> 0;
        this.plain = plain;
        return i;
      }
      if (c === 92) {
        plain = false;
        i++;
      } else if (c >= 0x80 || c < 0x20) {
        plain = false;
      }
      h = Math.imul(h ^ c, 0x01000193);
    }
    return -1;
  }

  /** The string `buf[p, q)` just scanned, from the intern table when seen before (names repeat). */
  private intern(buf: Buffer, p: number, q: number): string | undefined {
    if (!this.plain) return decodeString(buf, p, q);
    const slot = this.hash & (INTERN_SLOTS - 1);
    const key = this.internKeys[slot];
    const n = q - p;
    if (key !== undefined && key.length === n && sameBytes(key, buf, p)) return this.internValues[slot];
    const s = latin1(buf, p, q);
    if (n <= 256) {
      this.internKeys[slot] = Buffer.from(buf.subarray(p, q));
      this.internValues[slot] = s;
    }
    return s;
  }

  /**
   * End quote of an id (normally hex) whose content starts at `p`, found natively; sets `plain`.
   * Uses {@link LineFields.scan} when the line has escapes.
   */
  private idEnd(buf: Buffer, p: number, end: number): number {
    if (!this.noEscape) return this.scan(buf, p, end);
    const q = buf.indexOf(34, p);
    if (q < 0 || q >= end) return -1;
    let plain = this.ascii;
    if (!plain) {
      plain = true;
      for (let i = p; i < q; i++) {
        const c = buf[i]!;
        if (c >= 0x80 || c < 0x20) {
          plain = false;
          break;
        }
      }
    }
    this.plain = plain;
    return q;
  }

  /** The trace id `buf[p, q)` just read: the previous line's string when the bytes are the same. */
  private traceId(buf: Buffer, p: number, q: number): string | undefined {
    if (!this.plain) return decodeString(buf, p, q);
    const prev = this.lastTraceBytes;
    const n = q - p;
    if (prev.length === n && sameBytes(prev, buf, p)) return this.lastTrace;
    const s = latin1(buf, p, q);
    if (n <= 64) {
      const into = prev.length === n ? prev : (this.lastTraceBytes = Buffer.allocUnsafe(n));
      for (let i = 0; i < n; i++) into[i] = buf[p + i]!;
      this.lastTrace = s;
    }
    return s;
  }

  /** Reads the canonical timestamp at `p` into `ts`/`tsMs` (reusing the previous line's when equal); false when not canonical. */
  private time(buf: Buffer, p: number): boolean {
    const prev = this.tsBytes;
    if (p + 25 > buf.length) return false;
    if (sameBytes(prev, buf, p)) return this.tsValid;
    for (let i = 0; i < 25; i++) prev[i] = buf[p + i]!;
    this.tsValid = canonicalTimeAt(buf, p);
    if (this.tsValid) {
      this.ts = latin1(buf, p, p + 24);
      this.tsMs = timestampMs(this.ts);
    }
    return this.tsValid;
  }
}

/** The keys of `data` that are read; absent ones stay undefined (reading them gives what `JSON.parse` would). */
interface DataFields {
  tool: unknown;
  server: unknown;
  model: unknown;
  usage: unknown;
  message: unknown;
}

const K_INPUT = b('input_tokens');
const K_OUTPUT = b('output_tokens');

/**
 * The `usage` object `buf[p, pe)` with the two counters that are read (`input_tokens`,
 * `output_tokens`) when they are numbers; undefined if it is not well formed.
 */
function usageAt(buf: Buffer, p: number, pe: number): Record<string, unknown> | undefined {
  const out: { input_tokens: unknown; output_tokens: unknown } = { input_tokens: undefined, output_tokens: undefined };
  let i = p + 1;
  if (buf[i] === 125) return i === pe - 1 ? out : undefined;
  for (;;) {
    if (buf[i] !== 34) return undefined;
    const ke = stringEnd(buf, i + 1, pe);
    if (ke < 0 || buf[ke + 1] !== 58) return undefined;
    const v = ke + 2;
    const ve = skipValue(buf, v, pe);
    if (ve < 0) return undefined;
    const klen = ke - i - 1;
    const which = klen === 12 && bytesAt(buf, i + 1, K_INPUT) ? 1 : klen === 13 && bytesAt(buf, i + 1, K_OUTPUT) ? 2 : 0;
    if (which !== 0) {
      const c = buf[v]!;
      let value: unknown;
      if (c === 45 || (c >= 48 && c <= 57)) {
        value = readNumber(buf, v, ve);
        if (Number.isNaN(value)) return undefined;
      } else {
        try {
          value = JSON.parse(buf.toString('utf8', v, ve));
        } catch {
          return undefined;
        }
      }
      if (which === 1) out.input_tokens = value;
      else out.output_tokens = value;
    }
    if (buf[ve] === 125) return ve === pe - 1 ? out : undefined;
    if (buf[ve] !== 44) return undefined;
    i = ve + 1;
  }
}

/** Whether `buf[p, p + key.length)` equals `key`. */
function sameBytes(key: Buffer, buf: Buffer, p: number): boolean {
  for (let i = 0; i < key.length; i++) if (key[i] !== buf[p + i]) return false;
  return true;
}

/** The level name at `p` followed by a quote, or undefined. */
function levelAt(buf: Buffer, p: number): Level | undefined {
  const c = buf[p];
  const l: Level | undefined = c === 84 ? 'TRACE' : c === 68 ? 'DEBUG' : c === 73 ? 'INFO' : c === 87 ? 'WARN' : c === 69 ? 'ERROR' : undefined;
  if (l === undefined || buf[p + l.length] !== 34) return undefined;
  for (let i = 1; i < l.length; i++) if (buf[p + i] !== l.charCodeAt(i)) return undefined;
  return l;
}

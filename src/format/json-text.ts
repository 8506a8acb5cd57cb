/**
 * JSON text of the values every line carries: string literals and millisecond durations,
 * written without the general conversions where the common case allows.
 * @module
 */

import { StringMemo } from '../string-memo.js';

/** Whether a string needs no escaping in JSON (no quote, backslash, control character or surrogate). */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
/** Long strings' JSON text, remembered by identity: a message or tool result is written several times per conversation. */
const longQuoted = new StringMemo(16);
/** Longest string remembered (longer ones were cut by the sanitizer, or come from elsewhere). */
const MEMO_MAX = 64 * 1024;
/** Strings longer than this are quoted through the memo (shorter ones cost less to escape than to look up). */
export const LONG_STRING = 256;

let longHolder: object | undefined;

/**
 * Marks the sanitized `data` just made as holding much text: its JSON is then written by
 * {@link valueJson} (strings checked with one regular expression, long ones quoted once through
 * the memo), which costs less per character than `JSON.stringify` here. Other records are left
 * to `JSON.stringify`: its one flat string per record keeps the heap small where lines wait in a
 * queue (the slow-sink benchmark: 8 MB of RSS growth against 30 MB through {@link valueJson}).
 * One slot: the line is written right after the data is made.
 */
export function markLongStrings(data: object): void {
  longHolder = data;
}

/** JSON text of an event's `data`: {@link valueJson} for the record just marked, else `JSON.stringify` (the same text either way). */
export function dataJson(data: unknown): string | undefined {
  return data === longHolder ? valueJson(data) : JSON.stringify(data);
}

/**
 * A JSON string literal, exactly as `JSON.stringify(s)` writes it; skips `JSON.stringify` when
 * nothing needs escaping (pino's trick). Long strings are checked with one regular expression
 * (about three times cheaper per character than `JSON.stringify` here) and their text is
 * remembered for the next time the same string is written.
 */
export function quote(s: string): string {
  const n = s.length;
  if (n > LONG_STRING) {
    if (n > MEMO_MAX) return PLAIN.test(s) ? '"' + s + '"' : JSON.stringify(s);
    let q = longQuoted.get(s);
    if (q === undefined) {
      q = PLAIN.test(s) ? '"' + s + '"' : JSON.stringify(s);
      longQuoted.set(s, q);
    }
    return q;
  }
  if (n >= 16) return PLAIN.test(s) ? '"' + s + '"' : JSON.stringify(s);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

/**
 * Remembers the JSON text of `a + b + c` (the string `joined`, long) from the parts' own: a
 * message made of a fixed prefix and a long value (`User sent: <message>`) is then quoted
 * without a pass over it, since the value's text is remembered from its own use in `data`
 * (or is computed once here and found there). Parts meeting at a surrogate are left alone.
 */
export function rememberQuoted(joined: string, a: string, b: string, c: string): void {
  if (joined.length <= 256 || joined.length > MEMO_MAX || splitsPair(a, b) || splitsPair(b, c)) return;
  const qa = quote(a);
  const qb = quote(b);
  const qc = quote(c);
  longQuoted.set(joined, qa.slice(0, -1) + qb.slice(1, -1) + qc.slice(1));
}

/** Whether `x` ends or `y` starts with a surrogate (joining them could make or break a pair). */
function splitsPair(x: string, y: string): boolean {
  if (x.length === 0 || y.length === 0) return false;
  const e = x.charCodeAt(x.length - 1);
  const f = y.charCodeAt(0);
  return (e >= 0xd800 && e <= 0xdfff) || (f >= 0xd800 && f <= 0xdfff);
}

/** Thrown inside {@link valueJson} for what only `JSON.stringify` gets exactly right. */
const GENERAL = new Error('general');

/**
 * JSON text of a value, exactly as `JSON.stringify(v)` writes it (undefined where it gives
 * undefined), written by hand for what the sanitizer produces (plain objects, arrays, strings,
 * finite numbers, booleans, null): long strings go through {@link quote}, each key's text is
 * kept, and a small record costs about a quarter less than with Node 20's `JSON.stringify`.
 * Anything else (a `toJSON`, a class instance, a cycle, great depth) is left to
 * `JSON.stringify` whole.
 * @throws what `JSON.stringify` throws (a BigInt, a cycle).
 */
export function valueJson(v: unknown): string | undefined {
  try {
    return protoPolluted() ? JSON.stringify(v) : write(v, 0);
  } catch (err) {
    if (err !== GENERAL) throw err;
    return JSON.stringify(v);
  }
}

function write(v: unknown, depth: number): string | undefined {
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return Number.isFinite(v) ? '' + v : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      break;
    case 'bigint':
      throw GENERAL;
    default:
      return undefined;
  }
  if (v === null) return 'null';
  if (depth > 64) throw GENERAL;
  if (Array.isArray(v)) {
    if (protoOf(v) !== Array.prototype || typeof (v as { toJSON?: unknown }).toJSON === 'function') throw GENERAL;
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      out += write(v[i], depth + 1) ?? 'null';
    }
    return out + ']';
  }
  const proto = protoOf(v);
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') throw GENERAL;
  // for...in walks a small object's keys from V8's enumeration cache (no array made, unlike
  // Object.keys); with no enumerable key on Object.prototype ({@link protoPolluted}) it lists
  // the own keys, in the same order.
  let out = '{';
  let first = true;
  for (const k in v) {
    const x = write((v as Record<string, unknown>)[k], depth + 1);
    if (x === undefined) continue;
    out += first ? keyText(k) + x : ',' + keyText(k) + x;
    first = false;
  }
  return out + '}';
}

/** `"key":` by key (keys repeat from one record to the next); cleared when full. */
const keyTexts = new Map<string, string>();
const KEY_TEXTS_MAX = 4096;

function keyText(k: string): string {
  let t = keyTexts.get(k);
  if (t === undefined) {
    if (keyTexts.size >= KEY_TEXTS_MAX) keyTexts.clear();
    t = quote(k) + ':';
    keyTexts.set(k, t);
  }
  return t;
}

const EMPTY: object = {};

/** Whether something put an enumerable key on `Object.prototype` (for...in would list it): `JSON.stringify` is used then. */
function protoPolluted(): boolean {
  for (const _ in EMPTY) return true;
  return false;
}

/** `''`, `'.001'` ... `'.999'`, trailing zeros dropped (`'.5'`, `'.25'`). */
const FRACTIONS: readonly string[] = Array.from({ length: 1000 }, (_, f) => (f === 0 ? '' : ('.' + String(f).padStart(3, '0')).replace(/0+$/, '')));
/** `'0'` ... `'999'`. */
const WHOLE: readonly string[] = Array.from({ length: 1000 }, (_, w) => String(w));

/**
 * A duration in ms as JSON writes it (`String(ms)`), fast for what `duration_ms` holds: a
 * non-negative number with at most three decimals (microseconds). Converting a fractional
 * double to text is slow in general (about 130 ns, shortest round-trip digits); a number with
 * three decimals below a million is written from two small tables instead. Anything else
 * (more decimals, negative, huge, not finite) is converted the general way.
 */
export function msText(ms: number): string {
  const us = Math.round(ms * 1000);
  if (us >= 0 && us < 1e9 && us / 1000 === ms) {
    const whole = Math.floor(us / 1000);
    if (whole < 1000) return WHOLE[whole]! + FRACTIONS[us - whole * 1000]!;
    return String(whole) + FRACTIONS[us - whole * 1000]!;
  }
  return String(ms);
}

/** The prototype, or a marker that sends the value to `JSON.stringify` when it cannot be read (a Proxy). */
function protoOf(v: object): unknown {
  try {
    return Object.getPrototypeOf(v);
  } catch {
    throw GENERAL;
  }
}

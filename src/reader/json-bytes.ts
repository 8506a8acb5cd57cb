/**
 * Reading JSON text straight from bytes, for the trace index's fast path: string ends found with
 * native `memchr` (`indexOf` of one byte), composite values skipped by jumping from quote to
 * quote, numbers read without allocating. All functions take a buffer and positions and return
 * a position, or -1 when the bytes are not what was expected.
 * @module
 */

type Latin1 = (this: Buffer, start: number, end: number) => string;
// Buffer's own latin1 decoder (what `toString('latin1', …)` calls, without its argument handling).
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: Latin1 }).latin1Slice;

/** The bytes `buf[start, end)` as latin1 text (exact for ASCII). */
export function latin1(buf: Buffer, start: number, end: number): string {
  return latin1Slice !== undefined ? latin1Slice.call(buf, start, end) : buf.toString('latin1', start, end);
}

/** Whether `buf[start, start + bytes.length)` equals `bytes`. */
export function bytesAt(buf: Buffer, start: number, bytes: Buffer): boolean {
  const n = bytes.length;
  if (start + n > buf.length) return false;
  for (let i = 0; i < n; i++) if (buf[start + i] !== bytes[i]) return false;
  return true;
}

/** The closing quote of the string whose content starts at `p` (escapes honoured), or -1 if none before `end`. */
export function stringEnd(buf: Buffer, p: number, end: number): number {
  for (;;) {
    const q = buf.indexOf(34, p);
    if (q < 0 || q >= end) return -1;
    let bs = 0;
    for (let i = q - 1; i >= p && buf[i] === 92; i--) bs++;
    if ((bs & 1) === 0) return q;
    p = q + 1;
  }
}

/** A JSON string's content `buf[p, q)`, unescaped, as `JSON.parse` gives it; undefined when it is not valid. */
export function decodeString(buf: Buffer, p: number, q: number): string | undefined {
  const raw = buf.toString('utf8', p, q);
  if (raw.indexOf('\\') < 0) {
    for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) < 0x20) return undefined;
    return raw;
  }
  try {
    return JSON.parse('"' + raw + '"') as string;
  } catch {
    return undefined;
  }
}

/** End (exclusive) of the object or array starting at `p`, or -1 if it does not close before `end`. */
export function skipComposite(buf: Buffer, p: number, end: number): number {
  let depth = 0;
  for (let i = p; i < end; i++) {
    const c = buf[i]!;
    if (c === 34) {
      i = stringEnd(buf, i + 1, end);
      if (i < 0) return -1;
    } else if (c === 123 || c === 91) {
      depth++;
    } else if (c === 125 || c === 93) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/** End (exclusive) of the number or literal at `p` (the next `,`, `}` or `]`), or -1. */
export function skipScalar(buf: Buffer, p: number, end: number): number {
  for (let i = p; i < end; i++) {
    const c = buf[i]!;
    if (c === 44 || c === 125 || c === 93) return i > p ? i : -1;
    if (c === 34 || c === 123 || c === 91 || c === 58) return -1;
  }
  return -1;
}

/** End (exclusive) of any JSON value at `p`, or -1. */
export function skipValue(buf: Buffer, p: number, end: number): number {
  const c = buf[p];
  if (c === 34) {
    const q = stringEnd(buf, p + 1, end);
    return q < 0 ? -1 : q + 1;
  }
  return c === 123 || c === 91 ? skipComposite(buf, p, end) : skipScalar(buf, p, end);
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The JSON number `buf[p, q)` as `JSON.parse` reads it, or NaN when it is not a JSON number.
 * Plain decimals are computed as `digits / 10^k` (correctly rounded, so equal to `Number(text)`);
 * others go through `Number`.
 */
export function readNumber(buf: Buffer, p: number, q: number): number {
  let i = p;
  const neg = buf[i] === 45;
  if (neg) i++;
  if (i >= q) return NaN;
  if (buf[i] === 48 && i + 1 < q && buf[i + 1]! >= 48 && buf[i + 1]! <= 57) return NaN; // leading zero
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < q; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0 && digits > 0) {
      frac = 0;
    } else {
      break;
    }
  }
  if (i < q) {
    // An exponent (or garbage): let the strict pattern and Number decide.
    const text = latin1(buf, p, q);
    return /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
  }
  if (frac === 0 || digits === 0) return NaN;
  if (digits > 15) return Number(latin1(buf, p, q));
  const v = frac > 0 ? m / POW10[frac]! : m;
  return neg ? -v : v;
}

const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/** Whether `buf[p, p + 25)` is a canonical timestamp and its closing quote: `YYYY-MM-DDTHH:mm:ss.sssZ"`. */
export function canonicalTimeAt(buf: Buffer, p: number): boolean {
  if (p + 25 > buf.length || buf[p + 24] !== 34 || buf[p + 23] !== 90 || buf[p + 10] !== 84 || buf[p + 4] !== 45 ||
      buf[p + 7] !== 45 || buf[p + 13] !== 58 || buf[p + 16] !== 58 || buf[p + 19] !== 46) return false;
  for (const i of DIGIT_AT) {
    const c = buf[p + i]!;
    if (c < 48 || c > 57) return false;
  }
  return true;
}

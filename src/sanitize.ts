/**
 * Makes any value safe to write: JSON-compatible (circular references, BigInt, Errors,
 * Map/Set, Buffers, undefined, throwing getters), redacted (secret keys at any depth, bearer
 * tokens and API keys inside strings) and bounded (long strings and large payloads truncated
 * with a visible marker). It never throws.
 * @module
 */
import { markLongStrings, rememberQuoted } from './format/json-text.js';
import { REDACTED, mayHoldSecret, redactSecrets } from './secret-patterns.js';
import { RecordLayout } from './record-layout.js';
import { StringMemo } from './string-memo.js';

export { REDACTED } from './secret-patterns.js';

/** Key names whose value in `data` is redacted by default (compared case-insensitively, ignoring `-` and `_`). */
export const DEFAULT_REDACT_KEYS: readonly string[] = [
  'password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'authorization', 'proxy-authorization', 'auth',
  'cookie', 'set-cookie', 'private_key', 'privatekey', 'private_key_id', 'access_token', 'refresh_token', 'id_token',
  'client_secret', 'session_id', 'sessid', 'jsessionid', 'credentials', 'x-api-key', 'passphrase', 'account_key', 'shared_access_key',
  'connection_string', 'dsn', 'aws_secret_access_key',
];

/** Key suffixes redacted by default (`dbPassword`, `githubToken`, `stripe_secret`, `awsSecretAccessKey`, `AccountKey`, `signing_key`, ...). */
const DEFAULT_SUFFIXES = [
  'password', 'passwd', 'secret', 'token', 'apikey', 'privatekey', 'credentials', 'credential', 'accesskey', 'secretkey',
  'accountkey', 'signingkey', 'encryptionkey', 'connectionstring', 'passphrase', 'sessionid',
];

/** Options of a {@link Sanitizer}. */
export interface SanitizeOptions {
  /** Redact at all (default true). */
  redact: boolean;
  /** Extra key names to redact. */
  redactKeys: readonly string[];
  /** Extra string patterns to redact. */
  redactPatterns: readonly RegExp[];
  /** Longest string kept, in UTF-8 bytes. */
  maxStringBytes: number;
  /** Approximate largest serialized payload, in bytes. */
  maxDataBytes: number;
}

const MAX_DEPTH = 12;
/** Entries kept in the sanitized-string cache (cleared when full). */
const STRING_CACHE_MAX = 1024;
/** Strings up to this length have their sanitized form cached. */
const CACHED_STRING = 128;
/** Distinct keys whose verdict is remembered (keys repeat: `server`, `tool`, `params`...). */
const KEY_CACHE_MAX = 4096;
/** Characters kept past the limit before redaction, so a secret cut by the limit is still matched. */
const SLACK = 512;
/** Data holding more characters of text than this is written by the hand-made JSON writer (see `json-text.ts`). */
const TEXT_HEAVY = 512;
/** What a property whose getter throws costs of the data budget (so a thousand of them stop early). */
const THROW_COST = 2048;
/** Long strings remembered by identity (see `string-memo.ts`). */
const MEMO_SIZE = 16;
/** Strings longer than this are not remembered (they are cut before anything reads them whole). */
const MEMO_MAX_CHARS = 64 * 1024;
/** Past this many characters, the size of what was cut is given as a lower bound (counting its UTF-8 bytes would cost a pass over it). */
const HUGE_CHARS = 1024 * 1024;
const normKey = (k: string): string => {
  const low = k.toLowerCase();
  return low.indexOf('-') < 0 && low.indexOf('_') < 0 ? low : low.replace(/[-_]/g, '');
};
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A compiled sanitizer: the key set and the combined pattern are built once per config. */
export class Sanitizer {
  /** A normalized key that is a secret key name, or ends with a secret suffix. */
  private readonly keyRe: RegExp;
  /** The user's extra patterns, each made global (none by default). */
  private readonly extra: readonly RegExp[] | undefined;
  private readonly keyCache = new Map<string, boolean>();
  private readonly redact: boolean;
  private readonly maxString: number;
  private readonly maxData: number;

  constructor(opts: SanitizeOptions) {
    this.redact = opts.redact;
    const names = [...new Set([...DEFAULT_REDACT_KEYS, ...opts.redactKeys].map(normKey))].filter((k) => k !== '');
    const suffixes = [...new Set(DEFAULT_SUFFIXES.concat(opts.redactKeys.map(normKey)))].filter((k) => k !== '');
    this.keyRe = new RegExp(`^(?:${names.map(escapeRe).join('|')})$|(?:${suffixes.map(escapeRe).join('|')})$`);
    const extra = opts.redactPatterns;
    this.extra = extra.length ? extra.map((r) => new RegExp(r.source, r.flags.includes('g') ? r.flags : r.flags + 'g')) : undefined;
    this.maxString = opts.maxStringBytes;
    this.maxData = opts.maxDataBytes;
  }

  /** The data size budget, in bytes. */
  get maxDataBytes(): number {
    return this.maxData;
  }

  /** Whether a key's value is redacted. */
  isSecretKey(key: string): boolean {
    if (!this.redact) return false;
    const hit = this.keyCache.get(key);
    if (hit !== undefined) return hit;
    const k = normKey(key);
    const secret = this.keyRe.test(k);
    if (this.keyCache.size < KEY_CACHE_MAX) this.keyCache.set(key, secret);
    return secret;
  }

  /** A string made safe: secrets inside it redacted, truncated to the byte limit. */
  string(s: string): string {
    // With no user pattern to apply, a string within any limit and too short for any default rule is safe as it is.
    const plain = this.extra === undefined && s.length * 3 <= this.maxString;
    if (plain && s.length < 8) return s;
    if (s.length > CACHED_STRING) {
      if (s.length > MEMO_MAX_CHARS) return this.compute(s);
      let out = this.memo.get(s);
      if (out === undefined) {
        out = this.compute(s);
        this.memo.set(s, out);
      }
      return out;
    }
    let out = this.strCache.get(s);
    if (out === undefined) {
      // Not seen lately, short, and nothing a secret scanner starts from: safe as it is, and not
      // cached (a payload of many distinct ids or names would only churn the cache).
      if (plain && !mayHoldSecret(s)) return s;
      if (this.strCache.size >= STRING_CACHE_MAX) this.strCache.clear();
      out = this.compute(s);
      this.strCache.set(s, out);
    }
    return out;
  }

  private readonly strCache = new Map<string, string>();
  private readonly memo = new StringMemo(MEMO_SIZE);

  /** Remembers a string made of safe parts as safe, so emitting it does not scan it again. */
  private remember(s: string): void {
    if (s.length > CACHED_STRING) this.memo.set(s, s);
    else {
      if (this.strCache.size >= STRING_CACHE_MAX) this.strCache.clear();
      this.strCache.set(s, s);
    }
  }

  private compute(s: string): string {
    let out = s;
    let cut = 0;
    let exact = true;
    if (s.length > this.maxString + SLACK) {
      // Cut a huge string before the redaction regexes see it; keep a margin so a secret
      // straddling the limit is still recognised, then truncate exactly below.
      out = s.slice(0, this.maxString + SLACK);
      if (s.length > HUGE_CHARS) {
        cut = s.length - out.length;
        exact = false;
      } else cut = Buffer.byteLength(s) - Buffer.byteLength(out);
    }
    if (this.redact) out = redactSecrets(out, this.extra);
    return truncate(out, this.maxString, cut, exact);
  }

  /**
   * Any value as the text a message shows, made safe and bounded: a string as it is (cut before
   * it is read whole), an Error as `Type: message`, anything else as JSON of the value walked
   * with a budget of `maxStringBytes` (so a 1,000,000-item array or a 10 MiB Buffer costs no more
   * than a small one). Never throws.
   */
  text(v: unknown): string {
    try {
      return this.textOf(v);
    } catch {
      return '[unprintable]';
    }
  }

  private textOf(v: unknown): string {
    switch (typeof v) {
      case 'string':
        return this.string(v);
      case 'number':
      case 'boolean':
      case 'bigint':
      case 'undefined':
        return String(v);
      case 'symbol':
        return v.toString();
      case 'function':
        return `[Function ${safeName(v)}]`;
    }
    if (v === null) return 'null';
    if (v instanceof Error) return this.string(`${String(v.name)}: ${String(v.message)}`);
    const budget = { left: this.maxString, cut: false };
    const out = this.walk(v, 0, [], budget);
    if (typeof out === 'string') return out;
    const json = JSON.stringify(out) ?? 'undefined';
    return truncate(budget.cut ? json + '…[truncated]' : json, this.maxString);
  }

  /**
   * `prefix + text(value) + suffix` (the prefix made safe too), remembered as safe so the
   * message is not scanned again when it is emitted. The value part is bounded by
   * `maxStringBytes`; the prefix and suffix are the caller's short wording.
   */
  compose(prefix: string, value: unknown, suffix = ''): string {
    const p = prefix === '' ? '' : this.string(prefix);
    const v = this.text(value);
    const out = p + v + suffix;
    this.remember(out);
    rememberQuoted(out, p, v, suffix);
    return out;
  }

  /** A JSON-safe, redacted, bounded copy of a `data` record. */
  data(data: unknown): Record<string, unknown> | undefined {
    if (data === undefined || data === null) return undefined;
    if (RecordLayout.keep(data, this)) return data as Record<string, unknown>;
    const budget = { left: this.maxData, cut: false };
    let out: unknown;
    this.textChars = 0;
    try {
      out = this.walk(data, 0, [], budget);
    } catch {
      out = '[unserializable]';
    }
    const rec = out !== null && typeof out === 'object' && !Array.isArray(out) ? (out as Record<string, unknown>) : { value: out };
    if (budget.cut) rec['_truncated'] = `data over ${this.maxData} bytes was cut`;
    if (this.textChars > TEXT_HEAVY) markLongStrings(rec);
    return rec;
  }

  /** Characters of the strings seen by the current walk. */
  private textChars = 0;
  private bigObject: object | undefined;
  private bigKeys: string[] = [];

  /**
   * `Object.keys(o)`, remembered for one large object: V8 enumerates all the keys of an object
   * whatever part of them is read (about 20 ms for 100,000 keys here), and one event often
   * reads the same value twice (its message text, then its data). {@link release} forgets it.
   */
  private keysOf(o: object): string[] {
    if (o === this.bigObject) return this.bigKeys;
    const keys = Object.keys(o);
    if (keys.length > 1024) {
      this.bigObject = o;
      this.bigKeys = keys;
    }
    return keys;
  }

  /** Forgets the large object remembered by {@link keysOf} (called once an event is built). */
  release(): void {
    if (this.bigObject !== undefined) {
      this.bigObject = undefined;
      this.bigKeys = [];
    }
  }

  /** Any value to a JSON-safe one; `seen` holds the objects being walked (their cycles are marked). */
  value(v: unknown, depth: number, seen: Set<object>, budget: { left: number; cut: boolean }): unknown {
    return this.walk(v, depth, [...seen], budget);
  }

  /**
   * The walk behind {@link value}. `anc` holds the objects being walked (ancestors, a few at
   * most: scanning a short array costs no more than a Set, and allocates less).
   */
  private walk(v: unknown, depth: number, anc: object[], budget: { left: number; cut: boolean }): unknown {
    switch (typeof v) {
      case 'string': {
        const s = this.string(v);
        budget.left -= s.length + 2;
        this.textChars += s.length;
        return s;
      }
      case 'number':
        budget.left -= 8;
        return Number.isFinite(v) ? v : String(v);
      case 'boolean':
        budget.left -= 5;
        return v;
      case 'bigint':
        budget.left -= 20;
        return v.toString();
      case 'undefined':
        return undefined;
      case 'symbol':
        return v.toString();
      case 'function':
        return `[Function ${safeName(v)}]`;
    }
    if (v === null) return null;
    const o = v as object;
    if (anc.includes(o)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Depth limit]';
    if (budget.left <= 0) {
      budget.cut = true;
      return '[truncated]';
    }
    anc.push(o);
    try {
      return this.object(o, depth, anc, budget);
    } finally {
      anc.pop();
    }
  }

  /** An object (already on `anc`) to a JSON-safe value. */
  private object(o: object, depth: number, anc: object[], budget: { left: number; cut: boolean }): unknown {
    let proto: unknown;
    try {
      proto = Object.getPrototypeOf(o);
    } catch {
      return '[unreadable object]';
    }
    if ((proto === Object.prototype || proto === null) && typeof (o as { toJSON?: unknown }).toJSON !== 'function') {
      return this.record(o, depth, anc, budget);
    }
    if (Array.isArray(o)) return this.list(o, depth, anc, budget);
    if (o instanceof Error) return this.error(o, depth, anc, budget);
    if (o instanceof Date) return Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
    if (ArrayBuffer.isView(o)) {
      budget.left -= 32;
      return `[${Buffer.isBuffer(o) ? 'Buffer' : o.constructor?.name ?? 'ArrayBufferView'} ${o.byteLength} bytes]`;
    }
    if (o instanceof ArrayBuffer) return `[ArrayBuffer ${o.byteLength} bytes]`;
    if (o instanceof Promise) return '[Promise]';
    if (o instanceof WeakMap || o instanceof WeakSet) return `[${o.constructor.name}]`;
    if (o instanceof RegExp) return o.toString();
    if (o instanceof Set) return this.setItems(o, depth, anc, budget);
    if (o instanceof Map) {
      const rec: Record<string, unknown> = {};
      try {
        for (const [k, val] of o) {
          if (budget.left <= 0) { budget.cut = true; break; }
          const key = typeof k === 'string' ? k : String(this.walk(k, depth + 1, anc, budget));
          rec[key] = this.entry(key, val, depth, anc, budget);
        }
      } catch {
        return '[unreadable Map]'; // a Proxy of a Map, a subclass whose iterator throws
      }
      return rec;
    }
    if (typeof (o as { toJSON?: unknown }).toJSON === 'function') {
      let j: unknown;
      try { j = (o as { toJSON: () => unknown }).toJSON(); } catch { return '[toJSON threw]'; }
      if (j === o) return '[Circular]';
      anc.pop(); // what toJSON returns is walked as if in o's place
      try {
        return this.walk(j, depth + 1, anc, budget);
      } finally {
        anc.push(o);
      }
    }
    return this.record(o, depth, anc, budget);
  }

  /** An object's own enumerable string keys, each value made safe. */
  private record(o: object, depth: number, anc: object[], budget: { left: number; cut: boolean }): Record<string, unknown> | string {
    const rec: Record<string, unknown> = {};
    let keys: string[];
    try {
      keys = this.keysOf(o);
    } catch {
      return '[unreadable object]';
    }
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (budget.left <= 0) { budget.cut = true; break; }
      let val: unknown;
      try {
        val = (o as Record<string, unknown>)[key];
      } catch {
        rec[key] = '[getter threw]';
        // A throw costs the thrower a stack trace (microseconds): a thousand throwing getters
        // must not cost milliseconds, so each one spends a good part of the budget.
        budget.left -= THROW_COST;
        continue;
      }
      const out = this.entry(key, val, depth, anc, budget);
      if (out !== undefined) rec[key] = out;
    }
    return rec;
  }

  private entry(key: string, val: unknown, depth: number, anc: object[], budget: { left: number; cut: boolean }): unknown {
    budget.left -= key.length + 4;
    if (val !== undefined && val !== null && val !== '' && this.isSecretKey(key)) return REDACTED;
    return this.walk(val, depth + 1, anc, budget);
  }

  /** An Error as `{type, message, stack}`, plus its `code`, `cause` and other own fields. */
  private error(o: Error, depth: number, anc: object[], budget: { left: number; cut: boolean }): Record<string, unknown> {
    let type = 'Error';
    let message: string;
    let stack: unknown;
    try { type = String(o.name || o.constructor?.name || 'Error'); } catch { /* keep default */ }
    try { message = this.string(String(o.message)); } catch { message = '[unreadable message]'; }
    try { stack = o.stack; } catch { /* no stack */ }
    const e: Record<string, unknown> = { type, message };
    if (typeof stack === 'string') e['stack'] = this.string(stack);
    budget.left -= 64 + message.length + (typeof stack === 'string' ? Math.min(stack.length, this.maxString) : 0);
    let keys: string[] = [];
    try { keys = Object.keys(o); } catch { /* none */ }
    for (const key of keys) {
      if (key === 'name' || key === 'message' || key === 'stack' || budget.left <= 0) continue;
      let val: unknown;
      try { val = (o as unknown as Record<string, unknown>)[key]; } catch { e[key] = '[getter threw]'; continue; }
      const out = this.entry(key, val, depth, anc, budget);
      if (out !== undefined) e[key] = out;
    }
    let cause: unknown;
    try { cause = (o as { cause?: unknown }).cause; } catch { /* none */ }
    if (cause !== undefined && !('cause' in e)) e['cause'] = this.walk(cause, depth + 1, anc, budget);
    return e;
  }

  /**
   * A Set's items, walked as they are read (none copied first), until the budget is spent; at most
   * `budget.left / 2` of them, since some items (symbols, functions) cost no budget.
   */
  private setItems(o: Set<unknown>, depth: number, anc: object[], budget: { left: number; cut: boolean }): unknown[] | string {
    const max = Math.max(1, Math.ceil(budget.left / 2));
    const out: unknown[] = [];
    let total: number;
    let i = 0;
    try {
      total = o.size;
      for (const x of o) {
        if (budget.left <= 0 || i === max) break;
        const w = this.walk(x, depth + 1, anc, budget);
        out.push(w === undefined ? null : w);
        i++;
      }
    } catch {
      return '[unreadable Set]'; // a Proxy of a Set, a subclass whose iterator throws
    }
    if (total > i) {
      budget.cut = true;
      out.push(`[${total - i} more items truncated]`);
    }
    return out;
  }

  private list(arr: unknown[], depth: number, anc: object[], budget: { left: number; cut: boolean }, total = arr.length): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < arr.length; i++) {
      if (budget.left <= 0) {
        budget.cut = true;
        out.push(`[${total - i} more items truncated]`);
        break;
      }
      const x = this.walk(arr[i], depth + 1, anc, budget);
      out.push(x === undefined ? null : x);
    }
    if (total > arr.length && budget.left > 0) {
      budget.cut = true;
      out.push(`[${total - arr.length} more items truncated]`);
    }
    return out;
  }
}

/**
 * Truncates a string to at most `maxBytes` UTF-8 bytes (plus a marker saying how much was cut).
 * `alreadyCut` is what the caller cut before (bytes, or with `exact` false a lower bound: the
 * marker then says "at least").
 */
export function truncate(s: string, maxBytes: number, alreadyCut = 0, exact = true): string {
  if (alreadyCut === 0 && s.length * 3 <= maxBytes) return s;
  const bytes = Buffer.byteLength(s);
  if (bytes <= maxBytes && alreadyCut === 0) return s;
  let kept = bytes <= maxBytes ? s : Buffer.from(s).subarray(0, maxBytes).toString('utf8');
  while (kept.endsWith('\uFFFD') && !s.startsWith(kept)) kept = kept.slice(0, -1);
  return `${kept}…[truncated ${exact ? '' : 'at least '}${bytes - Buffer.byteLength(kept) + alreadyCut} bytes]`;
}

function safeName(f: unknown): string {
  try {
    return String((f as { name?: unknown }).name || 'anonymous');
  } catch {
    return 'anonymous';
  }
}

/**
 * Records whose keys are known ahead, such as a traced method's arguments by parameter name
 * (`{args: {city, days}}`): the key order, the quoted keys and the commas are worked out once
 * per key list, so for each call only the values are checked and written.
 *
 * A record made by {@link RecordLayout.record} is remembered until the next one is made. When
 * the sanitizer is handed that same object and every value is a string, finite number, boolean
 * or null that sanitizing would leave unchanged (no secret key, no redacted or truncated text,
 * within the size limit), it keeps the object as is and records its JSON text here; the JSON
 * line then writes that text instead of calling `JSON.stringify`. Anything else (objects,
 * `undefined`, a secret, a long string) takes the general path, so the output is the same
 * either way. The checks are by object identity: a miss only costs the general path.
 * @module
 */
import { quote } from './format/json-text.js';

/** What a layout needs of the sanitizer that checks its values. */
export interface LayoutChecker {
  /** Whether the value of this key is redacted. */
  isSecretKey(key: string): boolean;
  /** The string as it will be written (redacted, truncated). */
  string(s: string): string;
  /** The data size budget, in bytes (as the sanitizer counts it). */
  readonly maxDataBytes: number;
}

/** Most values a layout takes (longer argument lists take the general path). */
const MAX_KEYS = 32;

/** The record made last, and by which layout. */
const made: { obj: Record<string, unknown> | undefined; layout: RecordLayout | undefined } = { obj: undefined, layout: undefined };
let readyObj: object | undefined;
let readyJson = '';

/** The keys of a record, in the order its object lists them, and where each value comes from. */
export class RecordLayout {
  private readonly keys: readonly string[];
  private readonly from: readonly number[];
  /** `"key":` for the first key, `,"key":` after. */
  private readonly pieces: readonly string[];
  private readonly open: string;
  private readonly close: string;
  /** What the sanitizer's budget loses to keys before the values: the wrapping key, then each key. */
  private readonly keyCosts: readonly number[];
  private checkedBy: LayoutChecker | undefined;
  private secret: boolean[] = [];
  private wrapSecret = false;

  private constructor(keys: string[], from: number[], private readonly wrap: string | undefined) {
    this.keys = keys;
    this.from = from;
    this.pieces = keys.map((k, i) => (i === 0 ? '' : ',') + quote(k) + ':');
    this.open = (wrap === undefined ? '' : '{' + quote(wrap) + ':') + '{';
    this.close = wrap === undefined ? '}' : '}}';
    this.keyCosts = keys.map((k) => k.length + 4);
  }

  /**
   * The layout of a record built as `rec[names[i] ?? String(i)] = values[i]` for `count` values,
   * wrapped as `{[wrap]: rec}` when `wrap` is given; undefined when the general path must take it
   * (too many values, or a key such as `__proto__` that a plain assignment does not store).
   */
  static of(names: readonly string[], count: number, wrap?: string): RecordLayout | undefined {
    if (count > MAX_KEYS) return undefined;
    const sample: Record<string, number> = {};
    for (let i = 0; i < count; i++) {
      const k = names[i] ?? String(i);
      if (k === '__proto__') return undefined;
      sample[k] = i;
    }
    // The object's own order (integer-like keys first), the last assignment of a key winning.
    const keys = Object.keys(sample);
    return new RecordLayout(keys, keys.map((k) => sample[k]!), wrap);
  }

  /** A fresh record of these values (`{[wrap]: {key: value, ...}}`), remembered for the sanitizer. */
  record(values: ArrayLike<unknown>): Record<string, unknown> {
    const rec: Record<string, unknown> = {};
    const keys = this.keys;
    const from = this.from;
    for (let i = 0; i < keys.length; i++) rec[keys[i]!] = values[from[i]!];
    let obj = rec;
    if (this.wrap !== undefined) {
      obj = {};
      obj[this.wrap] = rec;
    }
    made.obj = obj;
    made.layout = this;
    return obj;
  }

  /**
   * The JSON text of a record made by {@link record}, as it holds now (a value changed since is
   * written as the general path would write it), or undefined when one of its values needs the
   * general path (what is not a string, finite number, boolean or null; text the checker would
   * change; a secret key with a value; a record the size budget would cut).
   */
  private json(c: LayoutChecker, obj: Record<string, unknown>): string | undefined {
    if (this.checkedBy !== c) {
      this.checkedBy = c;
      this.secret = this.keys.map((k) => c.isSecretKey(k));
      this.wrapSecret = this.wrap !== undefined && c.isSecretKey(this.wrap);
    }
    if (this.wrapSecret) return undefined;
    const rec = (this.wrap === undefined ? obj : obj[this.wrap]) as Record<string, unknown> | undefined;
    if (typeof rec !== 'object' || rec === null) return undefined;
    const keys = this.keys;
    // The budget as the sanitizer spends it: each key, then its value; a cut where it runs out.
    let left = c.maxDataBytes - (this.wrap === undefined ? 0 : this.wrap.length + 4);
    if (left <= 0) return undefined;
    let out = this.open;
    const pieces = this.pieces;
    for (let i = 0; i < pieces.length; i++) {
      if (left <= 0) return undefined;
      left -= this.keyCosts[i]!;
      const v = rec[keys[i]!];
      let text: string;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) return undefined;
        left -= 8;
        text = '' + v;
      } else if (typeof v === 'string') {
        if (c.string(v) !== v) return undefined;
        left -= v.length + 2;
        text = quote(v);
      } else if (typeof v === 'boolean') {
        left -= 5;
        text = v ? 'true' : 'false';
      } else if (v === null) {
        text = 'null';
      } else return undefined;
      if (this.secret[i] && v !== null && v !== '') return undefined;
      out += pieces[i] + text;
    }
    return out + this.close;
  }

  /**
   * Called by the sanitizer with the data it is given: true when `data` is the record made last
   * and its values need no change (its JSON text is then kept for {@link preparedJson}).
   */
  static keep(data: unknown, c: LayoutChecker): boolean {
    if (data !== made.obj) return false;
    const json = made.layout!.json(c, made.obj!);
    made.obj = undefined;
    made.layout = undefined;
    if (json === undefined) return false;
    readyObj = data as object;
    readyJson = json;
    return true;
  }
}

/** The JSON text of a record the sanitizer kept as is, if `data` is that record. */
export function preparedJson(data: unknown): string | undefined {
  return data === readyObj ? readyJson : undefined;
}

/**
 * Filter terms as a ClickHouse `WHERE` condition on the table of `samples/cloud/schema.sql`,
 * with the semantics of `compileFilter` (`filter.ts`). Every value travels as a bound query
 * parameter (`{p0:String}`): no value is ever spliced into the SQL text, so a filter value can
 * hold any character. Differences from the file source, documented in the README: a regular
 * expression runs in RE2 (no lookaround or back-references: the user gets a FilterError), and
 * case-insensitive matching lowercases with ClickHouse's `lowerUTF8` (identical for ASCII).
 * @module
 */
import { LEVEL_RANK, isLevel } from '../event.js';
import type { FilterOp, FilterTerm } from './filter-terms.js';
import { FilterError } from './filter-terms.js';
import { parseTimeArg } from './time.js';

/** The bound parameters of one query, named `p0`, `p1`, … in the order they are added. */
export class SqlParams {
  /** Values by parameter name, for the client's `query_params`. */
  readonly values: Record<string, string | number> = {};
  private n = 0;

  /** Adds `value` and returns its placeholder, such as `{p0:String}`. */
  add(value: string | number, type: 'String' | 'Float64' | 'Int64' | 'UInt64' = 'String'): string {
    const name = `p${this.n++}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }
}

/** The contract's levels with their rank, as ClickHouse arrays for `transform`. */
const LEVEL_NAMES = Object.keys(LEVEL_RANK);
const LEVEL_SQL = `transform(level, [${LEVEL_NAMES.map((l) => `'${l}'`).join(', ')}], [${LEVEL_NAMES.map((l) => LEVEL_RANK[l as keyof typeof LEVEL_RANK]).join(', ')}], -1)`;

/** The JSON types of a number in `data` (`JSONType`). */
const NUMBER_TYPES = `('Int64', 'UInt64', 'Double')`;

const HEX = /^[0-9a-f]+$/;

/**
 * The condition of `terms` (all must match), or `1` when there are none.
 * @throws FilterError as `compileFilter` does (unknown level, bad time, short id prefix…).
 * @example
 * ```ts
 * const p = new SqlParams();
 * const where = whereOf(parseFilterTerms('component=agent level>=WARN'), Date.now(), p);
 * // "(component = {p0:String}) AND (transform(level, …) >= 3)", p.values = { p0: 'agent' }
 * ```
 */
export function whereOf(terms: readonly FilterTerm[], now: number, params: SqlParams): string {
  if (terms.length === 0) return '1';
  return terms.map((t) => `(${termSql(t, now, params)})`).join(' AND ');
}

function termSql(t: FilterTerm, now: number, p: SqlParams): string {
  if (t.kind === 'text') return textSql(t.value, t.caseSensitive, p);
  if (t.kind === 'regex') return regexSql(t.source, t.flags, p);
  const { field, op, value } = t;
  if (field === 'since' || field === 'until') return timeSql(field, op, value, now, p);
  if (field === 'level') return levelSql(op, value, p);
  if (field === 'duration_ms') return `duration_ms IS NOT NULL AND ${numberCmp('duration_ms', op, value, p)}`;
  if (field.startsWith('data.')) return dataSql(field.slice(5).split('.'), op, value, p);
  if (op !== '=' && op !== '!=' && op !== '~=') {
    throw new FilterError(`'${op}' only compares level, duration, since/until and data.<path>; use ${field}=value or ${field}~=text`);
  }
  if (field === 'error') {
    if (op === '~=') return `error != '' AND ${containsAnyCase(`concat(error_type, ': ', error_message)`, value, p)}`;
    const eq = `error != '' AND error_type = ${p.add(value)}`;
    return op === '=' ? eq : `NOT (${eq})`;
  }
  const column = COLUMNS[field];
  if (column === undefined) throw new FilterError(`unknown filter field '${field}'`);
  // Optional fields are '' in the table when the line does not have them (the file source: undefined).
  const present = OPTIONAL.has(field) ? `${column} != '' AND ` : '';
  if (op === '~=') return present + containsAnyCase(column, value, p);
  let eq: string;
  if (field === 'trace_id' || field === 'span_id' || field === 'parent_span_id') eq = present + idSql(field, value.toLowerCase(), p);
  else eq = `${present}${column} = ${p.add(value)}`;
  return op === '=' ? eq : `NOT (${eq})`;
}

/** Field → column (filter fields that are plain string columns). */
const COLUMNS: Readonly<Record<string, string>> = {
  component: 'component', operation: 'operation', trace_id: 'trace_id', span_id: 'span_id',
  parent_span_id: 'parent_span_id', user_id: 'user_id', agent_id: 'agent_id', message: 'message',
};

/** Columns that are '' when the JSON line has no such field. */
const OPTIONAL = new Set(['parent_span_id', 'user_id', 'agent_id']);

function idSql(field: 'trace_id' | 'span_id' | 'parent_span_id', v: string, p: SqlParams): string {
  const full = field === 'trace_id' ? 32 : 16;
  const label = field.replace(/_/g, '-');
  if (!HEX.test(v)) throw new FilterError(`--${label} '${v}' is not hexadecimal (give the full id or a prefix of at least 4 hex digits)`);
  if (v.length < 4) throw new FilterError(`--${label} prefix '${v}' is too short (at least 4 hex digits)`);
  if (v.length > full) throw new FilterError(`--${label} '${v}' is longer than ${full} hex digits`);
  return v.length === full ? `${field} = ${p.add(v)}` : `startsWith(${field}, ${p.add(v)})`;
}

/** `column` contains `needle` in any case (the file source lowercases both sides). */
function containsAnyCase(column: string, needle: string, p: SqlParams): string {
  return `position(lowerUTF8(${column}), ${p.add(needle.toLowerCase())}) > 0`;
}

function levelSql(op: FilterOp, value: string, p: SqlParams): string {
  const v = value.toUpperCase();
  if (!isLevel(v)) throw new FilterError(`unknown level '${value}' (levels: TRACE, DEBUG, INFO, WARN, ERROR)`);
  if (op === '=') return `level = ${p.add(v)}`;
  if (op === '!=') return `level != ${p.add(v)}`;
  if (op === '~=') throw new FilterError(`level takes =, !=, >=, >, <=, < (got '${op}')`);
  return `${LEVEL_SQL} ${op} ${p.add(LEVEL_RANK[v], 'Int64')}`;
}

function numberCmp(expr: string, op: FilterOp, value: string, p: SqlParams): string {
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n)) throw new FilterError(`'${value}' is not a number`);
  if (op === '~=') throw new FilterError(`'${op}' does not compare numbers`);
  const sqlOp = op === '=' ? '=' : op;
  // ±Infinity: a number compares as JavaScript does (every finite value is below Infinity).
  if (!Number.isFinite(n)) {
    const below = n > 0; // every value is below +Infinity, none below -Infinity
    const truth: Record<string, boolean> = { '=': false, '!=': true, '<': below, '<=': below, '>': !below, '>=': !below };
    return truth[sqlOp] ? '1' : '0';
  }
  return `${expr} ${sqlOp} ${p.add(n, 'Float64')}`;
}

function timeSql(field: 'since' | 'until', op: FilterOp, value: string, now: number, p: SqlParams): string {
  if (op !== '=') throw new FilterError(`${field} takes '=' (like ${field}=15m or ${field}=2026-05-15T10:00:00Z)`);
  const t = parseTimeArg(value, now);
  if (t === undefined) throw new FilterError(`--${field} '${value}' is not a time (an ISO time like 2026-05-15T10:00:00Z, or a duration ago like 15m, 2h, 1d)`);
  // The file source compares at millisecond precision (ISO text); a fraction of a ms rounds as toISOString does.
  const ms = Date.parse(new Date(t).toISOString());
  return `toUnixTimestamp64Milli(timestamp) ${field === 'since' ? '>=' : '<='} ${p.add(ms, 'Int64')}`;
}

/** `data.<path>`: the value's text (a string as is, anything else as JSON) or its number. */
function dataSql(path: string[], op: FilterOp, value: string, p: SqlParams): string {
  const keys = path.map((k) => p.add(k)).join(', ');
  const type = `JSONType(data, ${keys})`;
  const has = `data != '' AND JSONHas(data, ${keys})`;
  const text = `if(${type} = 'String', JSONExtractString(data, ${keys}), JSONExtractRaw(data, ${keys}))`;
  if (op === '~=') return `${has} AND position(lowerUTF8(${text}), ${p.add(value.toLowerCase())}) > 0`;
  if (op === '=' || op === '!=') {
    const eq = `${has} AND ${text} = ${p.add(value)}`;
    return op === '=' ? eq : `NOT (${eq})`;
  }
  return `${has} AND ${type} IN ${NUMBER_TYPES} AND ${numberCmp(`JSONExtractFloat(data, ${keys})`, op, value, p)}`;
}

/** Free text: in the message, the data's JSON text, or the error (`type: message` in any case; the message when case-sensitive). */
function textSql(value: string, caseSensitive: boolean, p: SqlParams): string {
  if (caseSensitive) {
    const v = p.add(value);
    return `position(message, ${v}) > 0 OR (data != '' AND position(data, ${v}) > 0) OR (error != '' AND position(error_message, ${v}) > 0)`;
  }
  const v = p.add(value.toLowerCase());
  return `position(lowerUTF8(message), ${v}) > 0 OR (data != '' AND position(lowerUTF8(data), ${v}) > 0) OR ` +
    `(error != '' AND position(lowerUTF8(concat(error_type, ': ', error_message)), ${v}) > 0)`;
}

/** A JavaScript regular expression as RE2: its flags `i`, `m`, `s` become inline flags; `g`, `y`, `u`, `d` change nothing here. */
function regexSql(source: string, flags: string, p: SqlParams): string {
  try {
    new RegExp(source, flags.replace(/[gy]/g, ''));
  } catch (err) {
    throw new FilterError(`bad regular expression /${source}/${flags}: ${(err as Error).message}`);
  }
  const inline = [...new Set(flags.replace(/[^ims]/g, ''))].join('');
  const re = p.add(inline === '' ? source : `(?${inline})${source}`);
  return `match(message, ${re}) OR (data != '' AND match(data, ${re})) OR (error != '' AND match(error_message, ${re}))`;
}

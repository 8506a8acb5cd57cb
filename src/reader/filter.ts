/**
 * Compiles filter terms (from `parseFilter` text or `muxi trace` flags) into one predicate,
 * plus the raw substrings ("needles") every matching line must contain, so the reader can
 * rule lines out before `JSON.parse`.
 * @module
 */
import type { Level, TraceEvent } from '../event.js';
import { isLevel, LEVEL_RANK } from '../event.js';
import type { FilterOp, FilterTerm } from './filter-terms.js';
import { FilterError, parseFilterTerms } from './filter-terms.js';
import { parseTimeArg } from './time.js';

/**
 * A compiled filter: call it with an event. `needles` are raw substrings that any line
 * holding a matching event contains (in the contract's JSON line form); `empty` is true when
 * it matches everything.
 */
export interface EventFilter {
  (e: TraceEvent): boolean;
  readonly needles: readonly string[];
  readonly terms: readonly FilterTerm[];
  readonly empty: boolean;
}

/** Options of {@link compileFilter} and {@link parseFilter}. */
export interface CompileOptions {
  /** "Now" for relative times like `since=15m` (default `Date.now()`). */
  now?: number;
}

type Pred = (e: TraceEvent) => boolean;

/**
 * Parses the shared filter syntax into a predicate (see `parseFilterTerms` for the grammar).
 * @throws FilterError with a message fit for the user.
 * @example
 * ```ts
 * const f = parseFilter('component=agent operation=tool_call level>=WARN weather');
 * events.filter(f);
 * ```
 */
export function parseFilter(text: string, opts: CompileOptions = {}): EventFilter {
  return compileFilter(parseFilterTerms(text), opts);
}

/** Compiles terms into one {@link EventFilter} (all terms must match). */
export function compileFilter(terms: readonly FilterTerm[], opts: CompileOptions = {}): EventFilter {
  const now = opts.now ?? Date.now();
  const preds: Pred[] = [];
  const needles: string[] = [];
  for (const t of terms) {
    preds.push(compileTerm(t, now));
    const n = needleOf(t);
    if (n !== undefined) needles.push(n);
  }
  needles.sort((a, b) => b.length - a.length);
  let f: Pred;
  if (preds.length === 0) f = () => true;
  else if (preds.length === 1) f = preds[0]!;
  else if (preds.length === 2) { const [a, b] = preds as [Pred, Pred]; f = (e) => a(e) && b(e); }
  else f = (e) => { for (let i = 0; i < preds.length; i++) if (!preds[i]!(e)) return false; return true; };
  return Object.assign((e: TraceEvent) => f(e), { needles, terms: [...terms], empty: preds.length === 0 });
}

const SAFE = /^[\x20-\x21\x23-\x2e\x30-\x5b\x5d-\x7e]+$/;
const HEX = /^[0-9a-f]+$/;

function needleOf(t: FilterTerm): string | undefined {
  if (t.kind === 'text') return t.caseSensitive && SAFE.test(t.value) ? t.value : undefined;
  if (t.kind !== 'field') return undefined;
  const { field, op } = t;
  if (field === 'level') {
    const v = t.value.toUpperCase();
    if (op === '=' || (op === '>=' && v === 'ERROR')) return `"${v}"`;
    return undefined;
  }
  if (op !== '=') return undefined;
  if (field === 'trace_id' || field === 'span_id' || field === 'parent_span_id') return '"' + t.value.toLowerCase();
  if (field === 'component' || field === 'operation' || field === 'user_id' || field === 'agent_id' || field === 'message') {
    return SAFE.test(t.value) ? JSON.stringify(t.value) : undefined;
  }
  return undefined;
}

function compileTerm(t: FilterTerm, now: number): Pred {
  if (t.kind === 'text') return textPred(t.value, t.caseSensitive);
  if (t.kind === 'regex') {
    let re: RegExp;
    try {
      re = new RegExp(t.source, t.flags.replace(/[gy]/g, ''));
    } catch (err) {
      throw new FilterError(`bad regular expression /${t.source}/${t.flags}: ${(err as Error).message}`);
    }
    return (e) => re.test(e.message) || (e.data !== undefined && re.test(dataText(e))) ||
      (e.error !== undefined && re.test(e.error.message));
  }
  const { field, op, value } = t;
  if (field === 'since' || field === 'until') return timePred(field, op, value, now);
  if (field === 'level') return levelPred(op, value);
  if (field === 'duration_ms') return numberPred(op, value, (e) => e.duration_ms);
  if (field.startsWith('data.')) return dataPred(field, op, value);
  if (op !== '=' && op !== '!=' && op !== '~=') {
    throw new FilterError(`'${op}' only compares level, duration, since/until and data.<path>; use ${field}=value or ${field}~=text`);
  }
  const get: (e: TraceEvent) => string | undefined = field === 'error'
    ? (e) => (e.error === undefined ? undefined : `${e.error.type}: ${e.error.message}`)
    : (e) => (e as unknown as Record<string, string | undefined>)[field];
  if (op === '~=') {
    const needle = value.toLowerCase();
    return (e) => { const v = get(e); return v !== undefined && v.toLowerCase().includes(needle); };
  }
  let eq: Pred;
  if (field === 'trace_id' || field === 'span_id' || field === 'parent_span_id') {
    eq = idPred(field, value.toLowerCase(), field === 'trace_id' ? 32 : 16);
  } else if (field === 'error') {
    eq = (e) => e.error !== undefined && e.error.type === value;
  } else {
    eq = (e) => get(e) === value;
  }
  return op === '!=' ? (e) => !eq(e) : eq;
}

function idPred(field: 'trace_id' | 'span_id' | 'parent_span_id', v: string, full: number): Pred {
  const label = field.replace(/_/g, '-');
  if (!HEX.test(v)) throw new FilterError(`--${label} '${v}' is not hexadecimal (give the full id or a prefix of at least 4 hex digits)`);
  if (v.length < 4) throw new FilterError(`--${label} prefix '${v}' is too short (at least 4 hex digits)`);
  if (v.length > full) throw new FilterError(`--${label} '${v}' is longer than ${full} hex digits`);
  if (v.length === full) return (e) => e[field] === v;
  return (e) => { const id = e[field]; return id !== undefined && id.startsWith(v); };
}

function levelPred(op: FilterOp, value: string): Pred {
  const v = value.toUpperCase();
  if (!isLevel(v)) throw new FilterError(`unknown level '${value}' (levels: TRACE, DEBUG, INFO, WARN, ERROR)`);
  const r = LEVEL_RANK[v];
  if (op === '=') return (e) => e.level === v;
  if (op === '!=') return (e) => e.level !== v;
  if (op === '~=') throw new FilterError(`level takes =, !=, >=, >, <=, < (got '${op}')`);
  const cmp = compare(op);
  return (e) => cmp(LEVEL_RANK[e.level as Level] ?? -1, r);
}

function numberPred(op: FilterOp, value: string, get: (e: TraceEvent) => unknown): Pred {
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n)) throw new FilterError(`'${value}' is not a number`);
  const cmp = compare(op);
  return (e) => { const v = get(e); return typeof v === 'number' && cmp(v, n); };
}

function compare(op: FilterOp): (a: number, b: number) => boolean {
  switch (op) {
    case '=': return (a, b) => a === b;
    case '!=': return (a, b) => a !== b;
    case '>=': return (a, b) => a >= b;
    case '>': return (a, b) => a > b;
    case '<=': return (a, b) => a <= b;
    case '<': return (a, b) => a < b;
    default: throw new FilterError(`'${op}' does not compare numbers`);
  }
}

function timePred(field: 'since' | 'until', op: FilterOp, value: string, now: number): Pred {
  if (op !== '=') throw new FilterError(`${field} takes '=' (like ${field}=15m or ${field}=2026-05-15T10:00:00Z)`);
  const t = parseTimeArg(value, now);
  if (t === undefined) throw new FilterError(`--${field} '${value}' is not a time (an ISO time like 2026-05-15T10:00:00Z, or a duration ago like 15m, 2h, 1d)`);
  const iso = new Date(t).toISOString();
  // Canonical UTC timestamps (24 chars, ending in Z) compare as strings; others are parsed.
  if (field === 'since') return (e) => (isCanonical(e.timestamp) ? e.timestamp >= iso : Date.parse(e.timestamp) >= t);
  return (e) => (isCanonical(e.timestamp) ? e.timestamp <= iso : Date.parse(e.timestamp) <= t);
}

function isCanonical(ts: string): boolean {
  return ts.length === 24 && ts.charCodeAt(23) === 90 /* Z */ && ts.charCodeAt(10) === 84 /* T */;
}

function dataPred(field: string, op: FilterOp, value: string): Pred {
  const path = field.slice(5).split('.');
  const get = (e: TraceEvent): unknown => {
    let cur: unknown = e.data;
    for (const k of path) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[k];
    }
    return cur;
  };
  const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
  if (op === '~=') {
    const needle = value.toLowerCase();
    return (e) => { const v = get(e); return v !== undefined && asText(v).toLowerCase().includes(needle); };
  }
  if (op === '=' || op === '!=') {
    const eq: Pred = (e) => { const v = get(e); return v !== undefined && asText(v) === value; };
    return op === '=' ? eq : (e) => !eq(e);
  }
  return numberPred(op, value, get);
}

function textPred(value: string, caseSensitive: boolean): Pred {
  if (caseSensitive) {
    return (e) => e.message.includes(value) || (e.data !== undefined && dataText(e).includes(value)) ||
      (e.error !== undefined && e.error.message.includes(value));
  }
  const v = value.toLowerCase();
  return (e) => e.message.toLowerCase().includes(v) || (e.data !== undefined && dataText(e).toLowerCase().includes(v)) ||
    (e.error !== undefined && `${e.error.type}: ${e.error.message}`.toLowerCase().includes(v));
}

function dataText(e: TraceEvent): string {
  try {
    return JSON.stringify(e.data) ?? '';
  } catch {
    return '';
  }
}

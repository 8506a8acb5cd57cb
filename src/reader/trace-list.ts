/**
 * One page of the trace list from index entries: the trace-level filters (time range of the
 * start, errors only, user and agent selections, the traces matched by filter terms), facet
 * counts, sorting on any column and paging. A first page is selected without sorting every
 * trace (a bounded insertion list), so the common request costs one pass over the traces.
 * @module
 */
import { FilterError } from './filter-terms.js';
import type { FacetCount, TraceListQuery, TraceSortKey } from './source.js';
import { TRACE_SORT_KEYS } from './source.js';
import { parseTimeArg } from './time.js';
import type { TraceEntry } from './trace-index.js';
import { hasAgent } from './trace-index.js';

/** Default and largest page size. */
export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 1000;

/** The rows of one page, the total and the facets. */
export interface EntryPage {
  rows: TraceEntry[];
  total: number;
  offset: number;
  limit: number;
  facets: { users: FacetCount[]; agents: FacetCount[] };
}

/** The checked paging and sorting of a query. */
export interface ListShape {
  sort: TraceSortKey;
  desc: boolean;
  offset: number;
  limit: number;
  facetLimit: number;
  sinceMs: number;
  untilMs: number;
}

/**
 * Checks a query's paging, sorting and time range.
 * @throws FilterError naming the bad value and what is allowed.
 */
export function listShape(q: TraceListQuery, now: number): ListShape {
  const sort = q.sort ?? 'start';
  if (!TRACE_SORT_KEYS.includes(sort)) throw new FilterError(`unknown sort column '${String(sort)}' (columns: ${TRACE_SORT_KEYS.join(', ')})`);
  if (q.order !== undefined && q.order !== 'asc' && q.order !== 'desc') throw new FilterError(`order '${String(q.order)}' must be asc or desc`);
  const offset = q.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw new FilterError(`offset '${String(q.offset)}' must be a whole number >= 0`);
  const limit = q.limit ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new FilterError(`limit '${String(q.limit)}' must be a whole number from 1 to ${MAX_PAGE}`);
  const facetLimit = q.facetLimit ?? 20;
  if (!Number.isInteger(facetLimit) || facetLimit < 0) throw new FilterError(`facetLimit '${String(q.facetLimit)}' must be a whole number >= 0`);
  return { sort, desc: q.order !== 'asc', offset, limit, facetLimit, sinceMs: timeBound('since', q.since, now, -Infinity), untilMs: timeBound('until', q.until, now, Infinity) };
}

function timeBound(name: string, v: string | undefined, now: number, none: number): number {
  if (v === undefined || v.trim() === '') return none;
  const t = parseTimeArg(v, now);
  if (t === undefined) throw new FilterError(`${name} '${v}' is not a time (an ISO time like 2026-05-15T10:00:00Z, or a duration ago like 15m, 2h, 1d)`);
  return t;
}

/**
 * Selects one page of `entries`. `matched`, when given, holds the ids of the traces that the
 * query's filter terms matched.
 */
export function listEntries(entries: Iterable<TraceEntry>, q: TraceListQuery, shape: ListShape, matched?: ReadonlySet<string>): EntryPage {
  const users = new Map<string, number>();
  const agents = new Map<string, number>();
  const cmp = comparator(shape.sort, shape.desc);
  const k = shape.offset + shape.limit;
  const top: TraceEntry[] = [];
  const all: TraceEntry[] | undefined = k > 2 * MAX_PAGE ? [] : undefined;
  let total = 0;
  for (const t of entries) {
    if (matched !== undefined && !matched.has(t.id)) continue;
    if (t.startMs < shape.sinceMs || t.startMs > shape.untilMs || (q.errorsOnly === true && t.errors === 0)) continue;
    const userOk = q.user === undefined || t.userId === q.user;
    const agentOk = q.agent === undefined || hasAgent(t, q.agent);
    if (agentOk && t.userId !== undefined) users.set(t.userId, (users.get(t.userId) ?? 0) + 1);
    if (userOk && t.agents !== undefined) {
      if (typeof t.agents === 'string') agents.set(t.agents, (agents.get(t.agents) ?? 0) + 1);
      else for (const a of t.agents) agents.set(a, (agents.get(a) ?? 0) + 1);
    }
    if (!userOk || !agentOk) continue;
    total++;
    if (all !== undefined) all.push(t);
    else insertTop(top, t, k, cmp);
  }
  const sorted = all !== undefined ? all.sort(cmp) : top;
  return {
    rows: sorted.slice(shape.offset, k),
    total,
    offset: shape.offset,
    limit: shape.limit,
    facets: { users: topCounts(users, shape.facetLimit), agents: topCounts(agents, shape.facetLimit) },
  };
}

/** Keeps `top` as the `k` first entries in `cmp` order. */
function insertTop(top: TraceEntry[], t: TraceEntry, k: number, cmp: (a: TraceEntry, b: TraceEntry) => number): void {
  if (top.length >= k && cmp(t, top[top.length - 1]!) >= 0) return;
  let lo = 0;
  let hi = top.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(top[mid]!, t) <= 0) lo = mid + 1;
    else hi = mid;
  }
  top.splice(lo, 0, t);
  if (top.length > k) top.pop();
}

function topCounts(m: Map<string, number>, limit: number): FacetCount[] {
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit).map(([value, count]) => ({ value, count }));
}

type Get = (t: TraceEntry) => number | string;

const GETTERS: Readonly<Record<TraceSortKey, Get>> = {
  start: (t) => t.startMs,
  end: (t) => t.endMs,
  duration_ms: (t) => t.endMs - t.startMs,
  trace_id: (t) => t.id,
  user_id: (t) => t.userId ?? '',
  first_message: (t) => t.firstMessage ?? '',
  agents: (t) => (typeof t.agents === 'object' ? t.agents.join(',') : t.agents ?? ''),
  spans: (t) => t.spans,
  events: (t) => t.events,
  errors: (t) => t.errors,
  input_tokens: (t) => t.tokensIn,
  output_tokens: (t) => t.tokensOut,
};

/** Orders by `key` (strings by code unit), then by start, then by id; `desc` reverses all three. */
export function comparator(key: TraceSortKey, desc: boolean): (a: TraceEntry, b: TraceEntry) => number {
  const get = GETTERS[key];
  const dir = desc ? -1 : 1;
  return (a, b) => {
    const x = get(a);
    const y = get(b);
    if (x !== y) return (x < y ? -1 : 1) * dir;
    if (a.startMs !== b.startMs) return (a.startMs < b.startMs ? -1 : 1) * dir;
    return a.id === b.id ? 0 : (a.id < b.id ? -1 : 1) * dir;
  };
}

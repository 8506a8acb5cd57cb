/**
 * The dashboard's JSON API, over a {@link TraceSource}: the page speaks to the server only
 * through these routes (and the event stream of `server.ts`). Query parameters are checked here
 * and by the source; a bad one is a 400 whose message says what is allowed.
 *
 * - `GET /api/info`: `{ state, filter }`, the source's state and the command line's filter
 * - `GET /api/traces?q=&since=&until=&errors=1&user=&agent=&sort=&order=&offset=&limit=`: a {@link TracePage}
 * - `GET /api/traces/<id>`: a {@link TraceDetail} (404 when unknown)
 * - `GET /api/stats?q=&since=&until=`: `muxi trace stats --json` of the matching events
 * @module
 */
import { FilterError, parseFilterTerms } from '../../src/reader/filter-terms.js';
import type { FilterTerm } from '../../src/reader/filter-terms.js';
import { compileFilter } from '../../src/reader/filter.js';
import type { SourceState, TraceListQuery, TracePage, TraceSortKey, TraceSource } from '../../src/reader/source.js';
import type { TraceStats } from '../../src/reader/stats.js';
import { termsToText } from '../tui/filter-adapter.js';

/** An answer: a status and a JSON body. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** A request the API cannot answer as asked: 400 with this message. */
export class BadRequest extends Error {}

/** The filter terms of `q` (the language of `muxi trace` and the viewer), checked. */
function terms(q: string | null): FilterTerm[] {
  if (q === null || q.trim() === '') return [];
  const t = parseFilterTerms(q);
  compileFilter(t); // checks values (levels, times, regexes) as the CLI does
  return t;
}

function int(p: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const v = p.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d{1,10}$/.test(v) || Number(v) < min || Number(v) > max) throw new BadRequest(`${name} '${v}' must be a whole number from ${min} to ${max}`);
  return Number(v);
}

function text(p: URLSearchParams, name: string): string | undefined {
  const v = p.get(name);
  return v === null || v === '' ? undefined : v;
}

/** The trace-list query of a URL's parameters (the source checks sort, order and times). */
export function traceQuery(p: URLSearchParams, base: readonly FilterTerm[]): TraceListQuery {
  const order = text(p, 'order');
  const q: TraceListQuery = {
    terms: [...base, ...terms(p.get('q'))],
    since: text(p, 'since'),
    until: text(p, 'until'),
    errorsOnly: p.get('errors') === '1',
    user: text(p, 'user'),
    agent: text(p, 'agent'),
    sort: text(p, 'sort') as TraceSortKey | undefined,
    order: order as TraceListQuery['order'],
    offset: int(p, 'offset', 0, 1e9),
    limit: int(p, 'limit', 1, 1000),
  };
  return q;
}

/** `since`/`until` of the statistics, as filter terms (the statistics are over events). */
function timeTerms(p: URLSearchParams): FilterTerm[] {
  const out: FilterTerm[] = [];
  for (const field of ['since', 'until'] as const) {
    const v = text(p, field);
    if (v !== undefined) out.push({ kind: 'field', field, op: '=', value: v });
  }
  compileFilter(out);
  return out;
}

/** Statistics are remembered for a few seconds per query (each is a pass over the input otherwise). */
const STATS_TTL_MS = 5000;

/** Answers API requests from one source. */
export class Api {
  private statsCache = new Map<string, { at: number; stats: Promise<TraceStats> }>();
  private state: SourceState | undefined;

  constructor(private readonly source: TraceSource, private readonly base: readonly FilterTerm[] = []) {}

  /** Keeps the latest state the source reported (what `/api/info` answers). */
  noteState(state: SourceState): void {
    this.state = state;
  }

  /** The answer to `GET path?params`, or undefined when the path is not an API route. */
  async answer(path: string, p: URLSearchParams): Promise<ApiAnswer | undefined> {
    try {
      if (path === '/api/info') {
        const state = this.state ?? (await this.source.traces({ limit: 1, facetLimit: 0 })).state;
        return { status: 200, body: { state, filter: termsToText(this.base) } };
      }
      if (path === '/api/traces') {
        const page: TracePage = await this.source.traces(traceQuery(p, this.base));
        this.state = page.state;
        return { status: 200, body: page };
      }
      if (path.startsWith('/api/traces/')) {
        const id = path.slice('/api/traces/'.length);
        if (!/^[0-9a-fA-F]{4,32}$/.test(id)) throw new BadRequest(`'${id.slice(0, 40)}' is not a trace id (4 to 32 hex digits)`);
        const detail = await this.source.trace(id);
        return detail === undefined ? { status: 404, body: { error: `no trace ${id} in ${this.source.label}` } } : { status: 200, body: detail };
      }
      if (path === '/api/stats') return { status: 200, body: await this.stats(p) };
      return undefined;
    } catch (err) {
      if (err instanceof BadRequest || err instanceof FilterError) return { status: 400, body: { error: err.message } };
      return { status: 500, body: { error: err instanceof Error ? err.message : String(err) } };
    }
  }

  private stats(p: URLSearchParams): Promise<TraceStats> {
    const all = [...this.base, ...terms(p.get('q')), ...timeTerms(p)];
    const key = JSON.stringify(all);
    const hit = this.statsCache.get(key);
    if (hit !== undefined && Date.now() - hit.at < STATS_TTL_MS) return hit.stats;
    const stats = this.source.stats({ terms: all }).then((r) => r.stats);
    if (this.statsCache.size >= 32) this.statsCache.clear();
    this.statsCache.set(key, { at: Date.now(), stats });
    stats.catch(() => this.statsCache.delete(key));
    return stats;
  }
}

/**
 * One page of the trace list from ClickHouse: the summaries of `GROUP BY trace_id`, filtered,
 * counted, faceted, sorted and paged by SQL, with the rules of `trace-list.ts` (a trace matches
 * when one of its events matches every term; its start in `[since, until]`; facets ignore their
 * own selection; ties broken by start, then id).
 * @module
 */
import type { SummaryRow } from './clickhouse-rows.js';
import { SUMMARY_COLUMNS, summaryOfRow } from './clickhouse-rows.js';
import { SqlParams, whereOf } from './clickhouse-sql.js';
import { cmpText } from './stats.js';
import type { FacetCount, TraceListQuery, TraceSortKey, TraceSummary } from './source.js';
import { listShape } from './trace-list.js';

/** Runs one query with bound parameters; resolves with its rows. */
export type ParamQuery = <T>(sql: string, params: Record<string, unknown>) => Promise<T[]>;

/** What {@link tracePage} answers. */
export interface ClickHousePage {
  traces: TraceSummary[];
  total: number;
  offset: number;
  limit: number;
  facets: { users: FacetCount[]; agents: FacetCount[] };
  /** Distinct trace ids in the whole table (the state's `traces`). */
  tracesInTable: number;
}

/** Sort expressions on the summary columns (the getters of `trace-list.ts`). */
const SORT_SQL: Readonly<Record<TraceSortKey, string>> = {
  start: 'start_ms', end: 'end_ms', duration_ms: '(end_ms - start_ms)', trace_id: 'trace_id', user_id: 'user',
  first_message: "if(has_message, first_message, '')", agents: "arrayStringConcat(agents, ',')",
  spans: 'spans', events: 'events', errors: 'errors', input_tokens: 'input_tokens', output_tokens: 'output_tokens',
};

/**
 * The page `q` asks for.
 * @throws FilterError for a bad sort, order, offset, limit, time or filter term.
 */
export async function tracePage(query: ParamQuery, table: string, q: TraceListQuery): Promise<ClickHousePage> {
  const now = q.now ?? Date.now();
  const shape = listShape(q, now);
  const p = new SqlParams();
  const terms = q.terms ?? [];
  const having: string[] = [];
  if (terms.length > 0) having.push(`countIf(${whereOf(terms, now, p)}) > 0`);
  if (Number.isFinite(shape.sinceMs)) having.push(`start_ms >= ${p.add(Math.ceil(shape.sinceMs), 'Int64')}`);
  if (Number.isFinite(shape.untilMs)) having.push(`start_ms <= ${p.add(Math.floor(shape.untilMs), 'Int64')}`);
  if (q.errorsOnly === true) having.push('errors > 0');
  const summaries = `(SELECT ${SUMMARY_COLUMNS} FROM ${table} GROUP BY trace_id${having.length > 0 ? ` HAVING ${having.join(' AND ')}` : ''})`;
  const userOk = q.user === undefined ? '1' : `user = ${p.add(q.user)}`;
  const agentOk = q.agent === undefined ? '1' : `has(agents, ${p.add(q.agent)})`;
  const dir = shape.desc ? 'DESC' : 'ASC';
  const order = `${SORT_SQL[shape.sort]} ${dir}, start_ms ${dir}, trace_id ${dir}`;
  const v = p.values;
  const facet = (select: string, where: string): Promise<FacetCount[]> => shape.facetLimit === 0 ? Promise.resolve([]) :
    query<{ value: string; count: number | string }>(
      `SELECT ${select} AS value, count() AS count FROM ${summaries} WHERE ${where} GROUP BY value ORDER BY count DESC, value ASC LIMIT {facet_limit:UInt64}`,
      { ...v, facet_limit: shape.facetLimit },
    ).then((rows) => rows.map((r) => ({ value: r.value, count: Number(r.count) }))
      .sort((a, b) => b.count - a.count || cmpText(a.value, b.value)));
  const [rows, [total], users, agents, [inTable]] = await Promise.all([
    query<SummaryRow>(`SELECT * FROM ${summaries} WHERE ${userOk} AND ${agentOk} ORDER BY ${order} LIMIT {page_limit:UInt64} OFFSET {page_offset:UInt64}`,
      { ...v, page_limit: shape.limit, page_offset: shape.offset }),
    query<{ n: number | string }>(`SELECT count() AS n FROM ${summaries} WHERE ${userOk} AND ${agentOk}`, v),
    facet('user', `${agentOk} AND user != ''`),
    facet('arrayJoin(agents)', userOk),
    query<{ n: number | string }>(`SELECT uniqExact(trace_id) AS n FROM ${table}`, {}),
  ]);
  return {
    traces: rows.map(summaryOfRow), total: Number(total?.n ?? 0), offset: shape.offset, limit: shape.limit,
    facets: { users, agents }, tracesInTable: Number(inTable?.n ?? 0),
  };
}

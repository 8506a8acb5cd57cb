/**
 * `muxi trace stats` computed by ClickHouse: counts with `count`/`countIf`/`uniqExact`,
 * latency with `countIf`/`sumIf`/`maxIf` and the nearest-rank percentiles `stats.ts` defines,
 * tokens with `sum`, the timeline with `intDiv` on the timestamp. Only aggregates travel; rows
 * never leave the server. The figures equal the file source's on the same events (see the README
 * for the one rounding caveat: a mean is a sum, and ClickHouse adds in its own order).
 *
 * Percentiles: ClickHouse's `quantileExact*` functions pick a neighbouring rank or interpolate,
 * so the nearest-rank value (rank `ceil(p·n)`) is taken from the sorted values
 * (`arraySort(groupArrayIf(…))[rank]`). Past {@link EXACT_LIMIT} values the file source reports
 * the value's histogram bucket (≤ 1% off); the same bucket is applied here to the exact value.
 * @module
 */
import type { LatencySummary } from './quantiles.js';
import { EXACT_LIMIT, bucketKey, bucketValue } from './quantiles.js';
import type { TokenTotals, ToolUsage, TraceStats } from './stats.js';
import { cmpText, sortByCount } from './stats.js';
import type { TimelineBucket } from './timeline.js';
import { timelineWidth } from './timeline.js';

/** Runs one query (JSONEachRow rows) with the bound parameters of the `WHERE` condition. */
export type RowQuery = <T>(sql: string, extra?: Record<string, string | number>) => Promise<T[]>;

type Num = number | string;

const NUMBER = `('Int64', 'UInt64', 'Double')`;
const TOOL_KEY = `concat(component, ':', if(JSONType(data, 'server') = 'String', concat(JSONExtractString(data, 'server'), '/'), ''), JSONExtractString(data, 'tool'))`;
const OK = 'duration_ms >= 0 AND isFinite(duration_ms)';
const LEVELS = [0.5, 0.9, 0.99];

/**
 * The statistics of the rows of `table` matching `where`.
 * @example
 * ```ts
 * const stats = await clickhouseStats(query, '`muxi_traces`', "(component = {p0:String})");
 * ```
 */
export async function clickhouseStats(query: RowQuery, table: string, where: string): Promise<TraceStats> {
  const from = `FROM ${table} WHERE (${where})`;
  const [totals] = await query<{ events: Num; traces: Num; errors: Num; first_ms: Num; last_ms: Num }>(
    `SELECT count() AS events, uniqExact(trace_id) AS traces, countIf(level = 'ERROR') AS errors, ` +
    `toUnixTimestamp64Milli(min(timestamp)) AS first_ms, toUnixTimestamp64Milli(max(timestamp)) AS last_ms ${from}`);
  const events = Number(totals?.events ?? 0);
  const firstMs = Number(totals?.first_ms ?? 0);
  const lastMs = Number(totals?.last_ms ?? 0);
  const width = timelineWidth(firstMs, lastMs);
  const [components, operations, latency, tools, tokens, timeline] = await Promise.all([
    query<{ k: string; n: Num }>(`SELECT component AS k, count() AS n ${from} GROUP BY k`),
    query<{ k: string; n: Num; e: Num }>(`SELECT concat(component, ':', operation) AS k, count() AS n, countIf(level = 'ERROR') AS e ${from} GROUP BY k`),
    query<LatencyRow>(latencySql(from)),
    query<{ k: string; calls: Num; n: Num }>(
      `SELECT ${TOOL_KEY} AS k, countIf(operation = 'tool_call') AS calls, count() AS n ${from} ` +
      `AND (operation = 'tool_call' OR (level = 'ERROR' AND operation = 'tool_result') OR operation = 'tool_call_error') ` +
      `AND JSONType(data, 'tool') = 'String' GROUP BY k`),
    query<{ agent: string; model: string; calls: Num; input_tokens: Num; output_tokens: Num }>(
      `SELECT agent, model, count() AS calls, sum(inp) AS input_tokens, sum(out) AS output_tokens FROM (` +
      `SELECT if(agent_id = '', '-', agent_id) AS agent, if(JSONType(data, 'model') = 'String', JSONExtractString(data, 'model'), '-') AS model, ` +
      `if(JSONType(data, 'usage', 'input_tokens') IN ${NUMBER}, JSONExtractFloat(data, 'usage', 'input_tokens'), 0) AS inp, ` +
      `if(JSONType(data, 'usage', 'output_tokens') IN ${NUMBER}, JSONExtractFloat(data, 'usage', 'output_tokens'), 0) AS out ` +
      `${from} AND JSONType(data, 'usage') = 'Object') WHERE inp > 0 OR out > 0 GROUP BY agent, model`),
    events === 0 ? Promise.resolve([]) : query<{ k: Num; n: Num; e: Num }>(
      `SELECT intDiv(toUnixTimestamp64Milli(timestamp), {tl_width:Int64}) AS k, count() AS n, countIf(level = 'ERROR') AS e ${from} GROUP BY k`,
      { tl_width: width }),
  ]);
  const errors = Number(totals?.errors ?? 0);
  const byKind = { operation: [] as Array<[string, LatencySummary]>, agent: [] as Array<[string, LatencySummary]>, tool: [] as Array<[string, LatencySummary]> };
  for (const r of latency) byKind[r.kind].push([r.k, summaryOf(r)]);
  const out: TraceStats = {
    events,
    traces: Number(totals?.traces ?? 0),
    errors,
    error_rate: events === 0 ? 0 : errors / events,
    components: Object.fromEntries(sortByCount(components.map((r) => [r.k, Number(r.n)] as [string, number]), (v) => v)),
    operations: Object.fromEntries(sortByCount(operations.map((r) => [r.k, { events: Number(r.n), errors: Number(r.e) }] as [string, { events: number; errors: number }]), (v) => v.events)),
    latency: {
      operation: Object.fromEntries(sortByCount(byKind.operation, (s) => s.count)),
      agent: Object.fromEntries(sortByCount(byKind.agent, (s) => s.count)),
      tool: Object.fromEntries(sortByCount(byKind.tool, (s) => s.count)),
    },
    tokens: tokens.map((r): TokenTotals => ({ agent: r.agent, model: r.model, calls: Number(r.calls), input_tokens: Number(r.input_tokens), output_tokens: Number(r.output_tokens) }))
      .sort((a, b) => (b.input_tokens + b.output_tokens) - (a.input_tokens + a.output_tokens) || cmpText(a.agent, b.agent) || cmpText(a.model, b.model)),
    tools: Object.fromEntries(sortByCount(tools.map((r) => [r.k, { calls: Number(r.calls), errors: Number(r.n) - Number(r.calls) }] as [string, ToolUsage]), (v) => v.calls)),
    timeline: { bucket_ms: width, buckets: events === 0 ? [] : fill(timeline, width, firstMs, lastMs) },
  };
  if (events > 0) {
    out.first_timestamp = new Date(firstMs).toISOString();
    out.last_timestamp = new Date(lastMs).toISOString();
  }
  return out;
}

interface LatencyRow {
  kind: 'operation' | 'agent' | 'tool';
  k: string;
  n: Num;
  total_ms: number;
  top_ms: number;
  q: number[];
}

/** One query for the three latency groupings: the count, sum, max and nearest-rank values of the valid durations. */
function latencySql(from: string): string {
  const agg = (kind: string, key: string, cond: string): string =>
    `SELECT '${kind}' AS kind, ${key} AS k, countIf(${OK}) AS n, sumIf(duration_ms, ${OK}) AS total_ms, maxIf(duration_ms, ${OK}) AS top_ms, ` +
    `arraySort(groupArrayIf(assumeNotNull(duration_ms), ${OK})) AS sorted ${from} AND duration_ms IS NOT NULL${cond} GROUP BY k`;
  const inner = [
    agg('operation', `concat(component, ':', operation)`, ''),
    agg('agent', 'agent_id', ` AND component = 'agent' AND operation = 'response' AND agent_id != ''`),
    agg('tool', TOOL_KEY, ` AND operation IN ('tool_result', 'tool_call_error') AND JSONType(data, 'tool') = 'String'`),
  ].join(' UNION ALL ');
  const ranks = LEVELS.map((l) => `if(n = 0, 0, arrayElement(sorted, toUInt64(greatest(1, ceil(${l} * n)))))`).join(', ');
  return `SELECT kind, k, n, total_ms, if(n = 0, 0, top_ms) AS top_ms, [${ranks}] AS q FROM (${inner})`;
}

function summaryOf(r: LatencyRow): LatencySummary {
  const n = Number(r.n);
  const top = Number(r.top_ms);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  // The file source's percentile past EXACT_LIMIT values: the bucket of the nearest-rank value.
  const value = (v: number): number => (n <= EXACT_LIMIT ? v : v <= 0 ? 0 : bucketValue(bucketKey(v), top));
  const q = r.q.map(Number);
  return {
    count: n,
    p50: round(value(q[0]!)),
    p90: round(value(q[1]!)),
    p99: round(value(q[2]!)),
    max: n === 0 ? 0 : round(top),
    mean: n === 0 ? 0 : round(Number(r.total_ms) / n),
  };
}

/** Every bucket from the first event's to the last's, empty ones included (as `TimelineCounter` gives them). */
function fill(rows: Array<{ k: Num; n: Num; e: Num }>, w: number, firstMs: number, lastMs: number): TimelineBucket[] {
  const byKey = new Map(rows.map((r) => [Number(r.k), r]));
  const out: TimelineBucket[] = [];
  for (let k = Math.floor(firstMs / w), last = Math.floor(lastMs / w); k <= last; k++) {
    const r = byKey.get(k);
    out.push({ start: new Date(k * w).toISOString(), events: r === undefined ? 0 : Number(r.n), errors: r === undefined ? 0 : Number(r.e) });
  }
  return out;
}

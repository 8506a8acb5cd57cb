/**
 * The ClickHouse source: a {@link TraceSource} on the table of `samples/cloud/schema.sql`, read
 * through ClickHouse's HTTP interface with the official client (`@clickhouse/client`, an
 * optional peer dependency, loaded on first use). Filters become `WHERE` conditions with bound
 * parameters (`clickhouse-sql.ts`); statistics and trace summaries are aggregated by ClickHouse
 * (`clickhouse-stats.ts`, `GROUP BY trace_id`); following polls on `timestamp` with a
 * late-arrival window (`clickhouse-follow.ts`). Events come in the order of `clickhouse-rows.ts`.
 * @module
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { jsonLine } from '../format/json.js';
import type { ClickHouseConnection, ResolvedConnection } from './clickhouse-connection.js';
import { resolveConnection } from './clickhouse-connection.js';
import { checkSchema, createClient, explainError } from './clickhouse-client.js';
import { DEFAULT_LATE_WINDOW_MS, SeenWindow, pause } from './clickhouse-follow.js';
import type { EventRow, SummaryRow } from './clickhouse-rows.js';
import { EVENT_COLUMNS, EVENT_ORDER, EVENT_ORDER_DESC, SUMMARY_COLUMNS, eventOf, summaryOfRow } from './clickhouse-rows.js';
import { SqlParams, whereOf } from './clickhouse-sql.js';
import { clickhouseStats } from './clickhouse-stats.js';
import { tracePage } from './clickhouse-traces.js';
import { FilterError } from './filter-terms.js';
import type { ReadItem } from './processor.js';
import type {
  EventQuery, EventsRequest, ItemBatchHandler, PassOptions, ReadReport, SourceState, SourceUpdate, StatsReport,
  TraceDetail, TraceListQuery, TracePage, TraceSource,
} from './source.js';

/** Options of {@link openClickHouseSource}. */
export interface ClickHouseSourceOptions extends ClickHouseConnection {
  /** Poll interval while following and watching, in ms (default 1000). */
  pollMs?: number;
  /** Late-arrival window while following, in ms (default 30 000; see `clickhouse-follow.ts`). */
  lateWindowMs?: number;
}

/** Rows per batch handed to `events()` callers. */
const BATCH = 2000;

/**
 * Opens a ClickHouse source (nothing is sent until a method is called).
 * @throws ClickHouseSourceError for a bad URL, database or table name.
 * @example
 * ```ts
 * const source = openClickHouseSource({ url: 'http://localhost:8123', database: 'muxi' });
 * const { stats } = await source.stats({ terms: parseFilterTerms('component=agent') });
 * await source.close();
 * ```
 */
export function openClickHouseSource(options: ClickHouseSourceOptions): ClickHouseSource {
  return new ClickHouseSource(options);
}

/** See {@link openClickHouseSource} and the module notes. */
export class ClickHouseSource implements TraceSource {
  readonly label: string;
  private readonly conn: ResolvedConnection;
  private readonly table: string;
  private readonly closing = new AbortController();
  private readonly listeners = new Set<(u: SourceUpdate) => void>();
  private client: Promise<ClickHouseClient> | undefined;
  private watching: AbortController | undefined;

  constructor(private readonly options: ClickHouseSourceOptions) {
    this.conn = resolveConnection(options);
    this.label = this.conn.label;
    this.table = '`' + this.conn.table + '`';
  }

  async events(request: EventsRequest, onBatch: ItemBatchHandler): Promise<ReadReport> {
    const params = new SqlParams();
    const where = whereOf(request.terms ?? [], request.now ?? Date.now(), params);
    const signal = AbortSignal.any([this.closing.signal, ...(request.signal ? [request.signal] : [])]);
    let matched = 0;
    const deliver = async (rows: Array<{ row: EventRow }>): Promise<void> => {
      if (rows.length === 0 || signal.aborted) return;
      matched += rows.length;
      const items: ReadItem[] = rows.map(({ row }) => { const event = eventOf(row); return { kind: 'event', event, line: jsonLine(event) }; });
      for (let i = 0; i < items.length; i += BATCH) await onBatch(items.slice(i, i + BATCH));
    };
    const from = `SELECT ${EVENT_COLUMNS} FROM ${this.table} WHERE (${where})`;
    if (request.follow !== true) {
      await this.stream(`${from} ORDER BY ${EVENT_ORDER}`, params.values, signal, deliver);
      return { matched, skipped: 0, warnings: [] };
    }
    const window = new SeenWindow(this.options.lateWindowMs ?? DEFAULT_LATE_WINDOW_MS);
    await this.startFollowing(from, params.values, request.last ?? 10, window, signal, deliver);
    const pollMs = request.pollMs ?? this.options.pollMs ?? 1000;
    while (!signal.aborted) {
      await pause(pollMs, signal);
      if (signal.aborted) break;
      const lo = window.from;
      const rows = await this.keyed(`${from}${lo === undefined ? '' : ' AND toUnixTimestamp64Milli(timestamp) >= {follow_from:Int64}'} ORDER BY ${EVENT_ORDER}`,
        lo === undefined ? params.values : { ...params.values, follow_from: lo }, signal);
      await deliver(window.take(rows));
    }
    return { matched, skipped: 0, warnings: [] };
  }

  async stats(query: EventQuery & PassOptions): Promise<StatsReport> {
    const params = new SqlParams();
    const where = whereOf(query.terms ?? [], query.now ?? Date.now(), params);
    const stats = await clickhouseStats((sql, extra) => this.rows(sql, { ...params.values, ...extra }), this.table, where);
    return { stats, matched: stats.events, skipped: 0, warnings: [] };
  }

  async traces(query: TraceListQuery): Promise<TracePage> {
    const { tracesInTable, ...page } = await tracePage((sql, params) => this.rows(sql, params), this.table, query);
    return { ...page, state: this.state(tracesInTable) };
  }

  async trace(id: string): Promise<TraceDetail | undefined> {
    const prefix = id.trim().toLowerCase();
    if (!/^[0-9a-f]+$/.test(prefix)) throw new FilterError(`trace id '${id}' is not hexadecimal (give the full id or a prefix of at least 4 hex digits)`);
    if (prefix.length < 4) throw new FilterError(`trace id prefix '${id}' is too short (at least 4 hex digits)`);
    const ids = await this.rows<{ trace_id: string }>(`SELECT DISTINCT trace_id FROM ${this.table} WHERE startsWith(trace_id, {prefix:String}) LIMIT 2`, { prefix });
    if (ids.length > 1) throw new FilterError(`trace id prefix '${id}' matches more than one trace; give more digits`);
    const full = ids[0]?.trace_id;
    if (full === undefined) return undefined;
    const [summary] = await this.rows<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM ${this.table} WHERE trace_id = {id:String} GROUP BY trace_id`, { id: full });
    const rows = await this.rows<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ${this.table} WHERE trace_id = {id:String} ORDER BY ${EVENT_ORDER}`, { id: full });
    if (summary === undefined) return undefined;
    return { summary: summaryOfRow(summary), events: rows.map(eventOf) };
  }

  watch(listener: (update: SourceUpdate) => void): () => void {
    this.listeners.add(listener);
    if (this.watching === undefined && !this.closing.signal.aborted) {
      this.watching = new AbortController();
      void this.watchLoop(AbortSignal.any([this.closing.signal, this.watching.signal]));
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.watching?.abort();
        this.watching = undefined;
      }
    };
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    this.listeners.clear();
    const client = this.client;
    if (client !== undefined) await client.then((c) => c.close()).catch(() => undefined);
  }

  /** The state shown with every page and update (`traces`: distinct trace ids in the table). */
  state(traces = 0): SourceState {
    return { label: this.label, loading: false, bytesRead: 0, bytesTotal: 0, live: this.watching !== undefined, traces, evicted: 0, skipped: 0 };
  }

  /** The client, after the schema check (once). */
  private connect(): Promise<ClickHouseClient> {
    if (this.closing.signal.aborted) return Promise.reject(new Error('the trace source is closed'));
    this.client ??= (async () => {
      const c = await createClient(this.conn, this.options.requestTimeoutMs);
      try {
        await checkSchema(c, this.conn);
      } catch (err) {
        await c.close().catch(() => undefined);
        throw err;
      }
      return c;
    })();
    return this.client;
  }

  /** All rows of a query (JSONEachRow). */
  private async rows<T>(sql: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<T[]> {
    const client = await this.connect();
    try {
      const rs = await client.query({ query: sql, query_params: params, format: 'JSONEachRow', abort_signal: signal ?? this.closing.signal });
      return await rs.json<T>();
    } catch (err) {
      throw explainError(err, this.conn);
    }
  }

  /** The rows of a query as they stream in, in chunks. */
  private async stream(sql: string, params: Record<string, unknown>, signal: AbortSignal,
    each: (rows: Array<{ row: EventRow; key: string }>) => Promise<void>): Promise<void> {
    const client = await this.connect();
    try {
      const rs = await client.query({ query: sql, query_params: params, format: 'JSONEachRow', abort_signal: signal });
      for await (const chunk of rs.stream<EventRow>()) {
        if (signal.aborted) break;
        await each(chunk.map((r) => ({ row: r.json<EventRow>(), key: r.text })));
      }
    } catch (err) {
      if (signal.aborted) return;
      throw explainError(err, this.conn);
    }
  }

  /** A query's event rows with their identity (the row's text) and time, for the late-arrival window. */
  private async keyed(sql: string, params: Record<string, unknown>, signal: AbortSignal): Promise<Array<{ row: EventRow; key: string; ms: number }>> {
    const out: Array<{ row: EventRow; key: string; ms: number }> = [];
    await this.stream(sql, params, signal, async (rows) => {
      for (const r of rows) out.push({ ...r, ms: Number(r.row.ms) });
    });
    return out;
  }

  /**
   * Delivers what `-f` shows first (the last `last` matching rows, or all) and seeds the window with
   * every matching row from `newest - window` on, read in one query so nothing falls between.
   */
  private async startFollowing(from: string, params: Record<string, unknown>, last: number | 'all', window: SeenWindow, signal: AbortSignal,
    deliver: (rows: Array<{ row: EventRow }>) => Promise<void>): Promise<void> {
    if (last === 'all') {
      const all = await this.keyed(`${from} ORDER BY ${EVENT_ORDER}`, params, signal);
      window.seed(all);
      await deliver(all);
      return;
    }
    const [top] = await this.rows<{ ms: number | string | null }>(`SELECT toUnixTimestamp64Milli(max(timestamp)) AS ms, count() AS n ${from.slice(from.indexOf(' FROM '))}`, params, signal);
    const hasRows = top !== undefined && top.ms !== null && Number((top as { n?: unknown }).n) > 0;
    if (!hasRows) return;
    const lo = Number(top.ms) - window.windowMs;
    const recent = await this.keyed(`${from} AND toUnixTimestamp64Milli(timestamp) >= {follow_from:Int64} ORDER BY ${EVENT_ORDER}`, { ...params, follow_from: lo }, signal);
    window.seed(recent);
    if (last <= 0) return;
    if (recent.length >= last) return deliver(recent.slice(recent.length - last));
    const older = await this.keyed(`${from} AND toUnixTimestamp64Milli(timestamp) < {follow_from:Int64} ORDER BY ${EVENT_ORDER_DESC} LIMIT {follow_n:UInt64}`,
      { ...params, follow_from: lo, follow_n: last - recent.length }, signal);
    await deliver([...older.reverse(), ...recent]);
  }

  /** Polls for new rows while someone watches; tells the listeners the new events and their traces' summaries. */
  private async watchLoop(signal: AbortSignal): Promise<void> {
    const from = `SELECT ${EVENT_COLUMNS} FROM ${this.table} WHERE 1`;
    const window = new SeenWindow(this.options.lateWindowMs ?? DEFAULT_LATE_WINDOW_MS);
    const pollMs = this.options.pollMs ?? 1000;
    try {
      await this.startFollowing(from, {}, 0, window, signal, async () => undefined);
      while (!signal.aborted) {
        await pause(pollMs, signal);
        if (signal.aborted) break;
        const lo = window.from;
        const rows = await this.keyed(`${from}${lo === undefined ? '' : ' AND toUnixTimestamp64Milli(timestamp) >= {follow_from:Int64}'} ORDER BY ${EVENT_ORDER}`,
          lo === undefined ? {} : { follow_from: lo }, signal);
        const fresh = window.take(rows);
        if (fresh.length === 0 || signal.aborted) continue;
        const ids = [...new Set(fresh.map((r) => r.row.trace_id))];
        const summaries = await this.rows<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM ${this.table} WHERE trace_id IN {ids:Array(String)} GROUP BY trace_id`, { ids }, signal);
        const [count] = await this.rows<{ n: number | string }>(`SELECT uniqExact(trace_id) AS n FROM ${this.table}`, {}, signal);
        const update: SourceUpdate = { events: fresh.map((r) => eventOf(r.row)), traces: summaries.map(summaryOfRow), state: this.state(Number(count?.n ?? 0)) };
        for (const l of [...this.listeners]) {
          try {
            l(update);
          } catch {
            // a listener's failure is its own; the others still hear
          }
        }
      }
    } catch {
      // The server went away while watching: the page keeps what it has; the next list request reports the error.
      this.watching = undefined;
    }
  }
}

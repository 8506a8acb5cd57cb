/**
 * The reading side's one interface: every reading tool (`muxi trace`, `muxi trace stats`, the
 * `--tui` viewer, the `--web` dashboard) reads through a {@link TraceSource}. The file source
 * (`openFileSource`) implements it on trace files and standard input; a ClickHouse source
 * implements it on a table. Queries carry the parsed filter terms ({@link FilterTerm}), never a
 * compiled predicate, so a database source can turn them into a `WHERE` clause with bound
 * parameters. Results are plain data (JSON-ready), the same from every source.
 * @module
 */
import type { TraceEvent } from '../event.js';
import type { FilterTerm } from './filter-terms.js';
import type { ReadItem } from './processor.js';
import type { TraceStats } from './stats.js';

/** Which events: those matching every filter term. */
export interface EventQuery {
  /** Parsed filter terms (`parseFilterTerms`, `termsFromFlags`), all of which must match (default: none, every event). */
  terms?: readonly FilterTerm[];
  /** "Now" for relative times in the terms (`since=15m`), epoch ms (default: `Date.now()` when the query starts). */
  now?: number;
}

/** Progress and cancellation of one pass over the input. */
export interface PassOptions {
  /** Stops the pass (and following) when aborted; the pass then resolves normally. */
  signal?: AbortSignal;
  /** Called with bytes read so far and the total, at most once per chunk (files only; default: none). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** What {@link TraceSource.events} reads and how. */
export interface EventsRequest extends EventQuery, PassOptions {
  /** Keep delivering new events as they are written, until `signal` aborts (default false). */
  follow?: boolean;
  /** With `follow`: how many matching events already there come first (default 10; `'all'` for all of them). */
  last?: number | 'all';
  /** Also deliver input lines that are not trace events, as `{ kind: 'raw' }` items (default false; only file sources have such lines). */
  raw?: boolean;
  /** Poll interval while following, in ms (default 250). */
  pollMs?: number;
}

/**
 * Receives one batch of items, in input order; may return a promise (backpressure). An event
 * item carries the parsed event and its JSON line: the line as read (a file), or `jsonLine(event)`
 * (a source that stores fields, such as a database), which `muxi trace --json` prints.
 */
export type ItemBatchHandler = (items: ReadItem[]) => void | Promise<void>;

/** What a pass over the input saw besides the matching events. */
export interface ReadReport {
  /** Matching events delivered (or counted). */
  matched: number;
  /** Input lines that are not trace events (app logs, garbage, truncated JSON, invalid UTF-8). */
  skipped: number;
  /** Parts of the input that could not be read and were skipped (e.g. a corrupt `.gz`), one line each. */
  warnings: string[];
}

/** The statistics of the matching events, with the pass's report. */
export interface StatsReport extends ReadReport {
  /** The statistics; `muxi trace stats --json` prints exactly this object. */
  stats: TraceStats;
}

/** Columns a trace list can be sorted by (the {@link TraceSummary} fields). */
export type TraceSortKey =
  | 'start' | 'end' | 'duration_ms' | 'trace_id' | 'user_id' | 'first_message' | 'agents'
  | 'spans' | 'events' | 'errors' | 'input_tokens' | 'output_tokens';

/** The trace-list columns, for validation and UIs. */
export const TRACE_SORT_KEYS: readonly TraceSortKey[] = [
  'start', 'end', 'duration_ms', 'trace_id', 'user_id', 'first_message', 'agents',
  'spans', 'events', 'errors', 'input_tokens', 'output_tokens',
];

/**
 * Which traces, in which order, which page. A trace matches when at least one of its events
 * matches every term, its start lies in `[since, until]`, it has an error (with `errorsOnly`),
 * and it has the selected `user` and `agent`.
 */
export interface TraceListQuery extends EventQuery {
  /** Earliest trace start: ISO time or a duration ago such as `15m` (as `since=`; default: none). */
  since?: string;
  /** Latest trace start (as `until=`; default: none). */
  until?: string;
  /** Only traces with at least one `ERROR` event (default false). */
  errorsOnly?: boolean;
  /** Facet selection: only traces of this user id (default: any). */
  user?: string;
  /** Facet selection: only traces this agent took part in (default: any). */
  agent?: string;
  /** Sort column (default `start`); ties are broken by `start`, then `trace_id`. */
  sort?: TraceSortKey;
  /** Sort direction (default `desc`, newest first). */
  order?: 'asc' | 'desc';
  /** Rows to skip (default 0). */
  offset?: number;
  /** Rows to return, 1 to 1000 (default 50). */
  limit?: number;
  /** Most values per facet, by count (default 20). */
  facetLimit?: number;
}

/** One trace (conversation) as one row. Times are the contract's UTC ISO-8601 timestamps. */
export interface TraceSummary {
  trace_id: string;
  /** Timestamp of the trace's earliest event. */
  start: string;
  /** Timestamp of the trace's latest event. */
  end: string;
  /** `end - start`, in ms. */
  duration_ms: number;
  /** The first `user_id` seen in the trace, if any. */
  user_id?: string;
  /** The user's message: `data.message` of the trace's first `user:message` event (else its `message`), cut to 500 characters. */
  first_message?: string;
  /** Agent ids that appear in the trace, in order of first appearance. */
  agents: string[];
  /** Distinct span ids. */
  spans: number;
  /** Events. */
  events: number;
  /** Events at level `ERROR`. */
  errors: number;
  /** Sum of `data.usage.input_tokens`. */
  input_tokens: number;
  /** Sum of `data.usage.output_tokens`. */
  output_tokens: number;
}

/** A facet value and the number of matching traces that have it. */
export interface FacetCount {
  value: string;
  count: number;
}

/** The state of a source, for a UI's status line. */
export interface SourceState {
  /** The input, e.g. `traces/app.jsonl`, `<stdin>`. */
  label: string;
  /** True while the first read of the input is still going on (lists may be partial). */
  loading: boolean;
  /** Bytes read by the first read so far, and in total (0 when unknown). */
  bytesRead: number;
  bytesTotal: number;
  /** Whether new events keep arriving (following a file or a stream). */
  live: boolean;
  /** Traces held. */
  traces: number;
  /** Oldest traces evicted whole to keep memory within its budget (the page says so). */
  evicted: number;
  /** Input lines that are not trace events. */
  skipped: number;
}

/** One page of the trace list. */
export interface TracePage {
  traces: TraceSummary[];
  /** Traces matching the query (all pages). */
  total: number;
  offset: number;
  limit: number;
  /**
   * Counts per user and per agent over the matching traces, each ignoring its own selection
   * (so the other values stay visible), most frequent first.
   */
  facets: { users: FacetCount[]; agents: FacetCount[] };
  state: SourceState;
}

/** One trace: its row and all its events, in the order they were written. */
export interface TraceDetail {
  summary: TraceSummary;
  events: TraceEvent[];
}

/** New events as they arrive, with the rows of the traces they created or changed. */
export interface SourceUpdate {
  /** The new events, in input order (empty while the first read is loading: progress only). */
  events: TraceEvent[];
  /** Summaries of the traces those events created or changed. */
  traces: TraceSummary[];
  state: SourceState;
}

/**
 * A source of trace events: files, standard input, or a database. Every method may be called
 * any number of times, concurrently; `close()` ends them (following passes resolve, watchers stop).
 * @example
 * ```ts
 * const source = openFileSource({ input: { kind: 'file', path: 'traces/app.jsonl' } });
 * const page = await source.traces({ terms: parseFilterTerms('agent=weather'), sort: 'duration_ms' });
 * const one = await source.trace(page.traces[0]!.trace_id);
 * await source.close();
 * ```
 */
export interface TraceSource {
  /** The input, for titles (`traces/app.jsonl`, `<stdin>`, `clickhouse://host/db.table`). */
  readonly label: string;
  /**
   * Delivers the matching events in input order, in batches; with `follow`, first the last
   * `last` matching events already there, then new ones until `signal` aborts.
   */
  events(request: EventsRequest, onBatch: ItemBatchHandler): Promise<ReadReport>;
  /** Statistics of the matching events (the figures of `muxi trace stats`). */
  stats(query: EventQuery & PassOptions): Promise<StatsReport>;
  /** One page of trace summaries, with facet counts and the total. */
  traces(query: TraceListQuery): Promise<TracePage>;
  /**
   * One trace by full id or by a prefix of at least 4 hex digits; undefined when there is none.
   * @throws FilterError for an id that is not hex, too short, or a prefix of several traces.
   */
  trace(id: string): Promise<TraceDetail | undefined>;
  /** Calls `listener` as new events arrive (and with progress while loading); returns the unsubscribe function. */
  watch(listener: (update: SourceUpdate) => void): () => void;
  /** Stops following and watching and frees resources; idempotent. */
  close(): Promise<void>;
}

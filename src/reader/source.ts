/**
 * The reading side's one interface: where trace events come from (trace files today, a
 * ClickHouse table with `--clickhouse`), as `muxi trace`, `muxi trace stats`, the viewer and
 * the dashboard need them. Queries carry the filter as parsed TERMS, not as a predicate, so a
 * source can run them where the data is (a SQL `WHERE` with bound parameters, for ClickHouse).
 * @module
 */
import type { TraceEvent } from '../event.js';
import type { FilterTerm } from './filter-terms.js';
import type { ReadItem } from './processor.js';
import type { ReadSummary } from './read.js';
import type { TraceStats } from './stats.js';

/** Which events: every term must match (the filter language, parsed), within an optional time range. */
export interface EventQuery {
  /** Parsed filter terms (`parseFilterTerms(text)`, `termsFromFlags(flags)`); none: every event. */
  terms?: readonly FilterTerm[];
  /** At or after this time (epoch ms). */
  since?: number;
  /** At or before this time (epoch ms). */
  until?: number;
}

/** What {@link TraceSource.events} delivers: events in order, in batches. */
export interface SourceEvents {
  /** Keep delivering new events after those already there, until `signal` aborts (default false). */
  follow?: boolean;
  /** With `follow`: how many matching events already there to deliver first (default 10). */
  lines?: number | 'all';
  /** Also deliver lines that are not trace events, as `raw` items (files only; default false). */
  all?: boolean;
  /** Stops reading (and following). */
  signal?: AbortSignal;
  /** Poll interval while following, in ms (default 250). */
  pollMs?: number;
  /** Called with bytes read so far and the total, at most once per chunk (files only). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Called once per unreadable or corrupt part of the input that was skipped. */
  onWarning?: (message: string) => void;
}

/** What {@link TraceSource.stats} answers. */
export interface StatsResult {
  stats: TraceStats;
  /** Lines that were not trace events (files and streams; 0 for a database). */
  skipped: number;
}

/** The columns a trace list can be sorted by. */
export const TRACE_SORT_KEYS = ['start', 'duration', 'user', 'events', 'spans', 'errors', 'tokens'] as const;

/** How to sort a trace list. */
export interface TraceSort {
  by: (typeof TRACE_SORT_KEYS)[number];
  dir: 'asc' | 'desc';
}

/** Which traces: a trace matches when at least one of its events matches the terms. */
export interface TraceQuery extends EventQuery {
  /** Only traces with an error (default false). */
  errorsOnly?: boolean;
  /** Only this user's traces. */
  user?: string;
  /** Only traces this agent took part in. */
  agent?: string;
  /** Default: newest first. */
  sort?: TraceSort;
  /** Rows to skip (default 0). */
  offset?: number;
  /** Rows to return (default 100, at most 1,000). */
  limit?: number;
}

/** One conversation, as a row of the trace list. */
export interface TraceSummary {
  trace_id: string;
  /** First and last event, UTC ISO-8601. */
  start: string;
  end: string;
  /** From the first event's start to the last event's end, in ms. */
  duration_ms: number;
  user_id?: string;
  /** The user's first message (`user:message`, without `User sent: `), cut to 200 characters. */
  first_message?: string;
  /** Agents that took part, in order of appearance. */
  agents: string[];
  /** Spans closed (events with `duration_ms`). */
  spans: number;
  events: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
}

/** How many traces have one value of a facet. */
export interface Facet {
  value: string;
  count: number;
}

/** A page of the trace list. */
export interface TraceList {
  traces: TraceSummary[];
  /** Traces matching the query, all pages. */
  total: number;
  /** Counts of the matching traces per user and per agent (the 20 most frequent of each). */
  facets: { users: Facet[]; agents: Facet[] };
  /** Oldest traces dropped whole to keep memory bounded (0 when none). */
  evicted: number;
  /** The source is still reading what was there when it opened (the list grows). */
  indexing: boolean;
}

/**
 * Where trace events come from. `muxi trace` prints {@link events}, `muxi trace stats` prints
 * {@link stats}, the viewer reads {@link events} with `follow`, and the dashboard lists
 * {@link traces}, opens one with {@link trace} and streams {@link watch}.
 */
export interface TraceSource {
  /** What it reads, for titles (`traces/app.jsonl`, `<stdin>`, `clickhouse://host/db.table`). */
  readonly label: string;
  /** Delivers the matching events in order, in batches; resolves when done (or when `signal` aborts while following). */
  events(q: EventQuery, onBatch: (items: ReadItem[]) => void | Promise<void>, opts?: SourceEvents): Promise<ReadSummary>;
  /** The statistics of the matching events (`muxi trace stats --json` prints `stats`), and how many lines were not events. */
  stats(q: EventQuery, opts?: Pick<SourceEvents, 'signal' | 'onProgress' | 'onWarning'>): Promise<StatsResult>;
  /** A page of trace summaries. */
  traces(q: TraceQuery): Promise<TraceList>;
  /** Every event of one trace (a full id or a prefix of at least 4 hex digits), in order; undefined when unknown. */
  trace(id: string): Promise<TraceEvent[] | undefined>;
  /**
   * Starts reading for {@link traces} and {@link trace}, if not yet, and resolves when what was
   * there at the start has been read; rejects when the input cannot be read.
   */
  indexed(): Promise<void>;
  /** Calls `onEvents` with new events as they arrive; returns the function that stops it. */
  watch(onEvents: (events: TraceEvent[]) => void): () => void;
  /** Stops following and releases what it holds. Idempotent. */
  close(): Promise<void>;
}

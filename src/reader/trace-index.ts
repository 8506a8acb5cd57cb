/**
 * An index of traces: one summary per trace (start, end, user, the first message, agents,
 * spans, events, errors, tokens) and where each of its events is (a file and a byte range), so
 * a trace's events are read on demand and memory follows the number of traces, not the bytes.
 * Memory is bounded: past `maxTraces` traces or `maxEvents` locations, the oldest traces (by
 * first event seen) are dropped whole, and counted.
 * @module
 */
import { closesSpan } from '../event.js';
import type { LineFields } from './line-fields.js';
import type { Facet, TraceQuery, TraceSort, TraceSummary } from './source.js';

/** One trace in the index. */
interface Entry {
  summary: TraceSummary;
  /** `duration_ms` is out of date (recomputed when listed). */
  stale: boolean;
  /** Event locations: `fileId * 2^40 + offset` and the length, pairs. */
  locs: number[];
  agents: Set<string>;
}

const FILE_SHIFT = 2 ** 40;
/** Longest first message kept in a summary. */
const MESSAGE_MAX = 200;
const USER_PREFIX = 'User sent: ';

/** Options of a {@link TraceIndex}. */
export interface TraceIndexOptions {
  /** Most traces kept (default 500,000). */
  maxTraces?: number;
  /** Most event locations kept, all traces together (default 20,000,000). */
  maxEvents?: number;
}

/** See the module comment. */
export class TraceIndex {
  private readonly byId = new Map<string, Entry>();
  private events = 0;
  /** Traces dropped whole to stay within the bounds. */
  evicted = 0;
  private readonly maxTraces: number;
  private readonly maxEvents: number;

  constructor(o: TraceIndexOptions = {}) {
    this.maxTraces = o.maxTraces ?? 500_000;
    this.maxEvents = o.maxEvents ?? 20_000_000;
  }

  /** Traces indexed. */
  get size(): number {
    return this.byId.size;
  }

  /** Adds one event found at `[offset, offset + length)` of file `fileId`. Returns its trace's summary. */
  add(f: LineFields, fileId: number, offset: number, length: number): TraceSummary {
    let e = this.byId.get(f.trace_id);
    if (e === undefined) {
      e = {
        summary: { trace_id: f.trace_id, start: f.timestamp, end: f.timestamp, duration_ms: 0, agents: [], spans: 0, events: 0, errors: 0, input_tokens: 0, output_tokens: 0 },
        locs: [],
        agents: new Set(),
        stale: false,
      };
      this.byId.set(f.trace_id, e);
    }
    const s = e.summary;
    s.events++;
    if (f.timestamp < s.start) {
      s.start = f.timestamp;
      e.stale = true;
    }
    if (f.timestamp > s.end) {
      s.end = f.timestamp;
      e.stale = true;
    }
    if (f.level === 'ERROR') s.errors++;
    if (closesSpan(f.operation)) s.spans++;
    if (f.user_id !== undefined && s.user_id === undefined) s.user_id = f.user_id;
    if (f.agent_id !== undefined && !e.agents.has(f.agent_id)) {
      e.agents.add(f.agent_id);
      s.agents.push(f.agent_id);
    }
    if (f.message !== undefined && s.first_message === undefined) {
      const m = f.message.startsWith(USER_PREFIX) ? f.message.slice(USER_PREFIX.length) : f.message;
      s.first_message = m.length > MESSAGE_MAX ? m.slice(0, MESSAGE_MAX) + '…' : m;
    }
    s.input_tokens += f.input_tokens;
    s.output_tokens += f.output_tokens;
    e.locs.push(fileId * FILE_SHIFT + offset, length);
    this.events++;
    if (this.byId.size > this.maxTraces || this.events > this.maxEvents) this.evict();
    return s;
  }

  /** Drops the oldest traces whole until within the bounds (with a margin, so eviction is not per event). */
  private evict(): void {
    const traces = Math.floor(this.maxTraces * 0.9);
    const events = Math.floor(this.maxEvents * 0.9);
    for (const [id, e] of this.byId) {
      if (this.byId.size <= traces && this.events <= events) break;
      this.byId.delete(id);
      this.events -= e.summary.events;
      this.evicted++;
    }
  }

  /** The trace with this full id, or the only trace whose id starts with `prefix` (at least 4 hex digits). */
  find(idOrPrefix: string): { summary: TraceSummary; locations: Array<{ file: number; offset: number; length: number }> } | undefined {
    let e = this.byId.get(idOrPrefix);
    if (e === undefined && idOrPrefix.length >= 4 && idOrPrefix.length < 32) {
      for (const [id, x] of this.byId) {
        if (!id.startsWith(idOrPrefix)) continue;
        if (e !== undefined) return undefined; // ambiguous
        e = x;
      }
    }
    if (e === undefined) return undefined;
    fresh(e);
    const locations: Array<{ file: number; offset: number; length: number }> = [];
    for (let i = 0; i < e.locs.length; i += 2) {
      const at = e.locs[i]!;
      const file = Math.floor(at / FILE_SHIFT);
      locations.push({ file, offset: at - file * FILE_SHIFT, length: e.locs[i + 1]! });
    }
    return { summary: e.summary, locations };
  }

  /** Whether a trace is in the index. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /**
   * Summaries matching the query's own fields (time range, errors only, user, agent) and, when
   * `ids` is given, whose id is in it (the traces with an event matching the filter terms);
   * sorted and paged, with facets of all the matches.
   */
  list(q: TraceQuery, ids?: ReadonlySet<string>): { traces: TraceSummary[]; total: number; facets: { users: Facet[]; agents: Facet[] } } {
    const since = q.since !== undefined ? new Date(q.since).toISOString() : undefined;
    const until = q.until !== undefined ? new Date(q.until).toISOString() : undefined;
    const rows: TraceSummary[] = [];
    const users = new Map<string, number>();
    const agents = new Map<string, number>();
    for (const [id, e] of this.byId) {
      const s = e.summary;
      if (ids !== undefined && !ids.has(id)) continue;
      fresh(e);
      if (since !== undefined && s.end < since) continue;
      if (until !== undefined && s.start > until) continue;
      if (q.errorsOnly && s.errors === 0) continue;
      if (q.user !== undefined && s.user_id !== q.user) continue;
      if (q.agent !== undefined && !e.agents.has(q.agent)) continue;
      rows.push(s);
      if (s.user_id !== undefined) users.set(s.user_id, (users.get(s.user_id) ?? 0) + 1);
      for (const a of s.agents) agents.set(a, (agents.get(a) ?? 0) + 1);
    }
    rows.sort(comparator(q.sort ?? { by: 'start', dir: 'desc' }));
    const offset = Math.max(0, q.offset ?? 0);
    const limit = Math.min(1000, Math.max(1, q.limit ?? 100));
    return { traces: rows.slice(offset, offset + limit).map((s) => ({ ...s, agents: [...s.agents] })), total: rows.length, facets: { users: top(users), agents: top(agents) } };
  }
}

/** Brings `duration_ms` up to date (two date parses, so only when listed, not per event). */
function fresh(e: Entry): void {
  if (!e.stale) return;
  e.stale = false;
  e.summary.duration_ms = Math.max(0, Date.parse(e.summary.end) - Date.parse(e.summary.start));
}

function top(m: Map<string, number>): Facet[] {
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20).map(([value, count]) => ({ value, count }));
}

/** Sorts by the column, then by start (newest first), then by id, so pages are stable. */
export function comparator(sort: TraceSort): (a: TraceSummary, b: TraceSummary) => number {
  const dir = sort.dir === 'asc' ? 1 : -1;
  const key = (s: TraceSummary): number | string => {
    switch (sort.by) {
      case 'duration': return s.duration_ms;
      case 'user': return s.user_id ?? '';
      case 'events': return s.events;
      case 'spans': return s.spans;
      case 'errors': return s.errors;
      case 'tokens': return s.input_tokens + s.output_tokens;
      default: return s.start;
    }
  };
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    if (x !== y) return (x < y ? -1 : 1) * dir;
    if (a.start !== b.start) return a.start < b.start ? 1 : -1;
    return a.trace_id < b.trace_id ? -1 : a.trace_id > b.trace_id ? 1 : 0;
  };
}

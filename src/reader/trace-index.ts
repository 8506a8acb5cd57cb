/**
 * The trace index of the file source: one {@link TraceEntry} per trace (its summary fields),
 * the location of every event ({@link EventStore}), and the statistics of every event read.
 * Memory follows the number of traces and events, not the bytes; past a budget the oldest
 * traces (first seen first) are evicted whole.
 * @module
 */
import type { EventLocation } from './event-store.js';
import { EVENT_BYTES, EventStore } from './event-store.js';
import type { LineEvent } from './line-fields.js';
import type { TraceSummary } from './source.js';
import type { TraceStats } from './stats.js';
import { StatsCollector } from './stats.js';

/** Longest `first_message` kept, in characters. */
export const FIRST_MESSAGE_MAX = 500;

/** Estimated bytes of one trace besides its events and strings (object, map entry, arrays). */
const TRACE_BYTES = 320;

/** Above this many events, a trace keeps its span hashes in a set instead of walking its events. */
const SPAN_WALK_MAX = 64;

/** One trace's summary fields and the ends of its chain of events. */
export class TraceEntry {
  startMs = Infinity;
  endMs = -Infinity;
  userId: string | undefined;
  firstMessage: string | undefined;
  /** Agent ids in order of appearance: one id, or an array once there are several (a small array costs ~180 bytes). */
  agents: string | string[] | undefined = undefined;
  spans = 0;
  events = 0;
  errors = 0;
  tokensIn = 0;
  tokensOut = 0;
  /** First and last event numbers in the {@link EventStore}. */
  head = -1;
  tail = -1;
  spanSet: Set<number> | undefined;
  /** Estimated memory, in bytes. */
  bytes = TRACE_BYTES;

  constructor(readonly id: string) {
    this.bytes += id.length;
  }
}

/** Options of {@link TraceIndex}. */
export interface TraceIndexOptions {
  /** Memory budget, in (estimated) bytes; the oldest traces are evicted past it (default 160 MiB). */
  maxBytes?: number;
}

/** Default {@link TraceIndexOptions.maxBytes}. */
export const DEFAULT_INDEX_MAX_BYTES = 160 * 1024 * 1024;

/** See the module notes. */
export class TraceIndex {
  readonly store = new EventStore();
  readonly maxBytes: number;
  /** Traces evicted so far. */
  evicted = 0;
  /** Estimated memory of the held traces. */
  bytes = 0;
  private readonly traces = new Map<string, TraceEntry>();
  private readonly stats = new StatsCollector({ countTraces: false });
  private seen = 0;

  constructor(opts: TraceIndexOptions = {}) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_INDEX_MAX_BYTES;
  }

  /** Traces held. */
  get size(): number {
    return this.traces.size;
  }

  /** Starts a new file (see {@link EventStore.beginFile}); returns its number. */
  beginFile(): number {
    return this.store.beginFile();
  }

  /** Adds one event of the current file at `offset` (`length` bytes); returns its trace. */
  add(e: LineEvent, offset: number, length: number): TraceEntry {
    this.stats.add(e, e.ms);
    let t = this.traces.get(e.trace_id);
    if (t === undefined) {
      t = new TraceEntry(e.trace_id);
      this.traces.set(e.trace_id, t);
      this.seen++;
      this.bytes += t.bytes;
    }
    const before = t.bytes;
    const ms = e.ms;
    if (ms < t.startMs) t.startMs = ms;
    if (ms > t.endMs) t.endMs = ms;
    if (t.userId === undefined && e.user_id !== undefined) {
      t.userId = e.user_id;
      t.bytes += e.user_id.length;
    }
    const a = e.agent_id;
    if (a !== undefined && !hasAgent(t, a)) {
      if (t.agents === undefined) t.agents = a;
      else if (typeof t.agents === 'string') t.agents = [t.agents, a];
      else t.agents.push(a);
      t.bytes += 8;
    }
    if (t.firstMessage === undefined && e.component === 'user' && e.operation === 'message') {
      const m = e.data?.['message'];
      t.firstMessage = (typeof m === 'string' ? m : e.message).slice(0, FIRST_MESSAGE_MAX);
      t.bytes += t.firstMessage.length + 24;
    }
    if (e.level === 'ERROR') t.errors++;
    const usage = e.data?.['usage'];
    if (usage !== null && typeof usage === 'object') {
      const u = usage as Record<string, unknown>;
      if (typeof u['input_tokens'] === 'number') t.tokensIn += u['input_tokens'];
      if (typeof u['output_tokens'] === 'number') t.tokensOut += u['output_tokens'];
    }
    if (this.newSpan(t, e.spanKey)) t.spans++;
    t.tail = this.store.add(offset, length, e.spanKey, t.tail);
    if (t.head < 0) t.head = t.tail;
    t.events++;
    t.bytes += EVENT_BYTES;
    this.bytes += t.bytes - before;
    return t;
  }

  /** Evicts the oldest traces while over budget (down to 90% of it); returns how many. */
  evictOverBudget(): number {
    if (this.bytes <= this.maxBytes) return 0;
    const target = this.maxBytes * 0.9;
    let n = 0;
    for (const t of this.traces.values()) {
      if (this.bytes <= target) break;
      this.remove(t);
      n++;
    }
    return n;
  }

  /** Evicts every trace with an event in file `file` (it can no longer be read); returns how many. */
  evictFile(file: number): number {
    let n = 0;
    for (const t of [...this.traces.values()]) {
      if (this.store.chainTouches(t.head, file)) {
        this.remove(t);
        n++;
      }
    }
    return n;
  }

  /** Evicts one trace. */
  remove(t: TraceEntry): void {
    if (this.traces.get(t.id) !== t) return;
    this.traces.delete(t.id);
    this.store.release(t.head);
    this.bytes -= t.bytes;
    this.evicted++;
  }

  /** The trace with this full id. */
  get(id: string): TraceEntry | undefined {
    return this.traces.get(id);
  }

  /** Traces whose id starts with `prefix` (at most `max`). */
  byPrefix(prefix: string, max = 2): TraceEntry[] {
    const exact = this.traces.get(prefix);
    if (exact !== undefined) return [exact];
    const out: TraceEntry[] = [];
    for (const [id, t] of this.traces) {
      if (id.startsWith(prefix)) {
        out.push(t);
        if (out.length >= max) break;
      }
    }
    return out;
  }

  /** The held traces, oldest first. */
  entries(): IterableIterator<TraceEntry> {
    return this.traces.values();
  }

  /** Where a trace's events are, in input order. */
  locations(t: TraceEntry): EventLocation[] {
    const out: EventLocation[] = [];
    for (let n = t.head; n >= 0; n = this.store.next(n)) out.push(this.store.location(n));
    return out;
  }

  /** The statistics of every event read (evicted traces included). */
  statsResult(): TraceStats {
    const s = this.stats.result();
    s.traces = this.seen;
    return s;
  }

  private newSpan(t: TraceEntry, key: number): boolean {
    if (t.spanSet !== undefined) {
      if (t.spanSet.has(key)) return false;
      t.spanSet.add(key);
      t.bytes += 16;
      return true;
    }
    for (let n = t.head; n >= 0; n = this.store.next(n)) if (this.store.span(n) === key) return false;
    if (t.events >= SPAN_WALK_MAX) {
      t.spanSet = new Set<number>();
      for (let n = t.head; n >= 0; n = this.store.next(n)) t.spanSet.add(this.store.span(n));
      t.spanSet.add(key);
      t.bytes += 16 * t.spanSet.size;
    }
    return true;
  }
}

/** Whether agent `a` took part in the trace. */
export function hasAgent(t: TraceEntry, a: string): boolean {
  const x = t.agents;
  return x === a || (typeof x === 'object' && x.includes(a));
}

/** The trace's agent ids, in order of appearance (a new array). */
export function agentList(t: TraceEntry): string[] {
  const x = t.agents;
  return x === undefined ? [] : typeof x === 'string' ? [x] : [...x];
}

/** The {@link TraceSummary} of an entry. */
export function summaryOf(t: TraceEntry): TraceSummary {
  const valid = Number.isFinite(t.startMs);
  const s: TraceSummary = {
    trace_id: t.id,
    start: valid ? new Date(t.startMs).toISOString() : '',
    end: valid ? new Date(t.endMs).toISOString() : '',
    duration_ms: valid ? t.endMs - t.startMs : 0,
    agents: agentList(t),
    spans: t.spans,
    events: t.events,
    errors: t.errors,
    input_tokens: t.tokensIn,
    output_tokens: t.tokensOut,
  };
  if (t.userId !== undefined) s.user_id = t.userId;
  if (t.firstMessage !== undefined) s.first_message = t.firstMessage;
  return s;
}

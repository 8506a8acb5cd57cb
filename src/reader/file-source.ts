/**
 * The {@link TraceSource} of trace files (`--file`, with rotated siblings and `.gz`) and of
 * standard input. Events and statistics stream through the reader (`readTrace`); trace lists
 * come from an index built once (in the background, the list growing as it is read) and kept
 * up to date while following, which holds each trace's summary and where its events are, so
 * memory follows the number of traces, and a trace's events are read from disk when asked for.
 * @module
 */
import type { TraceEvent } from '../event.js';
import { isTraceEvent } from './classify.js';
import type { FilterTerm } from './filter-terms.js';
import { compileFilter } from './filter.js';
import { IndexReader } from './index-reader.js';
import type { ReadItem } from './processor.js';
import { readTrace } from './read.js';
import type { InputSource, ReadOptions, ReadSummary } from './read.js';
import type { EventQuery, SourceEvents, StatsResult, TraceList, TraceQuery, TraceSource } from './source.js';
import { StatsCollector } from './stats.js';
import { TraceIndex } from './trace-index.js';

/** Options of {@link openFileSource}. */
export interface FileSourceOptions {
  /** A file path (with its rotated siblings) or a stream (standard input). */
  input: InputSource;
  /** Keep the trace index up to date with the live file (default true). */
  follow?: boolean;
  /** Poll interval while following, in ms (default 250). */
  pollMs?: number;
  /** Most traces the index keeps before dropping the oldest whole (default 500,000). */
  maxTraces?: number;
  /** Most events the index keeps, all traces together (default 20,000,000). */
  maxEvents?: number;
  /** Bytes of standard input kept on disk for reading traces back (default 1 GiB). */
  spoolMaxBytes?: number;
}

/** The filter of a query: its terms plus its time range. */
function filterOf(q: EventQuery): ReturnType<typeof compileFilter> | undefined {
  const terms: FilterTerm[] = [...(q.terms ?? [])];
  if (q.since !== undefined) terms.push({ kind: 'field', field: 'since', op: '>=', value: new Date(q.since).toISOString() });
  if (q.until !== undefined) terms.push({ kind: 'field', field: 'until', op: '<=', value: new Date(q.until).toISOString() });
  return terms.length === 0 ? undefined : compileFilter(terms);
}

/**
 * Opens the file source.
 * @example
 * ```ts
 * const source = openFileSource({ input: { kind: 'file', path: 'traces/app.jsonl' } });
 * const page = await source.traces({ errorsOnly: true, limit: 20 });
 * const events = await source.trace(page.traces[0]!.trace_id);
 * await source.close();
 * ```
 */
export function openFileSource(o: FileSourceOptions): TraceSource {
  return new FileSource(o);
}

class FileSource implements TraceSource {
  readonly label: string;
  private index: TraceIndex | undefined;
  private reader: IndexReader | undefined;
  private ready: Promise<void> | undefined;
  private readonly watchers = new Set<(events: TraceEvent[]) => void>();
  private pending: TraceEvent[] = [];
  private flushScheduled = false;
  /** Index generation: bumps as events arrive, so cached answers are recomputed. */
  private generation = 0;
  private matchCache: { key: string; generation: number; ids: Set<string> } | undefined;
  private closed = false;

  constructor(private readonly o: FileSourceOptions) {
    this.label = o.input.kind === 'file' ? o.input.path : (o.input.name ?? '<stdin>');
  }

  /** Builds the index on first use (in the background; the list grows as it is read). */
  private start(): { index: TraceIndex; reader: IndexReader } {
    if (this.index === undefined || this.reader === undefined) {
      const index = new TraceIndex({ maxTraces: this.o.maxTraces, maxEvents: this.o.maxEvents });
      const reader = new IndexReader(index, (line) => this.arrived(line), this.o.spoolMaxBytes);
      this.index = index;
      this.reader = reader;
      const input = this.o.input;
      this.ready = input.kind === 'file'
        ? reader.openFile(input.path, this.o.follow !== false, this.o.pollMs ?? 250)
        : reader.openStream(input.stream);
      this.ready.catch(() => undefined);
    }
    return { index: this.index, reader: this.reader };
  }

  indexed(): Promise<void> {
    this.start();
    return this.ready!;
  }

  /** A line indexed while following: parsed for the watchers, delivered at most once per turn. */
  private arrived(line: Buffer): void {
    this.generation++;
    if (this.watchers.size === 0) return;
    let e: unknown;
    try {
      e = JSON.parse(line.toString('utf8'));
    } catch {
      return;
    }
    if (!isTraceEvent(e)) return;
    this.pending.push(e);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        const batch = this.pending;
        this.pending = [];
        for (const w of this.watchers) {
          try {
            w(batch);
          } catch {
            // a watcher's failure is its own
          }
        }
      });
    }
  }

  async events(q: EventQuery, onBatch: (items: ReadItem[]) => void | Promise<void>, opts: SourceEvents = {}): Promise<ReadSummary> {
    const ro: ReadOptions = {
      source: this.o.input, filter: filterOf(q), follow: opts.follow, lines: opts.lines, all: opts.all, pollMs: opts.pollMs,
      signal: opts.signal, onProgress: opts.onProgress, onWarning: opts.onWarning,
    };
    if (this.o.input.kind === 'file' || this.reader === undefined) return readTrace(ro, onBatch);
    // Standard input already taken by the index: what it has read, from its spool files.
    const total: ReadSummary = { lines: 0, parsed: 0, matched: 0, skipped: 0, files: [] };
    for (const f of this.reader.files) {
      if (f.gone) continue;
      const r = await readTrace({ ...ro, source: { kind: 'file', path: f.path }, follow: false }, onBatch).catch(() => undefined);
      if (r === undefined) continue;
      total.lines += r.lines;
      total.parsed += r.parsed;
      total.matched += r.matched;
      total.skipped += r.skipped;
    }
    return total;
  }

  async stats(q: EventQuery, opts: Pick<SourceEvents, 'signal' | 'onProgress' | 'onWarning'> = {}): Promise<StatsResult> {
    const stats = new StatsCollector();
    const summary = await this.events(q, (items) => {
      for (let i = 0; i < items.length; i++) {
        const it = items[i]!;
        if (it.kind === 'event') stats.add(it.event);
      }
    }, opts);
    return { stats: stats.result(), skipped: summary.skipped };
  }

  async traces(q: TraceQuery): Promise<TraceList> {
    const { index, reader } = this.start();
    let ids: Set<string> | undefined;
    if (q.terms !== undefined && q.terms.length > 0) ids = await this.matching(q.terms);
    const page = index.list(q, ids);
    return { ...page, evicted: index.evicted, indexing: reader.indexing };
  }

  /** Ids of the traces with at least one event matching `terms` (one pass over the input, remembered until new events arrive). */
  private async matching(terms: readonly FilterTerm[]): Promise<Set<string>> {
    const key = JSON.stringify(terms);
    const c = this.matchCache;
    if (c !== undefined && c.key === key && c.generation === this.generation && !this.reader!.indexing) return c.ids;
    const ids = new Set<string>();
    await this.events({ terms }, (items) => {
      for (const it of items) if (it.kind === 'event') ids.add(it.event.trace_id);
    });
    this.matchCache = { key, generation: this.generation, ids };
    return ids;
  }

  async trace(id: string): Promise<TraceEvent[] | undefined> {
    const { index, reader } = this.start();
    const found = index.find(id.toLowerCase());
    if (found === undefined) return undefined;
    const lines = await reader.read(found.locations);
    const out: TraceEvent[] = [];
    for (const b of lines) {
      try {
        const e: unknown = JSON.parse(b.toString('utf8'));
        if (isTraceEvent(e)) out.push(e);
      } catch {
        // a range that no longer holds its line (a file replaced meanwhile): skipped
      }
    }
    return out;
  }

  watch(onEvents: (events: TraceEvent[]) => void): () => void {
    this.start();
    this.watchers.add(onEvents);
    return () => {
      this.watchers.delete(onEvents);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watchers.clear();
    this.reader?.close();
  }
}

/**
 * The file source: a {@link TraceSource} on a trace file (its rotated siblings and `.gz` files
 * included, the live file followed across rotation) or on a stream such as standard input.
 *
 * `events()` and `stats()` are passes over the input (the reader of `muxi trace`). The trace
 * list, one trace and live updates come from an index built once ({@link TraceIndex}: per trace
 * its summary and the byte offsets of its events), started by the first call that needs it or
 * by `index: true`; one trace's events are read back from those offsets. While the index holds
 * the whole input, unfiltered `stats()` come from it (the same collector, fed while indexing).
 * A stream is read once: to index it, open the source with `spool`, which copies it to a
 * private folder that the index then follows like a rotating file.
 * @module
 */
import { compileFilter } from './filter.js';
import { FilterError } from './filter-terms.js';
import { IndexBuilder } from './index-builder.js';
import { RangeReader } from './range-fetch.js';
import { readTrace } from './read.js';
import type { InputSource } from './read.js';
import type {
  EventQuery, EventsRequest, ItemBatchHandler, PassOptions, ReadReport, SourceState, SourceUpdate, StatsReport,
  TraceDetail, TraceListQuery, TracePage, TraceSource,
} from './source.js';
import { StatsCollector } from './stats.js';
import { StreamSpool } from './stream-spool.js';
import type { SpoolOptions } from './stream-spool.js';
import { listEntries, listShape } from './trace-list.js';
import { TraceIndex, summaryOf } from './trace-index.js';
import type { TraceEntry } from './trace-index.js';
import { fetchTrace, parseLines } from './trace-fetch.js';
import { MatchCache } from './match-cache.js';

/** What a file source reads. */
export type FileSourceInput =
  | { kind: 'file'; path: string }
  | { kind: 'stream'; stream: NodeJS.ReadableStream; name?: string };

/** Options of {@link openFileSource}. */
export interface FileSourceOptions {
  /** A trace file (with its rotated siblings), or a stream such as `process.stdin`. */
  input: FileSourceInput;
  /** Keep the index up to date as the live file grows (default false; a spooled stream is always followed to its end). */
  follow?: boolean;
  /** Start indexing now rather than at the first `traces()`, `trace()` or `watch()` (default false). */
  index?: boolean;
  /** For a stream: copy it to a private folder so it can be indexed (default false: a stream can be read once). */
  spool?: boolean | SpoolOptions;
  /** Memory budget of the index, in estimated bytes; the oldest traces are evicted past it (default 160 MiB). */
  maxIndexBytes?: number;
  /** Poll interval while following, in ms (default 250). */
  pollMs?: number;
}

const MAX_WARNINGS = 20;

/**
 * Opens a file source (nothing is read until a method is called, or `index: true`).
 * @example
 * ```ts
 * const source = openFileSource({ input: { kind: 'file', path: 'traces/app.jsonl' }, follow: true, index: true });
 * const page = await source.traces({ sort: 'start', limit: 20 });
 * ```
 */
export function openFileSource(options: FileSourceOptions): FileSource {
  return new FileSource(options);
}

/** See {@link openFileSource} and the module notes. */
export class FileSource implements TraceSource {
  readonly label: string;
  private readonly closing = new AbortController();
  private readonly ranges = new RangeReader();
  private readonly listeners = new Set<(u: SourceUpdate) => void>();
  private readonly warnings: string[] = [];
  private index: TraceIndex | undefined;
  private builder: IndexBuilder | undefined;
  private matches: MatchCache | undefined;
  private built: Promise<void> | undefined;
  private failure: unknown;
  private spool: StreamSpool | undefined;
  private streamRead = false;

  constructor(private readonly options: FileSourceOptions) {
    const input = options.input;
    this.label = input.kind === 'file' ? input.path : input.name ?? '<stdin>';
    if (options.index === true) this.ensureIndex();
  }

  async events(request: EventsRequest, onBatch: ItemBatchHandler): Promise<ReadReport> {
    const warnings: string[] = [];
    const { signal, dispose } = this.passSignal(request.signal);
    try {
      const source = this.passInput();
      const filter = compileFilter(request.terms ?? [], { now: request.now });
      const s = await readTrace({
        source, filter, all: request.raw === true, follow: request.follow === true && source.kind === 'file', lines: request.last,
        pollMs: request.pollMs ?? this.options.pollMs, signal, onProgress: request.onProgress,
        onWarning: (m) => { if (warnings.length < MAX_WARNINGS) warnings.push(m); },
      }, onBatch);
      return { matched: s.matched, skipped: s.skipped, warnings };
    } finally {
      dispose();
    }
  }

  async stats(query: EventQuery & PassOptions): Promise<StatsReport> {
    const terms = query.terms ?? [];
    if (terms.length === 0 && this.index !== undefined) {
      await this.loaded();
      const stats = this.index.statsResult();
      return { stats, matched: stats.events, skipped: this.builder!.skipped, warnings: [...this.warnings] };
    }
    const collector = new StatsCollector();
    const report = await this.events({ terms, now: query.now, signal: query.signal, onProgress: query.onProgress }, (items) => {
      for (let i = 0; i < items.length; i++) {
        const it = items[i]!;
        if (it.kind === 'event') collector.add(it.event);
      }
    });
    return { ...report, stats: collector.result() };
  }

  async traces(query: TraceListQuery): Promise<TracePage> {
    const now = query.now ?? Date.now();
    const shape = listShape(query, now);
    const index = this.ensureIndex();
    await this.started();
    const terms = query.terms ?? [];
    let matched: ReadonlySet<string> | undefined;
    if (terms.length > 0) {
      compileFilter(terms, { now });
      await this.loaded();
      matched = await this.matchCache().match(terms, now);
    }
    const page = listEntries(index.entries(), query, shape, matched);
    return { traces: page.rows.map(summaryOf), total: page.total, offset: page.offset, limit: page.limit, facets: page.facets, state: this.state() };
  }

  async trace(id: string): Promise<TraceDetail | undefined> {
    const prefix = id.trim().toLowerCase();
    if (!/^[0-9a-f]+$/.test(prefix)) throw new FilterError(`trace id '${id}' is not hexadecimal (give the full id or a prefix of at least 4 hex digits)`);
    if (prefix.length < 4) throw new FilterError(`trace id prefix '${id}' is too short (at least 4 hex digits)`);
    const index = this.ensureIndex();
    await this.started();
    const found = index.byPrefix(prefix, 2);
    if (found.length > 1) throw new FilterError(`trace id prefix '${id}' matches more than one trace; give more digits`);
    const t = found[0];
    if (t === undefined) return undefined;
    const events = await fetchTrace(index, this.builder!.records, this.ranges, t);
    if (events === undefined) return undefined;
    return { summary: summaryOf(t), events };
  }

  /**
   * Starts the index if needed and resolves when its first read of the input has ended (a list
   * asked for earlier holds the traces read so far, with `state.loading` true).
   * @throws InputError when the input cannot be read.
   */
  async ready(): Promise<void> {
    this.ensureIndex();
    await this.loaded();
  }

  watch(listener: (update: SourceUpdate) => void): () => void {
    this.ensureIndex();
    this.listeners.add(listener);
    this.updateKeepText();
    return () => {
      this.listeners.delete(listener);
      this.updateKeepText();
    };
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    this.listeners.clear();
    this.builder?.stop();
    this.spool?.close();
    this.ranges.clear();
    await this.built?.catch(() => undefined);
  }

  /** The state shown with every page and update. */
  state(): SourceState {
    const b = this.builder;
    return {
      label: this.label,
      loading: b?.loading ?? false,
      bytesRead: b?.bytesRead ?? 0,
      bytesTotal: b?.bytesTotal ?? 0,
      live: b?.live ?? false,
      traces: this.index?.size ?? 0,
      evicted: this.index?.evicted ?? 0,
      skipped: b?.skipped ?? 0,
    };
  }

  /** The input of a pass: the file, the spool, or the stream itself (once). */
  private passInput(): InputSource {
    const input = this.options.input;
    if (input.kind === 'file') return { kind: 'file', path: input.path };
    if (this.spooled()) {
      this.ensureIndex();
      return { kind: 'file', path: this.spool!.path };
    }
    if (this.streamRead) throw new Error(`${this.label} can be read only once; open the source with \`spool: true\` to read it again`);
    this.streamRead = true;
    return { kind: 'stream', stream: input.stream, name: this.label };
  }

  private spooled(): boolean {
    return this.options.input.kind === 'stream' && this.options.spool !== undefined && this.options.spool !== false;
  }

  /** A signal that aborts with the caller's or when the source closes. */
  private passSignal(outer: AbortSignal | undefined): { signal: AbortSignal; dispose: () => void } {
    const ac = new AbortController();
    const abort = (): void => ac.abort();
    if (outer?.aborted || this.closing.signal.aborted) ac.abort();
    outer?.addEventListener('abort', abort, { once: true });
    this.closing.signal.addEventListener('abort', abort, { once: true });
    return {
      signal: ac.signal,
      dispose: () => {
        outer?.removeEventListener('abort', abort);
        this.closing.signal.removeEventListener('abort', abort);
      },
    };
  }

  private ensureIndex(): TraceIndex {
    if (this.index !== undefined) return this.index;
    if (this.closing.signal.aborted) throw new Error('the trace source is closed');
    const input = this.options.input;
    let path: string;
    let follow = this.options.follow === true;
    if (input.kind === 'stream') {
      if (!this.spooled()) throw new Error(`${this.label} is a stream: open the source with \`spool: true\` to list traces from it`);
      if (this.streamRead) throw new Error(`${this.label} was already read`);
      this.streamRead = true;
      const opts = typeof this.options.spool === 'object' ? this.options.spool : {};
      let batch = false;
      this.spool = new StreamSpool(input.stream, {
        onChunk: (chunk) => {
          this.builder!.push(chunk);
          // Watchers hear of what a burst of chunks brought once per event-loop turn.
          if (!batch) {
            batch = true;
            setImmediate(() => {
              batch = false;
              this.builder?.fedBatch();
            });
          }
        },
        onRotate: (p) => this.builder!.rotated(p),
        onEnd: (err) => {
          if (err) this.warn(`${this.label}: ${err.message}`);
          this.builder?.finish();
        },
        onDrop: (p) => this.dropPath(p),
      }, opts);
      path = this.spool.path;
      follow = true;
    } else {
      path = input.path;
    }
    const index = new TraceIndex({ maxBytes: this.options.maxIndexBytes });
    this.index = index;
    this.builder = new IndexBuilder({
      path, index, follow, fed: this.spool !== undefined, pollMs: this.options.pollMs,
      onWarning: (m) => this.warn(m),
      onProgress: () => this.notify([], []),
      onLive: (touched, lines) => this.onLive(touched, lines),
    });
    this.built = this.builder.run().catch((err: unknown) => { this.failure = err; });
    void this.spool?.run();
    return index;
  }

  /** Waits until the index has read something (or failed). */
  private async started(): Promise<void> {
    await Promise.race([this.builder!.progressed, this.builder!.loaded, this.built]);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits for the first read to end. */
  private async loaded(): Promise<void> {
    await Promise.race([this.builder!.loaded, this.built]);
    if (this.failure !== undefined) throw this.failure;
  }

  private matchCache(): MatchCache {
    this.matches ??= new MatchCache(this.index!, this.builder!.records, (m) => this.warn(m));
    this.updateKeepText();
    return this.matches;
  }

  private updateKeepText(): void {
    if (this.builder !== undefined) this.builder.keepText = this.listeners.size > 0 || (this.matches?.size ?? 0) > 0;
  }

  private onLive(touched: ReadonlySet<TraceEntry>, lines: readonly string[]): void {
    const events = parseLines(lines);
    this.matches?.observe(events);
    const held = [...touched].filter((t) => this.index!.get(t.id) === t);
    this.notify(events, held);
  }

  private notify(events: SourceUpdate['events'], traces: readonly TraceEntry[]): void {
    if (this.listeners.size === 0) return;
    const update: SourceUpdate = { events, traces: traces.map(summaryOf), state: this.state() };
    for (const l of [...this.listeners]) {
      try {
        l(update);
      } catch (err) {
        this.warn(`a trace source listener failed: ${(err as Error)?.message ?? String(err)}`);
      }
    }
  }

  private dropPath(path: string): void {
    const records = this.builder?.records ?? [];
    for (let i = 0; i < records.length; i++) {
      if (records[i]?.path === path) {
        records[i]!.path = undefined;
        this.index!.evictFile(i);
      }
    }
  }

  private warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
  }
}

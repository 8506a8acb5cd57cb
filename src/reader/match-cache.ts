/**
 * Which traces a filter matches (a trace matches when at least one of its events does), for the
 * file source's trace list. The index keeps no event fields beyond the summaries, so the first
 * query with given terms reads the indexed files once through the `muxi trace` reader (raw
 * prefilter, then the compiled filter); the set of matching trace ids is kept for the last few
 * filters and updated from the events that arrive while following.
 * @module
 */
import type { TraceEvent } from '../event.js';
import type { EventFilter } from './filter.js';
import { compileFilter } from './filter.js';
import type { FilterTerm } from './filter-terms.js';
import type { FileRecord } from './index-builder.js';
import type { ReadItem } from './processor.js';
import { LineProcessor } from './processor.js';
import { readFileInto } from './read.js';
import type { TraceIndex } from './trace-index.js';

/** Filters whose matches are kept. */
const KEEP = 4;

interface Entry {
  filter: EventFilter;
  ids: Set<string>;
  ready: Promise<void>;
}

/** See the module notes. */
export class MatchCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly index: TraceIndex, private readonly records: readonly FileRecord[],
    private readonly warn: (message: string) => void) {}

  /** Filters kept. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The ids of the held traces with at least one event matching every term.
   * @throws FilterError for terms that do not compile.
   */
  async match(terms: readonly FilterTerm[], now: number): Promise<ReadonlySet<string>> {
    const key = JSON.stringify(terms);
    let e = this.entries.get(key);
    if (e !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, e);
    } else {
      const filter = compileFilter(terms, { now });
      const ids = new Set<string>();
      e = { filter, ids, ready: this.scan(filter, ids) };
      this.entries.set(key, e);
      while (this.entries.size > KEEP) this.entries.delete(this.entries.keys().next().value!);
    }
    await e.ready;
    for (const id of e.ids) if (this.index.get(id) === undefined) e.ids.delete(id);
    return e.ids;
  }

  /** Adds new events' traces to the filters they match. */
  observe(events: readonly TraceEvent[]): void {
    for (const e of this.entries.values()) {
      for (const ev of events) if (e.filter(ev)) e.ids.add(ev.trace_id);
    }
  }

  private async scan(filter: EventFilter, ids: Set<string>): Promise<void> {
    const out: ReadItem[] = [];
    const proc = new LineProcessor(out, { filter });
    const drain = async (): Promise<void> => {
      for (const it of out) if (it.kind === 'event' && this.index.get(it.event.trace_id) !== undefined) ids.add(it.event.trace_id);
      out.length = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
    const n = this.records.length;
    for (let i = 0; i < n; i++) {
      const rec = this.records[i];
      if (rec?.pending !== undefined) await rec.pending;
      const path = rec?.path;
      if (path === undefined) continue;
      try {
        await readFileInto(path, proc, drain, { onWarning: this.warn });
      } catch (err) {
        this.warn((err as Error).message);
      }
      proc.end();
      await drain();
    }
  }
}

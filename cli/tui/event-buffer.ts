/**
 * The viewer's bounded event buffer. It holds at most `capacity` events; past that it evicts
 * whole traces, oldest first (by first appearance), down to 90% of capacity, so a trace is
 * either shown complete or not at all, and eviction runs once per many appends.
 * @module
 */
import type { TraceEvent } from '../../src/event.js';

/** What one eviction removed, and how old indices map to new ones. */
export interface Eviction {
  events: number;
  traces: number;
  /** New index of each old index, -1 for an evicted event. */
  remap: Int32Array;
}

/** A bounded buffer of events that evicts whole old traces. */
export class EventBuffer {
  /** Events in arrival order. Read-only for callers. */
  events: TraceEvent[] = [];
  /** Events dropped so far. */
  droppedEvents = 0;
  /** Traces dropped so far. */
  droppedTraces = 0;
  /** Events per trace, in order of each trace's first appearance. */
  private readonly perTrace = new Map<string, number>();

  /** @param capacity - most events kept (default 100,000; at least 1). */
  constructor(readonly capacity = 100_000) {
    if (!(capacity >= 1)) this.capacity = 1;
  }

  /** Number of distinct traces buffered. */
  get traces(): number {
    return this.perTrace.size;
  }

  /**
   * Appends events; evicts old traces when over capacity (never `keepTraceId`, the trace on
   * screen, unless nothing else is left to drop).
   * @returns the eviction that happened, if any.
   */
  append(batch: readonly TraceEvent[], keepTraceId?: string): Eviction | undefined {
    for (const e of batch) {
      this.events.push(e);
      this.perTrace.set(e.trace_id, (this.perTrace.get(e.trace_id) ?? 0) + 1);
    }
    return this.events.length > this.capacity ? this.evict(keepTraceId) : undefined;
  }

  /** The buffered events of one trace, in arrival order. */
  traceEvents(traceId: string): TraceEvent[] {
    const out: TraceEvent[] = [];
    if (!this.perTrace.has(traceId)) return out;
    for (const e of this.events) if (e.trace_id === traceId) out.push(e);
    return out;
  }

  private evict(keepTraceId: string | undefined): Eviction {
    const target = this.capacity - Math.floor(this.capacity / 10);
    const excess = this.events.length - target;
    const drop = new Set<string>();
    let removed = 0;
    for (const [id, n] of this.perTrace) {
      if (removed >= excess) break;
      if (id === keepTraceId) continue;
      drop.add(id);
      removed += n;
    }
    if (removed < excess && keepTraceId !== undefined && this.perTrace.has(keepTraceId)) {
      drop.add(keepTraceId);
    }
    const old = this.events;
    const remap = new Int32Array(old.length);
    const kept: TraceEvent[] = [];
    for (let i = 0; i < old.length; i++) {
      const e = old[i]!;
      if (drop.has(e.trace_id)) {
        remap[i] = -1;
      } else {
        remap[i] = kept.length;
        kept.push(e);
      }
    }
    this.events = kept;
    for (const id of drop) this.perTrace.delete(id);
    this.droppedEvents += old.length - kept.length;
    this.droppedTraces += drop.size;
    return { events: old.length - kept.length, traces: drop.size, remap };
  }
}

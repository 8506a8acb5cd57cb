/**
 * Events (and errors) per time bucket, for "events per second over time": the bucket width is
 * the smallest of a fixed ladder that covers the first to the last event in at most
 * {@link TIMELINE_MAX_BUCKETS} buckets, and buckets are aligned to multiples of the width since
 * the epoch. Each width divides the next, so a finer timeline coarsens exactly and the result
 * depends only on the events, not on their order (a database computes the same with
 * `intDiv(toUnixTimestamp64Milli(timestamp), width)`).
 * @module
 */

/** One bucket: its start (UTC ISO-8601) and the events and `ERROR` events in `[start, start + bucket_ms)`. */
export interface TimelineBucket {
  start: string;
  events: number;
  errors: number;
}

/** Events over time: every bucket from the first event's to the last event's, empty ones included. */
export interface Timeline {
  /** Bucket width in ms (one of {@link TIMELINE_WIDTHS_MS}). */
  bucket_ms: number;
  buckets: TimelineBucket[];
}

/** The bucket widths, in ms: 10 ms up to 28 days; each divides the next. */
export const TIMELINE_WIDTHS_MS: readonly number[] = [
  10, 50, 100, 500, 1000, 5000, 10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000,
  21_600_000, 43_200_000, 86_400_000, 604_800_000, 2_419_200_000,
];

/** Most buckets in a {@link Timeline}. */
export const TIMELINE_MAX_BUCKETS = 500;

/** The width {@link TimelineCounter} ends up with for events from `firstMs` to `lastMs`. */
export function timelineWidth(firstMs: number, lastMs: number): number {
  for (const w of TIMELINE_WIDTHS_MS) {
    if (Math.floor(lastMs / w) - Math.floor(firstMs / w) + 1 <= TIMELINE_MAX_BUCKETS) return w;
  }
  return TIMELINE_WIDTHS_MS[TIMELINE_WIDTHS_MS.length - 1]!;
}

/**
 * Counts events per bucket in bounded memory (at most {@link TIMELINE_MAX_BUCKETS} counters),
 * coarsening as the covered time grows. Events without a valid time are not counted.
 */
export class TimelineCounter {
  private level = 0;
  private width = TIMELINE_WIDTHS_MS[0]!;
  private events = new Map<number, number>();
  private errors = new Map<number, number>();
  private min = Infinity;
  private max = -Infinity;

  /** Counts one event at epoch ms `ms`. */
  add(ms: number, isError: boolean): void {
    if (!Number.isFinite(ms)) return;
    if (ms < this.min || ms > this.max) {
      if (ms < this.min) this.min = ms;
      if (ms > this.max) this.max = ms;
      this.fit();
    }
    const k = Math.floor(ms / this.width);
    this.events.set(k, (this.events.get(k) ?? 0) + 1);
    if (isError) this.errors.set(k, (this.errors.get(k) ?? 0) + 1);
  }

  /** The timeline so far. */
  result(): Timeline {
    if (this.min > this.max) return { bucket_ms: this.width, buckets: [] };
    const w = this.width;
    const buckets: TimelineBucket[] = [];
    for (let k = Math.floor(this.min / w), last = Math.floor(this.max / w); k <= last; k++) {
      buckets.push({ start: new Date(k * w).toISOString(), events: this.events.get(k) ?? 0, errors: this.errors.get(k) ?? 0 });
    }
    return { bucket_ms: w, buckets };
  }

  private fit(): void {
    let level = this.level;
    const widths = TIMELINE_WIDTHS_MS;
    while (level < widths.length - 1 && Math.floor(this.max / widths[level]!) - Math.floor(this.min / widths[level]!) + 1 > TIMELINE_MAX_BUCKETS) level++;
    if (level === this.level) return;
    const w = widths[level]!;
    const coarsen = (m: Map<number, number>): Map<number, number> => {
      const out = new Map<number, number>();
      for (const [k, n] of m) {
        const c = Math.floor((k * this.width) / w);
        out.set(c, (out.get(c) ?? 0) + n);
      }
      return out;
    };
    this.events = coarsen(this.events);
    this.errors = coarsen(this.errors);
    this.level = level;
    this.width = w;
  }
}

/**
 * Following a ClickHouse table (`muxi trace -f`, the dashboard's live rows): polling on
 * `timestamp`. Rows reach a table late and out of order (Vector batches for up to 5 s, a Buffer
 * table holds rows for up to 100 s), so each poll reads again every matching row from
 * `newest - window` on and delivers those it has not delivered yet. Rows are told apart by their
 * whole content; identical rows are counted (a multiset), so two equal events are both delivered
 * once each. Within the window nothing repeats and nothing is missed; a row arriving later than
 * the window (its `timestamp` older than the newest row seen minus the window) is missed.
 * @module
 */

/** Default late-arrival window, in ms. */
export const DEFAULT_LATE_WINDOW_MS = 30_000;

/** A row as read: its text (the row's JSON, its identity) and its time in epoch ms. */
export interface WindowRow {
  key: string;
  ms: number;
}

/**
 * The rows already delivered within the late-arrival window, and the newest time seen.
 * @example
 * ```ts
 * const w = new SeenWindow(30_000);
 * w.seed(rowsAlreadyThere);
 * const fresh = w.take(rowsFromPoll); // those not delivered before, in order
 * ```
 */
export class SeenWindow {
  /** Newest row time seen (-Infinity before any). */
  newest = -Infinity;
  private readonly counts = new Map<string, { ms: number; n: number }>();

  constructor(readonly windowMs: number) {}

  /** Lower bound of the next poll (epoch ms), or undefined to read everything (nothing seen yet). */
  get from(): number | undefined {
    return Number.isFinite(this.newest) ? this.newest - this.windowMs : undefined;
  }

  /** Notes rows as delivered (those already there when following starts). */
  seed(rows: readonly WindowRow[]): void {
    for (const r of rows) this.note(r);
    this.prune();
  }

  /** The rows of one poll not delivered before, in their order; notes them as delivered. */
  take<R extends WindowRow>(rows: readonly R[]): R[] {
    const inPoll = new Map<string, number>();
    const fresh: R[] = [];
    for (const r of rows) {
      const c = (inPoll.get(r.key) ?? 0) + 1;
      inPoll.set(r.key, c);
      if (c > (this.counts.get(r.key)?.n ?? 0)) {
        fresh.push(r);
        this.note(r);
      }
    }
    this.prune();
    return fresh;
  }

  /** Rows held (for tests and memory checks). */
  get size(): number {
    return this.counts.size;
  }

  private note(r: WindowRow): void {
    const c = this.counts.get(r.key);
    if (c === undefined) this.counts.set(r.key, { ms: r.ms, n: 1 });
    else c.n++;
    if (r.ms > this.newest) this.newest = r.ms;
  }

  private prune(): void {
    const from = this.newest - this.windowMs;
    for (const [k, c] of this.counts) if (c.ms < from) this.counts.delete(k);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

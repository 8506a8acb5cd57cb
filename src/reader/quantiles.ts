/**
 * Latency percentiles in bounded memory: exact for the first values, then a log-scale
 * histogram with about 1% relative error, so memory stays flat however large the input.
 * @module
 */

/** Percentile summary of one latency series, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Values kept exactly; past this many, percentiles come from the histogram. */
export const EXACT_LIMIT = 4096;
const BASE = Math.log(1.01);

/** The histogram bucket of a positive value: `round(log(v) / log(1.01))`. */
export function bucketKey(v: number): number {
  return Math.round(Math.log(v) / BASE);
}

/** The value a histogram percentile reports for bucket `k` (never above the largest value, `top`). */
export function bucketValue(k: number, top: number): number {
  return Math.min(top, Math.exp(k * BASE));
}

/**
 * Collects values and answers nearest-rank percentiles. Exact up to 4096 values; beyond,
 * each value falls in a bucket `1.01^k` wide (≤ 1% relative error), and `max` stays exact.
 * @example
 * ```ts
 * const q = new Quantiles(); for (const v of [1, 2, 3]) q.add(v); q.summary().p50; // 2
 * ```
 */
export class Quantiles {
  private exact: number[] | undefined = [];
  private buckets = new Map<number, number>();
  private zeros = 0;
  private n = 0;
  private sum = 0;
  private top = -Infinity;

  /** Adds one value (negative and non-finite values are ignored). */
  add(v: number): void {
    if (!Number.isFinite(v) || v < 0) return;
    this.n++;
    this.sum += v;
    if (v > this.top) this.top = v;
    if (this.exact !== undefined) {
      this.exact.push(v);
      if (this.exact.length > EXACT_LIMIT) {
        for (const x of this.exact) this.bucket(x);
        this.exact = undefined;
      }
      return;
    }
    this.bucket(v);
  }

  /** Number of values. */
  get count(): number {
    return this.n;
  }

  /** The nearest-rank percentile `p` (0..100), or 0 when empty. */
  percentile(p: number): number {
    if (this.n === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.n));
    if (this.exact !== undefined) {
      const sorted = [...this.exact].sort((a, b) => a - b);
      return sorted[rank - 1]!;
    }
    let seen = this.zeros;
    if (seen >= rank) return 0;
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      seen += this.buckets.get(k)!;
      if (seen >= rank) return bucketValue(k, this.top);
    }
    return this.top;
  }

  /** p50, p90, p99, max and mean. */
  summary(): LatencySummary {
    const r = (x: number): number => Math.round(x * 1000) / 1000;
    return {
      count: this.n,
      p50: r(this.percentile(50)),
      p90: r(this.percentile(90)),
      p99: r(this.percentile(99)),
      max: this.n === 0 ? 0 : r(this.top),
      mean: this.n === 0 ? 0 : r(this.sum / this.n),
    };
  }

  private bucket(v: number): void {
    if (v <= 0) {
      this.zeros++;
      return;
    }
    const k = bucketKey(v);
    this.buckets.set(k, (this.buckets.get(k) ?? 0) + 1);
  }
}

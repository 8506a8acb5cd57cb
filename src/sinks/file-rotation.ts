/**
 * Background work after a rotation: gzip the rotated file (`X` → `X.gz.tmp` → `X.gz`, then
 * `X` removed, so a reader never sees a partial `.gz`), then keep at most `maxFiles` rotated
 * files. Jobs run one at a time, off the writer's path; failures are reported once and counted.
 * Also the interval arithmetic of `TRACING_FILE_INTERVAL`.
 * @module
 */
import { createReadStream, createWriteStream, existsSync, unlinkSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { outsideTraces } from '../context.js';
import { createGzip } from 'node:zlib';
import { parseInterval } from '../config.js';
import { reportFailure } from '../errors.js';
import { dedupeRotated, listRotated } from './rotated-names.js';

/** Files being compressed in this process (shared by every file sink, so two never race). */
const compressing = new Set<string>();

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Compresses `src` to `src.gz` atomically, then removes `src`. A vanished `src` (pruned) is not an error. */
async function gzipRotated(src: string): Promise<void> {
  if (compressing.has(src)) return;
  compressing.add(src);
  const tmp = `${src}.gz.tmp`;
  try {
    await pipeline(createReadStream(src), createGzip(), createWriteStream(tmp, { mode: 0o640 }));
    await rename(tmp, `${src}.gz`);
    await unlink(src);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    if (!isMissing(err)) reportFailure('file sink compression failed', err);
  } finally {
    compressing.delete(src);
  }
}

/** Removes the oldest rotated siblings of `livePath` beyond `maxFiles` (an `X`/`X.gz` pair counts once). */
async function pruneRotated(livePath: string, maxFiles: number): Promise<void> {
  const all = listRotated(livePath);
  const kept = dedupeRotated(all);
  if (kept.length <= maxFiles) return;
  const doomed = new Set(kept.slice(0, kept.length - maxFiles).map((f) => `${f.stamp}.${f.seq}`));
  for (const f of all) {
    if (!doomed.has(`${f.stamp}.${f.seq}`)) continue;
    try {
      await unlink(f.path);
    } catch (err) {
      if (!isMissing(err)) reportFailure('file sink pruning failed', err);
    }
  }
}

/**
 * The same pruning, synchronously, at the rotation itself: files beyond `maxFiles` go at once,
 * compressed or not, so the disk holds at most `maxFiles` rotated files (plus the one being
 * compressed) even when the app writes faster than gzip compresses.
 */
function pruneRotatedNow(livePath: string, maxFiles: number): void {
  const all = listRotated(livePath);
  const kept = dedupeRotated(all);
  if (kept.length <= maxFiles) return;
  const doomed = new Set(kept.slice(0, kept.length - maxFiles).map((f) => `${f.stamp}.${f.seq}`));
  for (const f of all) {
    if (!doomed.has(`${f.stamp}.${f.seq}`)) continue;
    try {
      unlinkSync(f.path);
    } catch (err) {
      if (!isMissing(err)) reportFailure('file sink pruning failed', err);
    }
  }
}

/** A serial queue of rotation jobs for one live file. */
export class RotationJobs {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly livePath: string, private readonly maxFiles: number, private readonly gzip: boolean) {}

  private enqueue(job: () => Promise<void>): void {
    // Outside the trace of the event that caused the rotation: the job's promises would keep
    // that trace's context alive (for as long as a loop that never yields delays them).
    this.chain = outsideTraces(() => this.chain.then(job).catch((err: unknown) => reportFailure('file sink rotation job failed', err)));
  }

  /** After a rotation: prune at once, then compress `rotatedPath` (when gzip and still kept) and prune again. */
  rotated(rotatedPath: string): void {
    pruneRotatedNow(this.livePath, this.maxFiles);
    this.enqueue(async () => {
      if (this.gzip && existsSync(rotatedPath)) await gzipRotated(rotatedPath);
      await pruneRotated(this.livePath, this.maxFiles);
    });
  }

  /**
   * At startup: finishes what an earlier process left (stale `.gz.tmp`, uncompressed rotated
   * files when gzip is on; an `X` whose `X.gz` exists is removed), then prunes.
   */
  recover(): void {
    this.enqueue(async () => {
      const files = listRotated(this.livePath);
      const gzipped = new Set(files.filter((f) => f.gz).map((f) => f.path.slice(0, -3)));
      for (const f of files) {
        if (f.gz || compressing.has(f.path)) continue;
        await unlink(`${f.path}.gz.tmp`).catch(() => {});
        if (gzipped.has(f.path)) await unlink(f.path).catch(() => {});
        else if (this.gzip) await gzipRotated(f.path);
      }
      await pruneRotated(this.livePath, this.maxFiles);
    });
  }

  /** Resolves when every queued job has finished. */
  idle(): Promise<void> {
    return this.chain;
  }
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The next rotation time after `now` for an interval like `1d`, `12h`, `30m`, `10s` or `1M`
 * (months). Boundaries are aligned in UTC: `1d` rotates at UTC midnight, `1h` on the hour,
 * `1M` on the first of the month.
 */
export function nextBoundary(interval: string, now: number): number {
  const iv = parseInterval(interval);
  if (!iv) throw new RangeError(`bad interval ${interval}`);
  const n = iv.n;
  if (iv.unit === 'M') {
    const d = new Date(now);
    const months = d.getUTCFullYear() * 12 + d.getUTCMonth();
    const next = (Math.floor(months / n) + 1) * n;
    return Date.UTC(Math.floor(next / 12), next % 12, 1);
  }
  const step = n * UNIT_MS[iv.unit]!;
  return (Math.floor(now / step) + 1) * step;
}

/**
 * `muxi trace stats`: statistics of the matching events, as text tables or JSON, with a
 * progress line on stderr for large inputs when stderr is a terminal.
 * @module
 */
import { readTrace } from '../src/reader/read.js';
import { StatsCollector } from '../src/reader/stats.js';
import { formatStats } from '../src/reader/stats-format.js';
import type { CliIo } from './io.js';
import type { TraceCliOptions } from './options.js';
import { readOptionsFor } from './options.js';
import { reportSkipped } from './trace.js';

/** Inputs at least this large show progress (when stderr is a terminal). */
export const PROGRESS_MIN_BYTES = 64 * 1024 * 1024;

/** Runs `muxi trace stats` and resolves with the exit status. */
export async function runStats(o: TraceCliOptions, io: CliIo): Promise<number> {
  const stats = new StatsCollector();
  const opts = readOptionsFor({ ...o, follow: false }, io.signal, io.stdin);
  const progress = io.stderr.isTTY === true ? progressLine(io.stderr, PROGRESS_MIN_BYTES) : undefined;
  if (progress) opts.onProgress = progress.update;
  const summary = await readTrace(opts, (items) => {
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if (it.kind === 'event') stats.add(it.event);
    }
  });
  progress?.clear();
  const s = stats.result();
  io.stdout.write(o.json ? JSON.stringify(s, null, 2) + '\n' : formatStats(s));
  reportSkipped(summary.skipped, o, io);
  return 0;
}

/**
 * A progress line on `stderr` (`\r`-rewritten at most every 200 ms) for inputs of at least
 * `minBytes`; `clear()` erases it.
 */
export function progressLine(stderr: NodeJS.WritableStream, minBytes: number): { update: (done: number, total: number) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  const mb = (n: number): string => (n / 1048576).toFixed(0);
  return {
    update(done, total) {
      if (total < minBytes) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      stderr.write(`\rmuxi trace stats: ${mb(done)} / ${mb(total)} MB (${Math.floor((done / total) * 100)}%)`);
    },
    clear() {
      if (shown) stderr.write('\r\u001b[K');
    },
  };
}

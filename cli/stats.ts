/**
 * `muxi trace stats`: statistics of the matching events, as text tables or JSON, with a
 * progress line on stderr for large inputs when stderr is a terminal.
 * @module
 */
import { termsFromFlags } from '../src/reader/filter-options.js';
import { formatStats } from '../src/reader/stats-format.js';
import type { CliIo } from './io.js';
import { openSource } from './open-source.js';
import type { TraceCliOptions } from './options.js';
import { reportSkipped } from './trace.js';

/** Inputs at least this large show progress (when stderr is a terminal). */
export const PROGRESS_MIN_BYTES = 64 * 1024 * 1024;

/** Runs `muxi trace stats` (the source's statistics) and resolves with the exit status. */
export async function runStats(o: TraceCliOptions, io: CliIo): Promise<number> {
  const progress = io.stderr.isTTY === true ? progressLine(io.stderr, PROGRESS_MIN_BYTES) : undefined;
  const source = openSource({ input: o.input, pollMs: o.pollMs }, io);
  try {
    const report = await source.stats({ terms: termsFromFlags(o.filters), signal: io.signal, onProgress: progress?.update });
    progress?.clear();
    const s = report.stats;
    io.stdout.write(o.json ? JSON.stringify(s, null, 2) + '\n' : formatStats(s));
    reportSkipped(report.skipped, o, io);
    return 0;
  } finally {
    await source.close();
  }
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

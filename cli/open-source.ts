/**
 * Which trace source a command reads. Every reading command (`muxi trace`, `muxi trace stats`,
 * `--tui`, `--web`) gets its source here and reads only through the `TraceSource` interface.
 * That is the file source (`--file`, piped standard input, `TRACING_FILE`), or the ClickHouse
 * source for `--clickhouse URL` (or `TRACING_CLICKHOUSE_URL`).
 * @module
 */
import { parseSize } from '../src/config.js';
import { TracingConfigError } from '../src/errors.js';
import { openClickHouseSource } from '../src/reader/clickhouse-source.js';
import { openFileSource } from '../src/reader/file-source.js';
import { parseDuration } from '../src/reader/time.js';
import type { TraceSource } from '../src/reader/source.js';
import type { CliIo } from './io.js';
import type { TraceInput } from './options.js';

/** The environment variable of the index's memory budget. */
export const INDEX_MEMORY_ENV = 'TRACING_INDEX_MAX_MEMORY';

/** The environment variable of the ClickHouse source's late-arrival window while following (a duration such as `30s`). */
export const LATE_WINDOW_ENV = 'TRACING_CLICKHOUSE_LATE_WINDOW';

/** Smallest index budget accepted. */
const MIN_INDEX_BYTES = 16 * 1024 * 1024;

/** What a command needs from its source. */
export interface SourceRequest {
  /** The input (see `resolveInput`). */
  input: TraceInput;
  /** Keep the index up to date as the input grows (the dashboard; default false). */
  follow?: boolean;
  /** Start indexing at once (default false: the first list or trace query starts it). */
  index?: boolean;
  /** Copy standard input to a private spool so it can be indexed (the dashboard; default false). */
  spool?: boolean;
  /** Poll interval while following, in ms (default 250). */
  pollMs?: number;
}

/**
 * Opens the source for a command.
 * @throws TracingConfigError for a bad `TRACING_INDEX_MAX_MEMORY` or `TRACING_CLICKHOUSE_LATE_WINDOW`.
 * @example
 * ```ts
 * const source = openSource({ input: { kind: 'file', path: 'traces/app.jsonl' } }, processIo());
 * try { await source.events({ terms }, onBatch); } finally { await source.close(); }
 * ```
 */
export function openSource(req: SourceRequest, io: Pick<CliIo, 'stdin' | 'env'>): TraceSource {
  const input = req.input;
  if (input.kind === 'clickhouse') {
    return openClickHouseSource({
      url: input.url, user: input.user, password: input.password, database: input.database, table: input.table,
      pollMs: req.pollMs, lateWindowMs: lateWindow(io.env),
    });
  }
  return openFileSource({
    input: input.kind === 'file' ? { kind: 'file', path: input.path } : { kind: 'stream', stream: io.stdin, name: '<stdin>' },
    follow: req.follow, index: req.index, spool: req.spool, pollMs: req.pollMs, maxIndexBytes: indexBudget(io.env),
  });
}

/** The index's memory budget from `TRACING_INDEX_MAX_MEMORY` (like `256M`), or undefined for the default. */
export function indexBudget(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[INDEX_MEMORY_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = parseSize(raw);
  if (n === undefined || n < MIN_INDEX_BYTES) throw new TracingConfigError(INDEX_MEMORY_ENV, raw, 'a size of at least 16M, such as 256M or 1G');
  return n;
}

/** The late-arrival window from `TRACING_CLICKHOUSE_LATE_WINDOW` (like `30s`, `2m`), or undefined for the default (30 s). */
export function lateWindow(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[LATE_WINDOW_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  const ms = parseDuration(raw);
  if (ms === undefined || ms > 86_400_000) throw new TracingConfigError(LATE_WINDOW_ENV, raw, 'a duration up to 1d, such as 30s, 2m or 0s');
  return ms;
}

/**
 * The options of `muxi trace` as one object, shared by the plain printer, `stats` and the
 * Ink viewer (`cli/tui`); `open-source.ts` turns the input into a trace source.
 * @module
 */
import { fstatSync } from 'node:fs';
import type { FilterFlags } from '../src/reader/filter-options.js';

/** Where `muxi trace` reads: a file (with rotated siblings), standard input, or a ClickHouse table. */
export type TraceInput = { kind: 'file'; path: string } | { kind: 'stdin' } | ClickHouseInput;

/** A ClickHouse table (`--clickhouse URL` or `TRACING_CLICKHOUSE_URL`, with the `--ch-*` flags). */
export interface ClickHouseInput {
  kind: 'clickhouse';
  url: string;
  user?: string;
  password?: string;
  database?: string;
  table?: string;
}

/** Whether the input keeps growing and can be followed (`-f`): a file or a table. */
export function canFollow(input: TraceInput): boolean {
  return input.kind === 'file' || input.kind === 'clickhouse';
}

/** Everything `muxi trace [stats]` was asked to do; the viewer receives the same object. */
export interface TraceCliOptions {
  /** `trace` prints events, `stats` prints statistics. */
  command: 'trace' | 'stats';
  /** The input (see {@link resolveInput}). */
  input: TraceInput;
  /** Filters from flags and filter text (all combine). */
  filters: FilterFlags;
  /** `-f/--follow`: keep reading the live file (default false). */
  follow: boolean;
  /** `-n/--lines`: with follow, matching events shown first (default 10). */
  lines: number | 'all';
  /** `--json`: print matching lines unchanged (default false). */
  json: boolean;
  /** `--all`: pass non-event lines through (default false). */
  all: boolean;
  /** `--tui`: open the interactive viewer (default false). */
  tui: boolean;
  /** `--format`: a text template or `json` (default `TRACING_FORMAT`, else the PRD template). */
  format: string | undefined;
  /** Poll interval while following, in ms (`--poll-ms`, default 250). */
  pollMs: number;
  /** `--web`: serve the dashboard (with `--port`, `--host`, `--token`, `--open`). */
  web?: WebOptions;
}

/** The dashboard's options (`muxi trace --web`). */
export interface WebOptions {
  /** Port (`--port`, default 7318; 0 picks a free one). */
  port: number;
  /** Address to bind (`--host`, default `127.0.0.1`). */
  host: string;
  /** Access token (`--token`); generated when the host is not a loopback address and none is given. */
  token: string | undefined;
  /** Open the page in a browser (`--open`). */
  open: boolean;
}

/**
 * Chooses the input: `--file PATH`, else standard input when it is piped or redirected,
 * else `TRACING_FILE`; undefined when there is none.
 */
export function resolveInput(file: string | undefined, env: NodeJS.ProcessEnv = process.env,
  stdinPiped: () => boolean = isStdinPiped): TraceInput | undefined {
  if (file !== undefined) return { kind: 'file', path: file };
  if (stdinPiped()) return { kind: 'stdin' };
  const f = env['TRACING_FILE'];
  return f !== undefined && f.trim() !== '' ? { kind: 'file', path: f.trim() } : undefined;
}

/** Whether fd 0 is a pipe, a socket or a redirected file (not a terminal, not /dev/null). */
export function isStdinPiped(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}

/** "skipped 1 line that is not a trace event" / "skipped 3 lines that are not trace events". */
export function skippedNote(skipped: number): string {
  const n = skipped.toLocaleString('en-US');
  return skipped === 1 ? 'skipped 1 line that is not a trace event' : `skipped ${n} lines that are not trace events`;
}

/**
 * Command-line parsing for `muxi`: flags are the contract's (see `--help`), unknown flags are
 * usage errors. Pure: no I/O besides the injected stdin check.
 * @module
 */
import { parseArgs } from 'node:util';
import { compileFilter } from '../src/reader/filter.js';
import { termsFromFlags } from '../src/reader/filter-options.js';
import { MAIN_HELP, STATS_HELP, TRACE_HELP } from './help.js';
import type { ClickHouseInput, TraceCliOptions, TraceInput, WebOptions } from './options.js';
import { isStdinPiped, resolveInput } from './options.js';

/** A command line that cannot be run; the bin prints it and exits with status 2. */
export class UsageError extends Error {
  constructor(message: string, readonly help: string = 'muxi trace --help') {
    super(message);
    this.name = 'UsageError';
  }
}

/** What the command line asks for. */
export type CliRequest = { kind: 'help'; text: string } | { kind: 'run'; options: TraceCliOptions };

const OPTIONS = {
  file: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  lines: { type: 'string', short: 'n' },
  component: { type: 'string' },
  operation: { type: 'string' },
  'trace-id': { type: 'string' },
  user: { type: 'string' },
  agent: { type: 'string' },
  level: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  grep: { type: 'string' },
  filter: { type: 'string' },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  tui: { type: 'boolean' },
  web: { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string' },
  open: { type: 'boolean' },
  format: { type: 'string' },
  'poll-ms': { type: 'string' },
  clickhouse: { type: 'string' },
  'ch-user': { type: 'string' },
  'ch-password': { type: 'string' },
  'ch-database': { type: 'string' },
  'ch-table': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Parses `argv` (without `node` and the script).
 * @throws UsageError for an unknown command or flag, a missing value, a bad number or filter.
 * @example
 * ```ts
 * parseCli(['trace', '--file', 'app.jsonl', '--component', 'agent']);
 * // { kind: 'run', options: { command: 'trace', input: { kind: 'file', path: 'app.jsonl' }, ... } }
 * ```
 */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env,
  stdinPiped: () => boolean = isStdinPiped): CliRequest {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(cleanParseError((err as Error).message));
  }
  const { values: v, positionals } = parsed;
  const words = [...positionals];
  const cmd = words.shift();
  if (cmd === undefined) {
    if (v.help) return { kind: 'help', text: MAIN_HELP };
    throw new UsageError("missing command (try 'muxi trace')", 'muxi --help');
  }
  if (cmd !== 'trace') throw new UsageError(`unknown command '${cmd}' (commands: trace, trace stats)`, 'muxi --help');
  let command: 'trace' | 'stats' = 'trace';
  if (words[0] === 'stats') {
    command = 'stats';
    words.shift();
  }
  if (v.help) return { kind: 'help', text: command === 'stats' ? STATS_HELP : TRACE_HELP };
  if (command === 'stats' && (v.follow || v.tui || v.web)) throw new UsageError(`--${v.follow ? 'follow' : v.tui ? 'tui' : 'web'} does not apply to 'muxi trace stats'`);
  if (v.tui && v.web) throw new UsageError('--tui and --web: choose one');
  if (!v.web) {
    for (const k of ['port', 'host', 'token', 'open'] as const) if (v[k] !== undefined) throw new UsageError(`--${k} goes with --web`);
  }
  const web = v.web ? webOptions(v.port, v.host, v.token, v.open === true) : undefined;
  const lines = parseLines(v.lines);
  const input = chooseInput(v, env, stdinPiped);
  // A database is polled less often than a file by default (each poll reads the late-arrival window again).
  const pollMs = v['poll-ms'] === undefined ? (input?.kind === 'clickhouse' ? 1000 : 250) : Number(v['poll-ms']);
  if (!Number.isInteger(pollMs) || pollMs < 10 || pollMs > 60_000) throw new UsageError(`--poll-ms '${v['poll-ms']}' must be a whole number of milliseconds from 10 to 60000`);
  const filterText = [v.filter, ...words].filter((s): s is string => s !== undefined && s !== '').join(' ');
  const filters = {
    component: v.component, operation: v.operation, traceId: v['trace-id'], user: v.user, agent: v.agent,
    level: v.level, since: v.since, until: v.until, grep: v.grep, filter: filterText === '' ? undefined : filterText,
  };
  for (const k of Object.keys(filters) as Array<keyof typeof filters>) if (filters[k] === undefined) delete filters[k];
  try {
    compileFilter(termsFromFlags(filters));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (input === undefined) throw new UsageError('no input: give --file PATH, pipe events on standard input, set TRACING_FILE, or give --clickhouse URL');
  if (v.file !== undefined && v.file.trim() === '') throw new UsageError('--file needs a path');
  return {
    kind: 'run',
    options: {
      command, input, filters, follow: v.follow === true, lines, json: v.json === true, all: v.all === true,
      tui: v.tui === true, format: v.format, pollMs, ...(web ? { web } : {}),
    },
  };
}

/** The ClickHouse flags and their environment variables. */
export const CLICKHOUSE_URL_ENV = 'TRACING_CLICKHOUSE_URL';
export const CLICKHOUSE_PASSWORD_ENV = 'TRACING_CLICKHOUSE_PASSWORD';

type ChFlags = { file?: string; clickhouse?: string; 'ch-user'?: string; 'ch-password'?: string; 'ch-database'?: string; 'ch-table'?: string };

/**
 * The input, first that applies: `--clickhouse URL`, `--file PATH`, piped standard input,
 * `TRACING_CLICKHOUSE_URL`, `TRACING_FILE`. The `--ch-*` flags go with a ClickHouse input only.
 */
function chooseInput(v: ChFlags, env: NodeJS.ProcessEnv, stdinPiped: () => boolean): TraceInput | undefined {
  if (v.clickhouse !== undefined && v.file !== undefined) throw new UsageError('--file and --clickhouse: choose one input');
  if (v.clickhouse !== undefined && v.clickhouse.trim() === '') throw new UsageError('--clickhouse needs a URL, like http://localhost:8123');
  const envUrl = env[CLICKHOUSE_URL_ENV]?.trim();
  let url = v.clickhouse?.trim();
  if (url === undefined && v.file === undefined && envUrl !== undefined && envUrl !== '' && !stdinPiped()) url = envUrl;
  if (url === undefined) {
    for (const k of ['ch-user', 'ch-password', 'ch-database', 'ch-table'] as const) {
      if (v[k] !== undefined) throw new UsageError(`--${k} goes with --clickhouse URL (or ${CLICKHOUSE_URL_ENV})`);
    }
    return resolveInput(v.file, env, stdinPiped);
  }
  const input: ClickHouseInput = { kind: 'clickhouse', url };
  const names: Array<[keyof ChFlags, 'user' | 'password' | 'database' | 'table']> = [['ch-user', 'user'], ['ch-password', 'password'], ['ch-database', 'database'], ['ch-table', 'table']];
  for (const [flag, key] of names) {
    const value = v[flag];
    if (value === undefined) continue;
    if ((key === 'database' || key === 'table') && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) throw new UsageError(`--${flag} '${value}' must be a plain name (letters, digits and _)`);
    if (key === 'user' && !/^[A-Za-z0-9_.@-]+$/.test(value)) throw new UsageError(`--${flag} '${value}' must be a user name (letters, digits and _ . @ -)`);
    input[key] = value;
  }
  const envPassword = env[CLICKHOUSE_PASSWORD_ENV];
  if (input.password === undefined && envPassword !== undefined && envPassword !== '') input.password = envPassword;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new UsageError(`--clickhouse '${url.replace(/\/\/[^@/]*@/, '//***@')}' must be an http:// or https:// URL (ClickHouse's HTTP interface, like http://localhost:8123)`);
  }
  return input;
}

/** The dashboard's address: host (default 127.0.0.1), port (default 7318, 0 picks one), token rules. */
function webOptions(portArg: string | undefined, hostArg: string | undefined, token: string | undefined, open: boolean): WebOptions {
  const port = portArg === undefined ? 7318 : Number(portArg);
  if (!/^\d+$/.test(portArg ?? '0') || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port '${portArg}' must be a port number from 0 to 65535 (0 picks a free one)`);
  }
  const host = hostArg === undefined ? '127.0.0.1' : hostArg.trim();
  if (host === '' || /[\s/?#@]/.test(host)) throw new UsageError(`--host '${hostArg}' must be a host name or an IP address`);
  if (token !== undefined && !/^[A-Za-z0-9._~-]{16,256}$/.test(token)) {
    throw new UsageError('--token must be 16 to 256 characters of letters, digits and . _ ~ -');
  }
  return { port, host, token, open };
}

function parseLines(s: string | undefined): number | 'all' {
  if (s === undefined) return 10;
  if (s.toLowerCase() === 'all') return 'all';
  if (!/^\d+$/.test(s)) throw new UsageError(`-n/--lines '${s}' must be a number or 'all'`);
  return Number(s);
}

function cleanParseError(msg: string): string {
  const unknown = /Unknown option '([^']+)'/.exec(msg);
  if (unknown) return `unknown option '${unknown[1]}'`;
  const missing = /Option '([^']+)' argument missing/.exec(msg);
  if (missing) return `option '${missing[1]!.replace(/ <value>$/, '')}' needs a value`;
  return msg.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
}

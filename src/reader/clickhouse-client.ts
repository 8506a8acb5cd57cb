/**
 * The connection of the ClickHouse source: the official client (`@clickhouse/client`, an
 * optional peer dependency loaded here, on first use, with a dynamic import), where to connect
 * (URL, user, password, database, table), the errors users meet as one clear line each
 * ({@link ClickHouseSourceError}), and the check that the table has every column we read.
 * @module
 */
import type * as ClickHouseModule from '@clickhouse/client';
import type { ClickHouseClient } from '@clickhouse/client';
import { FilterError } from './filter-terms.js';

/** Where the ClickHouse source reads. */
export interface ClickHouseConnection {
  /** The server's HTTP interface, e.g. `http://localhost:8123`; user, password and database may be in it (`http://user:pass@host:8123/db`). */
  url: string;
  /** User (default: from the URL, else `default`). */
  user?: string;
  /** Password (default: from the URL, else empty). */
  password?: string;
  /** Database (default: from the URL path or `?database=`, else the user's default database). */
  database?: string;
  /** Table (default `muxi_traces`). */
  table?: string;
  /** Time limit of one request, in ms (default 60 000). */
  requestTimeoutMs?: number;
}

/** A failure the user can act on (unreachable server, login refused, no table, old schema, missing client); its message is one line. */
export class ClickHouseSourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClickHouseSourceError';
  }
}

/** The default table (`samples/cloud/schema.sql`). */
export const DEFAULT_TABLE = 'muxi_traces';

/**
 * The columns the source reads, each with the `samples/cloud/migrations/` file that adds it to
 * a table made from an older schema (undefined: the PRD §9.3 table already had it).
 */
export const REQUIRED_COLUMNS: Readonly<Record<string, string | undefined>> = {
  timestamp: undefined, trace_id: undefined, component: undefined, operation: undefined, message: undefined,
  user_id: undefined, agent_id: undefined, data: undefined,
  level: '001-contract-fields.sql', span_id: '001-contract-fields.sql', parent_span_id: '001-contract-fields.sql',
  duration_ms: '001-contract-fields.sql', error: '001-contract-fields.sql',
  error_type: '001-contract-fields.sql', error_message: '001-contract-fields.sql',
};

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The resolved connection: credentials from the options, else from the URL. */
export interface ResolvedConnection {
  /** The URL without credentials, path or query (`http://host:8123`). */
  origin: string;
  user: string;
  password: string;
  /** Undefined: the user's default database. */
  database: string | undefined;
  table: string;
  /** `clickhouse://host:8123/db.table`, for titles and messages (never the password). */
  label: string;
}

/**
 * Resolves the URL and options.
 * @throws ClickHouseSourceError for a URL that is not http(s), or a database or table name that is not an identifier.
 */
export function resolveConnection(c: ClickHouseConnection): ResolvedConnection {
  let u: URL;
  try {
    u = new URL(c.url);
  } catch {
    throw new ClickHouseSourceError(`--clickhouse '${c.url}' is not a URL (like http://localhost:8123 or https://user:password@host:8443/database)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new ClickHouseSourceError(`--clickhouse '${u.protocol}//${u.host}' must be an http:// or https:// URL (ClickHouse's HTTP interface, port 8123 or 8443)`);
  }
  const fromPath = decodeURIComponent(u.pathname.replace(/^\/+|\/+$/g, ''));
  const database = c.database ?? (fromPath !== '' ? fromPath : u.searchParams.get('database') ?? undefined);
  const table = c.table ?? DEFAULT_TABLE;
  if (database !== undefined && !IDENT.test(database)) throw new ClickHouseSourceError(`database '${database}' is not a plain name (letters, digits and _)`);
  if (!IDENT.test(table)) throw new ClickHouseSourceError(`--ch-table '${table}' is not a plain name (letters, digits and _)`);
  const user = c.user ?? (u.username !== '' ? decodeURIComponent(u.username) : 'default');
  const password = c.password ?? decodeURIComponent(u.password);
  const origin = `${u.protocol}//${u.host}`;
  return { origin, user, password, database, table, label: `clickhouse://${u.host}/${database === undefined ? '' : database + '.'}${table}` };
}

/** Loads the official client, or says to install it. */
export async function loadClient(): Promise<typeof ClickHouseModule> {
  try {
    return await import('@clickhouse/client');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new ClickHouseSourceError('--clickhouse needs the ClickHouse client: install @clickhouse/client (npm install @clickhouse/client)', { cause: err });
    }
    throw err;
  }
}

/** Opens a client on `r` (no request is made yet). */
export async function createClient(r: ResolvedConnection, requestTimeoutMs = 60_000): Promise<ClickHouseClient> {
  const mod = await loadClient();
  return mod.createClient({
    url: r.origin, username: r.user, password: r.password, ...(r.database !== undefined ? { database: r.database } : {}),
    request_timeout: requestTimeoutMs, application: 'muxi-tracing',
    compression: { request: false, response: false },
    // Failures reach the user once, as one line (explainError); the client's own log stays quiet.
    log: { level: mod.ClickHouseLogLevel.OFF },
  });
}

/**
 * The one-line message of a failed request: unreachable, login refused, table or database
 * missing; anything else keeps ClickHouse's own message (first line).
 */
export function explainError(err: unknown, r: ResolvedConnection): Error {
  if (err instanceof ClickHouseSourceError || err instanceof FilterError) return err;
  const e = err as { code?: unknown; type?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const type = typeof e.type === 'string' ? e.type : undefined;
  const message = String(e.message ?? err).split('\n')[0]!.replace(/\s+$/, '');
  const net = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE']);
  if ((code !== undefined && net.has(code)) || /timeout/i.test(message) && type === undefined) {
    return new ClickHouseSourceError(`cannot reach ClickHouse at ${r.origin} (${code ?? message})`, { cause: err });
  }
  if (code === '516' || code === '192' || code === '194' || type === 'AUTHENTICATION_FAILED' || type === 'REQUIRED_PASSWORD' || type === 'UNKNOWN_USER') {
    return new ClickHouseSourceError(`ClickHouse at ${r.origin} refused user '${r.user}': authentication failed (check --ch-user and --ch-password or TRACING_CLICKHOUSE_PASSWORD)`, { cause: err });
  }
  if (code === '81' || type === 'UNKNOWN_DATABASE') {
    return new ClickHouseSourceError(`ClickHouse at ${r.origin} has no database '${r.database ?? ''}' (give it with --ch-database or in the URL)`, { cause: err });
  }
  if (code === '60' || type === 'UNKNOWN_TABLE') return missingTable(r, err);
  if (code === '427' || type === 'CANNOT_COMPILE_REGEXP') {
    const why = /cannot compile re2: .*?, error: ([^.]*)/.exec(message)?.[1] ?? message;
    return new FilterError(`ClickHouse cannot run this regular expression (RE2 has no lookaround or back-references): ${why}`);
  }
  return new ClickHouseSourceError(`ClickHouse at ${r.origin}: ${message}`, { cause: err });
}

function missingTable(r: ResolvedConnection, cause?: unknown): ClickHouseSourceError {
  const where = r.database === undefined ? 'the default database' : `database '${r.database}'`;
  return new ClickHouseSourceError(`ClickHouse at ${r.origin} has no table '${r.table}' in ${where} (load samples/cloud/schema.sql there, or name the table with --ch-table)`, { cause });
}

/**
 * Checks that the table exists and has every column the source reads.
 * @throws ClickHouseSourceError naming the missing table, or the first missing column and the migration that adds it.
 */
export async function checkSchema(client: ClickHouseClient, r: ResolvedConnection): Promise<void> {
  let names: string[];
  try {
    const rs = await client.query({
      query: 'SELECT name FROM system.columns WHERE database = currentDatabase() AND table = {t:String}',
      query_params: { t: r.table }, format: 'JSONEachRow',
    });
    names = (await rs.json<{ name: string }>()).map((x) => x.name);
  } catch (err) {
    throw explainError(err, r);
  }
  if (names.length === 0) throw missingTable(r);
  const have = new Set(names);
  for (const [col, migration] of Object.entries(REQUIRED_COLUMNS)) {
    if (have.has(col)) continue;
    const fix = migration === undefined ? 'recreate it from samples/cloud/schema.sql' : `apply samples/cloud/migrations/${migration}`;
    throw new ClickHouseSourceError(`ClickHouse table '${r.table}' has no column '${col}': its schema is older than this muxi-tracing (${fix})`);
  }
}

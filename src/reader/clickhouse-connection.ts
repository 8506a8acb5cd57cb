/**
 * Where the ClickHouse source reads (URL, user, password, database, table), its errors
 * ({@link ClickHouseSourceError}: what users meet, one line each) and the columns it needs.
 * Nothing here refers to `@clickhouse/client`, so the reader's public types never require the
 * optional package.
 * @module
 */

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

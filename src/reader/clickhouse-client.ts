/**
 * The connection of the ClickHouse source: the official client (`@clickhouse/client`, an
 * optional peer dependency loaded here, on first use, with a dynamic import), the errors users
 * meet explained as one clear line each, and the check that the table has every column we read
 * (where to connect: `clickhouse-connection.ts`).
 * @module
 */
import type * as ClickHouseModule from '@clickhouse/client';
import type { ClickHouseClient } from '@clickhouse/client';
import { FilterError } from './filter-terms.js';
import type { ResolvedConnection } from './clickhouse-connection.js';
import { ClickHouseSourceError, REQUIRED_COLUMNS } from './clickhouse-connection.js';

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

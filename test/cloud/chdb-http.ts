/**
 * TEST HARNESS — not a ClickHouse server. It serves ClickHouse's HTTP interface from chdb (the
 * embedded ClickHouse engine, a devDependency) inside the test process, on 127.0.0.1 and a port
 * the system picks, so `muxi trace --clickhouse` and the official client (`@clickhouse/client`)
 * talk HTTP to the real ClickHouse SQL engine. No ClickHouse server of a current version can be
 * installed on the test machines (Debian's is 18.16, too old for the shipped schema).
 *
 * Protocol features implemented (only these):
 * - `GET /ping` → `Ok.`; queries by `GET`/`POST` on `/`: the text from the `query` URL parameter
 *   and/or the body (joined by a newline); no multipart bodies, no INSERT data in the body.
 * - Bound parameters `param_<name>` (URL), in the server's escaped text form (`\\`, `\'`, `\t`,
 *   `\n`, `\r`, `\0`, `\b`, `\f`, `\N` for NULL), handed to chdb's server-side binding.
 * - `database` (URL parameter or `X-ClickHouse-Database`): `USE` before the query; an unknown one
 *   is error 81. `query_id` is echoed. Other URL parameters (settings) are accepted and ignored,
 *   except `enable_http_compression=1`, which gzips the answer when the request accepts gzip.
 * - The output format: the query's `FORMAT x`, else `default_format` / `X-ClickHouse-Format`,
 *   else TabSeparated; answered with `X-ClickHouse-Format`, `X-ClickHouse-Query-Id`,
 *   `X-ClickHouse-Timezone`, `X-ClickHouse-Server-Display-Name`, `X-ClickHouse-Summary` and a
 *   content type by format.
 * - Authentication: HTTP basic auth, `X-ClickHouse-User`/`X-ClickHouse-Key`, or `user`/`password`
 *   URL parameters, checked against the users given to {@link startChdbHttp}; a failure is
 *   error 516 with status 401, worded as the server words it.
 * - Errors: the engine's own `Code: NN. DB::Exception: … (TYPE)` text with ` (version …)`
 *   appended, `X-ClickHouse-Exception-Code`, and the HTTP status the server maps the error to
 *   (401 login, 404 unknown table/database/identifier/function, 400 syntax and bad input, else
 *   500). Several statements in one request are refused (error 62), as the server does.
 * - Requests run one at a time (chdb has one session).
 * @module
 */
import type { Session } from 'chdb';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** Options of {@link startChdbHttp}. */
export interface ChdbHttpOptions {
  /** The chdb session whose databases are served. */
  session: Session;
  /** Users and their passwords (default: `default` with an empty password). */
  users?: Record<string, string>;
}

/** A running harness. */
export interface ChdbHttp {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Requests answered so far (queries and pings). */
  requests: number;
  /** The query texts received, in order (for tests that look at what was sent). */
  queries: Array<{ query: string; params: Record<string, string | null> }>;
  /** Runs SQL in the session between requests (tests insert rows this way while a client reads). */
  run(sql: string): Promise<void>;
  close(): Promise<void>;
}

const STATUS_BY_TYPE: Readonly<Record<string, number>> = {
  UNKNOWN_USER: 401, WRONG_PASSWORD: 401, REQUIRED_PASSWORD: 401, AUTHENTICATION_FAILED: 401,
  ACCESS_DENIED: 403,
  UNKNOWN_TABLE: 404, UNKNOWN_FUNCTION: 404, UNKNOWN_IDENTIFIER: 404, UNKNOWN_TYPE: 404, UNKNOWN_DATABASE: 404,
  UNKNOWN_SETTING: 404, UNKNOWN_FORMAT: 404, UNKNOWN_AGGREGATE_FUNCTION: 404,
  SYNTAX_ERROR: 400, CANNOT_PARSE_TEXT: 400, CANNOT_PARSE_ESCAPE_SEQUENCE: 400, CANNOT_PARSE_QUOTED_STRING: 400,
  CANNOT_PARSE_NUMBER: 400, CANNOT_COMPILE_REGEXP: 400, ILLEGAL_COLUMN: 400, THERE_IS_NO_COLUMN: 400,
  TYPE_MISMATCH: 400, INCORRECT_DATA: 400, BAD_ARGUMENTS: 400, UNKNOWN_QUERY_PARAMETER: 400, BAD_QUERY_PARAMETER: 400,
  QUERY_IS_TOO_LARGE: 413, NOT_IMPLEMENTED: 501,
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  JSON: 'application/json; charset=UTF-8', JSONEachRow: 'application/x-ndjson; charset=UTF-8', JSONCompact: 'application/json; charset=UTF-8',
  JSONCompactEachRow: 'application/x-ndjson; charset=UTF-8', CSV: 'text/csv; charset=UTF-8; header=absent',
  TabSeparated: 'text/tab-separated-values; charset=UTF-8', TSV: 'text/tab-separated-values; charset=UTF-8',
};

/** Fails a request the way the server does. */
class HttpQueryError extends Error {
  constructor(readonly code: number, readonly type: string, message: string) {
    super(message);
  }
}

/**
 * Starts the harness on 127.0.0.1, port 0.
 * @example
 * ```ts
 * const ch = await startChdbHttp({ session, users: { default: '', reader: 's3cret' } });
 * // muxi trace --clickhouse ${ch.url} ...
 * await ch.close();
 * ```
 */
export async function startChdbHttp(opts: ChdbHttpOptions): Promise<ChdbHttp> {
  const users = opts.users ?? { default: '' };
  const first = JSON.parse(opts.session.query('SELECT version() AS v, currentDatabase() AS d', 'JSONEachRow')) as { v: string; d: string };
  const version = first.v;
  /** The database a request without one uses (the server's `default`; chdb's starting database). */
  const home = first.d;
  let chain: Promise<unknown> = Promise.resolve();
  const state: ChdbHttp = {
    url: '', port: 0, requests: 0, queries: [], close: async () => undefined,
    run: (sql) => {
      const r = chain.then(async () => { await opts.session.queryAsync(sql); });
      chain = r.catch(() => undefined);
      return r;
    },
  };
  const server = createServer((req, res) => {
    const run = chain.then(() => handle(req, res)).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    });
    chain = run;
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    state.requests++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    if (url.pathname === '/ping') return void res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('Ok.\n');
    if (url.pathname !== '/') return void res.writeHead(404).end(`There is no handle ${url.pathname}\n`);
    const queryId = url.searchParams.get('query_id') ?? randomUUID();
    const base = { 'X-ClickHouse-Query-Id': queryId, 'X-ClickHouse-Timezone': 'UTC', 'X-ClickHouse-Server-Display-Name': 'chdb-http' };
    try {
      const user = authenticate(req, url, users);
      if ((req.headers['content-type'] ?? '').startsWith('multipart/')) throw new HttpQueryError(48, 'NOT_IMPLEMENTED', 'multipart bodies are not implemented by this test harness');
      const text = [url.searchParams.get('query'), body.length > 0 ? body.toString('utf8') : undefined].filter((s): s is string => s !== null && s !== undefined).join('\n');
      if (text.trim() === '') throw new HttpQueryError(62, 'SYNTAX_ERROR', 'Empty query');
      const sql = singleStatement(text);
      const params: Record<string, string | null> = {};
      for (const [k, v] of url.searchParams) if (k.startsWith('param_')) params[k.slice(6)] = unescapeParam(v);
      state.queries.push({ query: sql, params });
      const database = url.searchParams.get('database') ?? headerOf(req, 'x-clickhouse-database');
      if (database !== undefined) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new HttpQueryError(81, 'UNKNOWN_DATABASE', `Database ${database} does not exist`);
        await opts.session.queryAsync(`USE ${database}`).catch((err: unknown) => { throw engineError(err); });
      } else {
        await opts.session.queryAsync(`USE ${home}`);
      }
      const inQuery = /\bFORMAT\s+([A-Za-z]+)\s*$/i.exec(sql)?.[1];
      const format = inQuery ?? url.searchParams.get('default_format') ?? headerOf(req, 'x-clickhouse-format') ?? 'TabSeparated';
      const started = process.hrtime.bigint();
      const result = await opts.session.queryBindAsync(sql, params, { format }).catch((err: unknown) => { throw engineError(err); });
      let out: Buffer = Buffer.from(result.bytes());
      const headers: Record<string, string> = {
        ...base, 'X-ClickHouse-Format': format, 'Content-Type': CONTENT_TYPES[format] ?? 'text/plain; charset=UTF-8',
        'X-ClickHouse-Summary': JSON.stringify({
          read_rows: String(result.rowsRead), read_bytes: String(result.bytesRead), written_rows: '0', written_bytes: '0',
          total_rows_to_read: String(result.rowsRead), result_rows: '0', result_bytes: String(out.length), elapsed_ns: String(process.hrtime.bigint() - started),
        }),
        'X-ClickHouse-User': user,
      };
      if (url.searchParams.get('enable_http_compression') === '1' && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        out = gzipSync(out);
        headers['Content-Encoding'] = 'gzip';
      }
      res.writeHead(200, headers).end(out);
    } catch (err) {
      const e = err instanceof HttpQueryError ? err : engineError(err);
      res.writeHead(STATUS_BY_TYPE[e.type] ?? 500, { ...base, 'Content-Type': 'text/plain; charset=UTF-8', 'X-ClickHouse-Exception-Code': String(e.code) })
        .end(`Code: ${e.code}. DB::Exception: ${e.message}. (${e.type}) (version ${version})\n`);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.port = port;
  state.url = `http://127.0.0.1:${port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await chain.catch(() => undefined);
  };
  return state;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The user of the request, checked; throws error 516 as the server does. */
function authenticate(req: IncomingMessage, url: URL, users: Record<string, string>): string {
  let user = headerOf(req, 'x-clickhouse-user') ?? url.searchParams.get('user') ?? undefined;
  let password = headerOf(req, 'x-clickhouse-key') ?? url.searchParams.get('password') ?? undefined;
  const auth = headerOf(req, 'authorization');
  if (auth !== undefined && /^Basic /i.test(auth)) {
    const text = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const i = text.indexOf(':');
    user = i < 0 ? text : text.slice(0, i);
    password = i < 0 ? '' : text.slice(i + 1);
  }
  user ??= 'default';
  password ??= '';
  if (!Object.prototype.hasOwnProperty.call(users, user) || users[user] !== password) {
    throw new HttpQueryError(516, 'AUTHENTICATION_FAILED', `${user}: Authentication failed: password is incorrect, or there is no user with such name`);
  }
  return user;
}

/** A parameter value in the server's escaped text form, unescaped (`\N` alone is NULL). */
export function unescapeParam(v: string): string | null {
  if (v === '\\N') return null;
  const map: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '0': '\0', a: '\x07', v: '\v' };
  return v.replace(/\\(.)/gs, (_, c: string) => map[c] ?? c);
}

/** The query without a trailing `;`; several statements are refused as the server refuses them. */
function singleStatement(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
    } else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === ';') {
      if (text.slice(i + 1).trim() !== '') throw new HttpQueryError(62, 'SYNTAX_ERROR', 'Syntax error (Multi-statements are not allowed)');
      return text.slice(0, i);
    }
  }
  return text;
}

/** An engine error as code, type and message (chdb keeps the server's `Code: NN. DB::Exception: … (TYPE)` text). */
function engineError(err: unknown): HttpQueryError {
  const text = String((err as Error)?.message ?? err);
  const m = /Code: (\d+)\. DB::Exception: ([\s\S]*?)\.? \(([A-Z0-9_]+)\)\s*$/.exec(text.trim());
  if (m) return new HttpQueryError(Number(m[1]), m[3]!, m[2]!);
  return new HttpQueryError(36, 'BAD_ARGUMENTS', text.split('\n')[0]!);
}

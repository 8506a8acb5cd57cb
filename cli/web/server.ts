/**
 * The dashboard's HTTP server: the page and its assets (from memory), the JSON API, and a
 * Server-Sent Events stream of new events. Read-only, every request checked by the
 * {@link Guard} (Host, token), every answer with the security headers.
 * @module
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FilterTerm } from '../../src/reader/filter-terms.js';
import type { SourceUpdate, TraceSource } from '../../src/reader/source.js';
import { Api } from './api.js';
import type { Asset } from './assets.js';
import { Guard, SECURITY_HEADERS, TOKEN_COOKIE } from './guard.js';

/** Options of {@link startServer}. */
export interface ServerOptions {
  source: TraceSource;
  host: string;
  port: number;
  /** The host name in the printed URL (and accepted in `Host`). */
  printedHost: string;
  /** Required on every request when set. */
  token: string | undefined;
  /** Filter terms from the command line, combined with every query of the page. */
  baseTerms?: readonly FilterTerm[];
  assets: Map<string, Asset>;
}

/** A running dashboard server. */
export interface DashboardServer {
  /** The port it listens on (the one picked with `--port 0`). */
  port: number;
  /** The URL to open (with `?token=` when one is needed). */
  url: string;
  close(): Promise<void>;
}

/** Trace summaries sent in one SSE message at most (the page refetches what it shows anyway). */
const SSE_TRACES = 500;
/** Progress-only updates (the first read of a large input) are sent at most this often. */
const PROGRESS_MS = 500;

/** Starts the server; resolves once it listens. */
export async function startServer(o: ServerOptions): Promise<DashboardServer> {
  const api = new Api(o.source, o.baseTerms ?? []);
  const streams = new Set<ServerResponse>();
  // Set once the port is known (requests cannot arrive before the server listens).
  const gate: { guard?: Guard } = {};
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ error: 'internal error' }));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const denied = gate.guard!.check(req, url);
    if (denied !== undefined) {
      send(res, denied, 'text/plain; charset=utf-8', denied === 403 ? 'Forbidden: this server answers only to its own host name\n' : 'Unauthorized: the access token is missing or wrong\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed: the dashboard is read-only\n', { Allow: 'GET, HEAD' });
      return;
    }
    const path = url.pathname;
    if (path === '/api/stream') return stream(req, res);
    const answer = await api.answer(path, url.searchParams);
    if (answer !== undefined) {
      send(res, answer.status, 'application/json; charset=utf-8', JSON.stringify(answer.body), { 'Cache-Control': 'no-store' });
      return;
    }
    const asset = o.assets.get(path);
    if (asset === undefined) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
      return;
    }
    const extra: Record<string, string> = { 'Cache-Control': 'no-cache' };
    // Opened with ?token=: the page's own requests (assets, API, stream) carry it as a cookie.
    const t = url.searchParams.get('token');
    if (path === '/' && t !== null && o.token !== undefined) extra['Set-Cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(t)}; HttpOnly; SameSite=Strict; Path=/`;
    send(res, 200, asset.type, req.method === 'HEAD' ? '' : asset.body, extra);
  }

  function stream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
  }

  // Live: each update of the source goes to every open page as one SSE message holding the
  // source's state and the summaries of the traces that changed (the page fetches what it shows).
  // Updates that only report reading progress are sent at most every PROGRESS_MS.
  let lastProgress = 0;
  const unwatch = o.source.watch((u: SourceUpdate) => {
    api.noteState(u.state);
    if (streams.size === 0) return;
    if (u.traces.length === 0 && u.events.length === 0) {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_MS && u.state.loading) return;
      lastProgress = now;
    }
    const traces = u.traces.length > SSE_TRACES ? u.traces.slice(-SSE_TRACES) : u.traces;
    const msg = `event: update\ndata: ${JSON.stringify({ state: u.state, traces, events: u.events.length })}\n\n`;
    for (const s of streams) s.write(msg);
  });
  const ping = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n');
  }, 15_000);
  ping.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : o.port;
  gate.guard = new Guard(o.host, o.printedHost, port, o.token);
  const hostPart = o.printedHost.includes(':') ? `[${o.printedHost}]` : o.printedHost;
  const url = `http://${hostPart}:${port}/${o.token === undefined ? '' : `?token=${encodeURIComponent(o.token)}`}`;
  return {
    port,
    url,
    close: async () => {
      unwatch();
      clearInterval(ping);
      for (const s of streams) s.end();
      streams.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...extra, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/**
 * Runs the real `muxi trace --web` bin for the dashboard tests and talks HTTP to it (node:http,
 * so a test can send any `Host` header).
 */
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { startBin, waitFor } from '../cli/run-bin.js';

/** A running dashboard. */
export interface WebServer {
  child: ChildProcess;
  /** The URL line it printed. */
  url: string;
  /** `http://127.0.0.1:PORT` (where to connect, whatever the printed host). */
  origin: string;
  port: number;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then the exit status. */
  stop(): Promise<number | null>;
}

/** Starts `muxi trace --web --port 0 <args>` and waits for its URL line. */
export async function startWeb(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string): Promise<WebServer> {
  const child = startBin(['trace', '--web', '--port', '0', ...args], env, stdin === undefined ? 'ignore' : 'pipe');
  if (stdin !== undefined) child.stdin!.end(stdin);
  let out = '';
  let err = '';
  let exited: number | null | undefined;
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => { exited = code; resolve(code); }));
  await waitFor(() => out.includes('\n') || exited !== undefined, 'the URL line', 30000);
  if (!out.includes('\n')) throw new Error(`muxi trace --web exited ${String(exited)}: ${err}`);
  const url = out.split('\n')[0]!;
  const port = Number(new URL(url).port);
  return {
    child,
    url,
    port,
    origin: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      if (exited === undefined) child.kill('SIGTERM');
      return closed;
    },
  };
}

/** One HTTP answer. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** GET (or another method) on 127.0.0.1:port with the given headers (`Host` defaults to the server's own). */
export function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** GET as JSON (asserting a JSON content type). */
export async function getJson<T = any>(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const a = await get(port, path, headers);
  if (!String(a.headers['content-type']).startsWith('application/json')) throw new Error(`${path}: not JSON (${String(a.headers['content-type'])}): ${a.body.slice(0, 200)}`);
  return { status: a.status, body: JSON.parse(a.body) as T };
}

/** Opens the SSE stream and collects its `update` messages until `stop()`. */
export function openStream(port: number, headers: Record<string, string> = {}): { messages: any[]; connected: Promise<void>; stop: () => void } {
  const messages: any[] = [];
  let stop = (): void => undefined;
  const connected = new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/stream', headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream: status ${res.statusCode}`));
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (d: string) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (ev === 'update' && data !== undefined) messages.push(JSON.parse(data));
        }
      });
      resolve();
    });
    req.on('error', reject);
    req.end();
    stop = () => req.destroy();
  });
  return { messages, connected, stop: () => stop() };
}

/**
 * `muxi trace --web`: serves the dashboard on the same input and filters as `muxi trace`,
 * prints the URL (one line on stdout), and serves until SIGINT/SIGTERM (exit 0).
 * @module
 */
import { spawn } from 'node:child_process';
import { hostname, networkInterfaces } from 'node:os';
import { termsFromFlags } from '../../src/reader/filter-options.js';
import type { CliIo } from '../io.js';
import type { TraceCliOptions } from '../options.js';
import { openSource } from '../open-source.js';
import { loadAssets } from './assets.js';
import { isLoopback, newToken } from './guard.js';
import { startServer } from './server.js';

/** Runs the dashboard until `io.signal` aborts; resolves with the exit status. */
export async function runWeb(o: TraceCliOptions, io: CliIo): Promise<number> {
  const web = o.web!;
  // Off a loopback address, a token is required: the one given, or a fresh one shown in the URL.
  const token = web.token ?? (isLoopback(web.host) ? undefined : newToken());
  const printedHost = web.host === '0.0.0.0' || web.host === '::' ? publicAddress() : web.host;
  const assets = loadAssets();
  const baseTerms = termsFromFlags(o.filters);
  // Indexed at once and followed; piped standard input is spooled so traces can be read back.
  const source = openSource({ input: o.input, follow: true, index: true, spool: true, pollMs: o.pollMs }, io);
  let server;
  try {
    // A missing or unreadable input fails here, as `muxi trace` would, before anything listens.
    await source.traces({ limit: 1, facetLimit: 0 });
    server = await startServer({ source, host: web.host, port: web.port, printedHost, token, assets, baseTerms });
  } catch (err) {
    await source.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${web.port} on ${web.host} is in use (try --port 0 for a free one)`, { cause: err });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new Error(`cannot listen on ${web.host}: not an address of this machine`, { cause: err });
    throw err;
  }
  io.stdout.write(`${server.url}\n`);
  if (web.open) openBrowser(server.url);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  await source.close();
  return 0;
}

/** Opens `url` in the desktop's browser, if there is one (never fails). */
function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no browser here: the URL is printed
  }
}

/**
 * The address to print when listening on every interface: this machine's first non-loopback
 * IPv4 address (reachable from other machines without DNS), else its host name.
 */
function publicAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return hostname();
}

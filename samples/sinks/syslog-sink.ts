/**
 * An extension sink that sends each event as an RFC 5424 syslog message over TCP (octet-counting
 * framing, RFC 6587), TLS (RFC 5425) or UDP (RFC 5426): what Papertrail, rsyslog, syslog-ng
 * and most log services ingest.
 *
 *     TRACING_EXTERNAL_SINK=./samples/sinks/syslog-sink.ts \
 *     TRACING_SYSLOG_URL=tls://logs.example.com:6514 node app.js
 *
 * A message: `<PRI>1 TIMESTAMP HOST APP PID MSGID [trace@32473 trace_id=".." span_id=".."] MSG`,
 * where PRI is facility × 8 + the severity of the event's level, MSGID is `component:operation`
 * and MSG is the event's JSON line (so the receiver can parse every field back).
 *
 * Delivery: frames wait in a bounded buffer while there is no connection; when it is full NEW
 * events are dropped, counted (`stats()`) and reported once on stderr (`muxi-tracing:`). A lost
 * TCP/TLS connection is re-opened with exponential backoff. As with any syslog over TCP, frames
 * the kernel accepted just before a connection broke may be lost without notice.
 * @module
 */
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { connect as tcpConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Level, Sink, TraceEvent, TracingConfig } from 'muxi-tracing';

/** Options of {@link createSyslogSink}; the factory reads them from `TRACING_SYSLOG_*`. */
export interface SyslogSinkOptions {
  /** `tcp://host:port`, `tls://host:port` or `udp://host:port` (`TRACING_SYSLOG_URL`, required; port 514, or 6514 for tls). */
  url: string;
  /** PEM CA certificate(s) trusted for tls, besides the system's (`TRACING_SYSLOG_CA`, a file path, default none). */
  ca?: string | Buffer;
  /** Facility, 0..23 (`TRACING_SYSLOG_FACILITY`, a number or a name like `local0`, default `local0` = 16). */
  facility?: number;
  /** APP-NAME field (`TRACING_SYSLOG_APP_NAME`, default `muxi`). */
  appName?: string;
  /** HOSTNAME field (`TRACING_SYSLOG_HOSTNAME`, default the machine's host name). */
  host?: string;
  /** Bytes of frames held while disconnected (`TRACING_SYSLOG_MAX_BUFFER`, like `4M`, default 4 MiB). */
  maxBufferBytes?: number;
  /** Longest message; longer ones are cut at a UTF-8 boundary (`TRACING_SYSLOG_MAX_MESSAGE`, default 8192). */
  maxMessageBytes?: number;
  /** First reconnect delay, ms; doubles each failure (`TRACING_SYSLOG_BACKOFF_MS`, default 250). */
  backoffMs?: number;
  /** Longest reconnect delay, ms (default 30000). */
  maxBackoffMs?: number;
  /** How long `close()` waits for pending frames, ms (default 5000). */
  closeTimeoutMs?: number;
}

/** Counters of a syslog sink. */
export interface SyslogSinkStats {
  /** Messages handed to the socket. */
  sent: number;
  /** Events dropped (buffer full, send failed, written after close). */
  dropped: number;
  /** Messages cut to `maxMessageBytes`. */
  truncated: number;
  /** Connections opened (TCP/TLS). */
  connects: number;
  /** Whether a TCP/TLS connection is open now (always true for UDP). */
  connected: boolean;
  /** Bytes held now. */
  bufferedBytes: number;
}

/** The sink, with its counters. */
export type SyslogSink = Sink & { stats(): SyslogSinkStats };

/** Syslog severity of each level (RFC 5424 §6.2.1). */
export const SEVERITY: Readonly<Record<Level, number>> = { TRACE: 7, DEBUG: 7, INFO: 6, WARN: 4, ERROR: 3 };

const FACILITIES = ['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'audit', 'alert', 'clock', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'];

/** A header field: printable US-ASCII without spaces, at most `max` characters, `-` when empty. */
const field = (s: string | undefined, max: number): string => (s ?? '').replace(/[^\x21-\x7e]/g, '_').slice(0, max) || '-';
/** An SD-PARAM value with `"`, `\` and `]` escaped (RFC 5424 §6.3.3). */
const sdValue = (s: string): string => s.replace(/["\\\]]/g, (c) => '\\' + c);

/** Cuts a buffer to at most `max` bytes without splitting a UTF-8 character. */
function cutUtf8(b: Buffer, max: number): Buffer {
  if (b.length <= max) return b;
  let end = max;
  while (end > 0 && (b[end]! & 0xc0) === 0x80) end--;
  return b.subarray(0, end);
}

/** Formats one event as an RFC 5424 message (no framing). */
export function formatSyslog(e: TraceEvent, o: { facility: number; appName: string; host: string; procId?: string }): string {
  const pri = o.facility * 8 + (SEVERITY[e.level] ?? 6);
  let sd = `[trace@32473 trace_id="${sdValue(e.trace_id)}" span_id="${sdValue(e.span_id)}"`;
  if (e.parent_span_id) sd += ` parent_span_id="${sdValue(e.parent_span_id)}"`;
  if (e.agent_id) sd += ` agent_id="${sdValue(e.agent_id)}"`;
  if (e.user_id) sd += ` user_id="${sdValue(e.user_id)}"`;
  sd += ']';
  return `<${pri}>1 ${e.timestamp} ${field(o.host, 255)} ${field(o.appName, 48)} ${field(o.procId ?? String(process.pid), 128)} ` +
    `${field(`${e.component}:${e.operation}`, 32)} ${sd} ${JSON.stringify(e)}`;
}

/** Makes a syslog sink. */
export function createSyslogSink(options: SyslogSinkOptions): SyslogSink {
  const url = new URL(options.url);
  const proto = url.protocol.slice(0, -1) as 'tcp' | 'tls' | 'udp';
  if (!['tcp', 'tls', 'udp'].includes(proto)) throw new Error(`TRACING_SYSLOG_URL=${JSON.stringify(options.url)} is invalid: expected tcp://, tls:// or udp://host:port`);
  const o = { facility: 16, appName: 'muxi', host: hostname(), maxBufferBytes: 4 * 1024 * 1024, maxMessageBytes: 8192,
    backoffMs: 250, maxBackoffMs: 30_000, closeTimeoutMs: 5000, ...options };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (proto === 'tls' ? 6514 : 514));
  const stats: SyslogSinkStats = { sent: 0, dropped: 0, truncated: 0, connects: 0, connected: proto === 'udp', bufferedBytes: 0 };
  const queue: Buffer[] = [];
  const reported = new Set<string>();
  const idle: (() => void)[] = [];
  let socket: Socket | undefined;
  /** The socket being opened, until it connects. */
  let opening: Socket | undefined;
  let udp: UdpSocket | undefined;
  let connecting = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  let waitingDrain = false;
  let closed = false;
  /** Messages handed to a socket whose write callback has not run yet. */
  let pending = 0;

  const report = (key: string, msg: string): void => {
    if (reported.has(key)) return;
    reported.add(key);
    try { process.stderr.write(`muxi-tracing: syslog sink: ${msg}\n`); } catch { /* never throws */ }
  };
  const drop = (n: number, key: string, why: string): void => {
    stats.dropped += n;
    report(`drop:${key}`, `dropped ${n} events (${why}); further drops of this kind are counted, not reported`);
  };
  const settle = (): void => {
    if (queue.length === 0 && pending === 0) for (const f of idle.splice(0)) f();
  };

  function connect(): void {
    if (socket || connecting || closed || proto === 'udp') return;
    connecting = true;
    const s = proto === 'tls'
      ? tlsConnect({ host, port, servername: /^[\d.:]+$/.test(host) ? undefined : host, ...(o.ca ? { ca: o.ca } : {}) })
      : tcpConnect({ host, port });
    opening = s;
    s.setNoDelay(true);
    // An idle connection never keeps the app alive; the tracer flushes on beforeExit.
    s.unref();
    s.once(proto === 'tls' ? 'secureConnect' : 'connect', () => {
      connecting = false;
      opening = undefined;
      socket = s;
      failures = 0;
      stats.connects++;
      stats.connected = true;
      pump();
    });
    s.on('drain', () => { waitingDrain = false; pump(); });
    s.on('error', (err) => closed || report(`conn:${(err as NodeJS.ErrnoException).code ?? err.message}`, `${proto}://${host}:${port}: ${err.message}; reconnecting with backoff`));
    s.once('close', () => {
      connecting = false;
      if (opening === s) opening = undefined;
      if (socket === s) socket = undefined;
      stats.connected = false;
      waitingDrain = false;
      if (closed) { settle(); return; }
      const delay = Math.min(o.maxBackoffMs, o.backoffMs * 2 ** failures++);
      retry = setTimeout(() => { retry = undefined; connect(); }, delay);
      retry.unref();
    });
  }

  /** A write's outcome: sent when the socket took it, dropped (counted) when it failed. */
  const done = (key: string) => (err?: Error | null): void => {
    pending--;
    if (err) drop(1, key, `${proto}://${host}:${port}: ${err.message}`);
    else stats.sent++;
    settle();
  };

  /** Moves queued frames to the socket until it pushes back. */
  function pump(): void {
    if (proto === 'udp') {
      if (!udp) { udp = createSocket(host.includes(':') ? 'udp6' : 'udp4'); udp.unref(); }
      while (queue.length > 0) {
        const msg = queue.shift()!;
        stats.bufferedBytes -= msg.length;
        pending++;
        udp.send(msg, port, host, done('udp'));
      }
      return;
    }
    if (!socket) { connect(); return; }
    while (queue.length > 0 && !waitingDrain) {
      const frame = queue.shift()!;
      stats.bufferedBytes -= frame.length;
      pending++;
      if (!socket.write(frame, done('lost'))) waitingDrain = true;
    }
  }

  return {
    name: 'syslog',
    write(event: TraceEvent): void {
      if (closed) { drop(1, 'closed', 'written after close'); return; }
      let msg: Buffer;
      try { msg = Buffer.from(formatSyslog(event, o)); } catch { drop(1, 'format', 'not serializable'); return; }
      if (msg.length > o.maxMessageBytes) { msg = cutUtf8(msg, o.maxMessageBytes); stats.truncated++; }
      // TCP/TLS: octet-counting framing (RFC 6587 §3.4.1); UDP: one message per datagram.
      const frame = proto === 'udp' ? msg : Buffer.concat([Buffer.from(`${msg.length} `), msg]);
      if (stats.bufferedBytes + frame.length > o.maxBufferBytes) { drop(1, 'full', `buffer full (${o.maxBufferBytes} bytes), ${proto}://${host}:${port} unreachable`); return; }
      queue.push(frame);
      stats.bufferedBytes += frame.length;
      if (socket || proto === 'udp') { if (!waitingDrain) pump(); } else connect();
    },
    flush(): Promise<void> {
      return new Promise<void>((resolve) => { idle.push(resolve); pump(); settle(); });
    },
    async close(): Promise<void> {
      if (closed) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.flush!(), new Promise<void>((r) => { timer = setTimeout(r, o.closeTimeoutMs); timer.unref(); })]);
      clearTimeout(timer);
      closed = true;
      if (retry) clearTimeout(retry);
      opening?.destroy();
      if (queue.length > 0) { drop(queue.length, 'closed', 'sink closed before a connection took them'); queue.length = 0; stats.bufferedBytes = 0; }
      const s = socket;
      if (s) await new Promise<void>((r) => { s.once('close', () => r()); s.end(); setTimeout(() => { s.destroy(); r(); }, 1000).unref(); });
      udp?.close();
      for (const f of idle.splice(0)) f();
      if (stats.dropped > 0) {
        try { process.stderr.write(`muxi-tracing: syslog sink: closed; ${stats.dropped} events dropped in total, ${stats.sent} sent\n`); } catch { /* never throws */ }
      }
    },
    stats: () => ({ ...stats }),
  };
}

/** Reads {@link SyslogSinkOptions} from `TRACING_SYSLOG_*`; throws naming the variable on a bad value. */
export function syslogOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SyslogSinkOptions {
  const get = (n: string): string | undefined => env[n]?.trim() || undefined;
  const url = get('TRACING_SYSLOG_URL');
  if (!url || !/^(tcp|tls|udp):\/\/[^/]+/.test(url)) throw new Error(`TRACING_SYSLOG_URL=${JSON.stringify(url ?? '')} is invalid: expected tcp://host:port, tls://host:port or udp://host:port`);
  const o: SyslogSinkOptions = { url };
  const ca = get('TRACING_SYSLOG_CA');
  if (ca) {
    try { o.ca = readFileSync(ca); } catch (err) { throw new Error(`TRACING_SYSLOG_CA=${JSON.stringify(ca)} is invalid: expected a readable PEM file (${(err as Error).message})`, { cause: err }); }
  }
  const fac = get('TRACING_SYSLOG_FACILITY');
  if (fac) {
    const n = /^\d+$/.test(fac) ? Number(fac) : FACILITIES.indexOf(fac.toLowerCase());
    if (!(n >= 0 && n <= 23)) throw new Error(`TRACING_SYSLOG_FACILITY=${JSON.stringify(fac)} is invalid: expected 0..23 or a name (${FACILITIES.join(', ')})`);
    o.facility = n;
  }
  if (get('TRACING_SYSLOG_APP_NAME')) o.appName = get('TRACING_SYSLOG_APP_NAME');
  if (get('TRACING_SYSLOG_HOSTNAME')) o.host = get('TRACING_SYSLOG_HOSTNAME');
  const size = (n: string): number | undefined => {
    const v = get(n);
    if (v === undefined) return undefined;
    const m = /^(\d+)\s*([KMG]?)B?$/i.exec(v);
    if (!m || Number(m[1]) === 0) throw new Error(`${n}=${JSON.stringify(v)} is invalid: expected a size like 4M, 512K or 8192`);
    return Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] || ' ').toUpperCase());
  };
  const mb = size('TRACING_SYSLOG_MAX_BUFFER');
  if (mb !== undefined) o.maxBufferBytes = mb;
  const mm = size('TRACING_SYSLOG_MAX_MESSAGE');
  if (mm !== undefined) o.maxMessageBytes = Math.max(480, mm);
  const bo = get('TRACING_SYSLOG_BACKOFF_MS');
  if (bo !== undefined) {
    if (!/^\d+$/.test(bo)) throw new Error(`TRACING_SYSLOG_BACKOFF_MS=${JSON.stringify(bo)} is invalid: expected a whole number of milliseconds`);
    o.backoffMs = Number(bo);
  }
  return o;
}

/**
 * The factory `TRACING_EXTERNAL_SINK` loads: options from `TRACING_SYSLOG_*`, and the tracer's
 * `flushTimeoutMs` as the close deadline.
 */
export default function syslogSinkFactory(config: TracingConfig): SyslogSink {
  return createSyslogSink({ closeTimeoutMs: config.flushTimeoutMs, ...syslogOptionsFromEnv() });
}

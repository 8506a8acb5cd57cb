/**
 * An extension sink that POSTs NDJSON batches (one JSON line per event, as the file sink
 * writes them) to an HTTP collector: Vector's `http_server` source, Loki's push gateway
 * behind a transform, Fluent Bit, Logstash, or your own endpoint.
 *
 * Written only against the public `Sink` interface, so it loads as an extension:
 *
 *     TRACING_EXTERNAL_SINK=./samples/sinks/http-sink.ts TRACING_HTTP_URL=http://collector:8080/traces node app.js
 *
 * Delivery: events wait in a bounded in-memory buffer; a batch leaves when it is full or when
 * the interval passes. A failed POST (network error, 408, 429, 5xx) is retried with
 * exponential backoff; a batch still failing after the last retry, or answered with another
 * 4xx, is dropped. When the buffer is full, NEW events are dropped (the buffered ones keep
 * their order and are sent once the collector is back). Drops are counted (`stats()`) and
 * reported once on stderr, prefixed `muxi-tracing:`, plus a total when the sink closes.
 * @module
 */
import type { Sink, TraceEvent, TracingConfig } from 'muxi-tracing';

/** Options of {@link createHttpSink}; the factory reads them from `TRACING_HTTP_*`. */
export interface HttpSinkOptions {
  /** Collector URL (`TRACING_HTTP_URL`, required). */
  url: string;
  /** Extra request headers, e.g. authorization (`TRACING_HTTP_HEADERS` as a JSON object, default none). */
  headers?: Record<string, string>;
  /** Events per POST (`TRACING_HTTP_BATCH_SIZE`, default 500). */
  batchSize?: number;
  /** Longest wait before a partial batch leaves, ms (`TRACING_HTTP_INTERVAL_MS`, default 1000). */
  intervalMs?: number;
  /** Bytes of serialized events held, in flight included (`TRACING_HTTP_MAX_BUFFER`, like `8M`, default 8 MiB). */
  maxBufferBytes?: number;
  /** Retries of one batch after its first attempt (`TRACING_HTTP_MAX_RETRIES`, default 8). */
  maxRetries?: number;
  /** First backoff, ms; doubles each retry (`TRACING_HTTP_BACKOFF_MS`, default 500). */
  backoffMs?: number;
  /** Longest backoff, ms (`TRACING_HTTP_MAX_BACKOFF_MS`, default 30000). */
  maxBackoffMs?: number;
  /** Timeout of one POST, ms (`TRACING_HTTP_TIMEOUT_MS`, default 10000). */
  timeoutMs?: number;
  /** How long `close()` keeps trying to deliver what is pending, ms (default 5000). */
  closeTimeoutMs?: number;
}

/** Counters of an HTTP sink. */
export interface HttpSinkStats {
  /** Events the collector acknowledged with 2xx. */
  delivered: number;
  /** Events dropped (buffer full, batch given up, written after close). */
  dropped: number;
  /** Failed attempts that were retried. */
  retries: number;
  /** Bytes held now (queued and in flight). */
  bufferedBytes: number;
}

/** The sink, with its counters. */
export type HttpSink = Sink & { stats(): HttpSinkStats };

const RETRYABLE = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** Makes an HTTP NDJSON sink. */
export function createHttpSink(options: HttpSinkOptions): HttpSink {
  const o = {
    batchSize: 500, intervalMs: 1000, maxBufferBytes: 8 * 1024 * 1024, maxRetries: 8, backoffMs: 500,
    maxBackoffMs: 30_000, timeoutMs: 10_000, closeTimeoutMs: 5000, headers: {}, ...options,
  };
  const queue: string[] = [];
  const stats: HttpSinkStats = { delivered: 0, dropped: 0, retries: 0, bufferedBytes: 0 };
  const reported = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let pumping: Promise<void> | undefined;
  let closed = false;
  const abort = new AbortController();

  const report = (key: string, msg: string): void => {
    if (reported.has(key)) return;
    reported.add(key);
    try { process.stderr.write(`muxi-tracing: http sink: ${msg}\n`); } catch { /* never throws */ }
  };
  /** Counts dropped events; reports the first drop of each kind (`key`) once. */
  const drop = (n: number, key: string, why: string): void => {
    stats.dropped += n;
    report(`drop:${key}`, `dropped ${n} events (${why}); further drops of this kind are counted, not reported`);
  };

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref();
    abort.signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });

  /** One batch: POST until accepted, given up, or the sink is aborted. */
  async function deliver(lines: string[]): Promise<void> {
    const body = lines.join('\n') + '\n';
    for (let attempt = 0; ; attempt++) {
      let why: string;
      try {
        const res = await fetch(o.url, {
          method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', ...o.headers },
          signal: AbortSignal.any([abort.signal, AbortSignal.timeout(o.timeoutMs)]),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) { stats.delivered += lines.length; return; }
        why = `HTTP ${res.status}`;
        if (!RETRYABLE(res.status)) { drop(lines.length, 'refused', `collector refused the batch: ${why}`); return; }
      } catch (err) {
        why = (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message;
      }
      if (abort.signal.aborted) { drop(lines.length, 'closed', 'sink closed before the collector accepted them'); return; }
      if (attempt >= o.maxRetries) { drop(lines.length, 'gave-up', `gave up after ${attempt + 1} attempts: ${why}`); return; }
      stats.retries++;
      report('retry', `POST ${o.url} failed (${why}); retrying with backoff`);
      await sleep(Math.min(o.maxBackoffMs, o.backoffMs * 2 ** attempt) * (0.8 + Math.random() * 0.4));
    }
  }

  /** Sends every queued event, batch by batch; one pump at a time. */
  function pump(): Promise<void> {
    if (timer) { clearTimeout(timer); timer = undefined; }
    pumping ??= (async () => {
      while (queue.length > 0) {
        const lines = queue.splice(0, o.batchSize);
        const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
        try { await deliver(lines); } finally { stats.bufferedBytes -= bytes; }
      }
    })().finally(() => { pumping = undefined; });
    return pumping;
  }

  return {
    name: 'http',
    write(event: TraceEvent): void {
      if (closed) { drop(1, 'closed', 'written after close'); return; }
      let line: string;
      try { line = JSON.stringify(event); } catch { drop(1, 'json', 'not serializable'); return; }
      const bytes = Buffer.byteLength(line);
      if (stats.bufferedBytes + bytes > o.maxBufferBytes) { drop(1, 'full', `buffer full (${o.maxBufferBytes} bytes)`); return; }
      queue.push(line);
      stats.bufferedBytes += bytes;
      if (queue.length >= o.batchSize) { void pump(); return; }
      if (!timer && !pumping) {
        timer = setTimeout(() => { timer = undefined; void pump(); }, o.intervalMs);
        timer.unref();
      }
    },
    async flush(): Promise<void> {
      // A pump in progress may have started before the last writes: pump until nothing is left.
      while (queue.length > 0 || pumping) await pump();
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const deadline = setTimeout(() => abort.abort(), o.closeTimeoutMs);
      deadline.unref();
      try { await this.flush!(); } finally { clearTimeout(deadline); abort.abort(); }
      if (stats.dropped > 0) {
        try { process.stderr.write(`muxi-tracing: http sink: closed; ${stats.dropped} events dropped in total, ${stats.delivered} delivered\n`); } catch { /* never throws */ }
      }
    },
    stats: () => ({ ...stats }),
  };
}

function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name]?.trim();
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new Error(`${name}=${JSON.stringify(v)} is invalid: expected a non-negative integer`);
  return Number(v);
}

/** Parses `8M`, `512K`, `1G` or a byte count. */
export function parseBytes(name: string, v: string): number {
  const m = /^(\d+)\s*([KMG]?)B?$/i.exec(v.trim());
  if (!m || Number(m[1]) === 0) throw new Error(`${name}=${JSON.stringify(v)} is invalid: expected a size like 8M, 512K or 65536`);
  return Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] || ' ').toUpperCase());
}

/** Reads {@link HttpSinkOptions} from `TRACING_HTTP_*`; throws naming the variable on a bad value. */
export function httpOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): HttpSinkOptions {
  const url = env.TRACING_HTTP_URL?.trim();
  if (!url || !/^https?:\/\//.test(url)) throw new Error(`TRACING_HTTP_URL=${JSON.stringify(url ?? '')} is invalid: expected an http:// or https:// URL`);
  const o: HttpSinkOptions = { url };
  const h = env.TRACING_HTTP_HEADERS?.trim();
  if (h) {
    let parsed: unknown;
    try { parsed = JSON.parse(h); } catch { parsed = undefined; }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((x) => typeof x !== 'string')) {
      throw new Error('TRACING_HTTP_HEADERS is invalid: expected a JSON object of strings, like {"authorization":"Bearer ..."}');
    }
    o.headers = parsed as Record<string, string>;
  }
  const ints: [keyof HttpSinkOptions, string][] = [['batchSize', 'TRACING_HTTP_BATCH_SIZE'], ['intervalMs', 'TRACING_HTTP_INTERVAL_MS'],
    ['maxRetries', 'TRACING_HTTP_MAX_RETRIES'], ['backoffMs', 'TRACING_HTTP_BACKOFF_MS'], ['maxBackoffMs', 'TRACING_HTTP_MAX_BACKOFF_MS'],
    ['timeoutMs', 'TRACING_HTTP_TIMEOUT_MS']];
  for (const [k, name] of ints) {
    const n = envInt(env, name);
    if (n !== undefined) (o as unknown as Record<string, number>)[k] = n;
  }
  if (o.batchSize === 0) throw new Error('TRACING_HTTP_BATCH_SIZE=0 is invalid: expected at least 1');
  const mb = env.TRACING_HTTP_MAX_BUFFER?.trim();
  if (mb) o.maxBufferBytes = parseBytes('TRACING_HTTP_MAX_BUFFER', mb);
  return o;
}

/**
 * The factory `TRACING_EXTERNAL_SINK` loads: options from `TRACING_HTTP_*`, and the tracer's
 * `flushTimeoutMs` as the close deadline.
 */
export default function httpSinkFactory(config: TracingConfig): HttpSink {
  return createHttpSink({ closeTimeoutMs: config.flushTimeoutMs, ...httpOptionsFromEnv() });
}

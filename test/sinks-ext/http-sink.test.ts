/**
 * The HTTP NDJSON extension sink (samples/sinks/http-sink.ts) against a real node:http
 * collector on 127.0.0.1, including the collector going away and coming back.
 */
import { expect } from 'chai';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import { Tracer } from '../../src/index.js';
import { EVENT_FIELDS } from '../../src/event.js';
import type { TraceEvent } from '../../src/index.js';
import { createHttpSink, httpOptionsFromEnv } from '../../samples/sinks/http-sink.js';
import { captureStderr, listenLocal, makeEvent, until, writeWatchingBuffer } from './helpers.js';

/** A collector: records each POST's headers and NDJSON lines; answers `status()` (200 by default). */
class Collector {
  readonly batches: { headers: IncomingHttpHeaders; lines: string[] }[] = [];
  status = (): number => 200;
  private server: Server | undefined;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const code = this.status();
        if (code === 200) {
          const text = Buffer.concat(chunks).toString('utf8');
          expect(text.endsWith('\n'), 'an NDJSON body ends with a newline').to.equal(true);
          this.batches.push({ headers: req.headers, lines: text.slice(0, -1).split('\n') });
        }
        res.writeHead(code).end();
      });
    });
    this.port = await listenLocal(this.server, port);
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  get url(): string { return `http://127.0.0.1:${this.port}/traces`; }
  get events(): TraceEvent[] { return this.batches.flatMap((b) => b.lines.map((l) => JSON.parse(l) as TraceEvent)); }
}

describe('sinks-ext: HTTP NDJSON sink', function () {
  this.timeout(30_000);
  let collector: Collector;
  beforeEach(async () => { collector = new Collector(); await collector.start(); });
  afterEach(async () => { await collector.stop(); });

  it('POSTs complete NDJSON batches of at most batchSize events, each line one JSON event', async () => {
    const sink = createHttpSink({ url: collector.url, batchSize: 50, intervalMs: 20, headers: { authorization: 'Bearer t0k' } });
    const sent = Array.from({ length: 230 }, (_, i) => makeEvent(i));
    for (const e of sent) sink.write(e);
    await sink.flush!();
    expect(collector.events).to.deep.equal(sent);
    expect(collector.batches.length).to.be.at.least(5);
    for (const b of collector.batches) {
      expect(b.lines.length).to.be.at.most(50);
      expect(b.headers['content-type']).to.equal('application/x-ndjson');
      expect(b.headers.authorization).to.equal('Bearer t0k');
    }
    for (const f of ['timestamp', 'level', 'trace_id', 'span_id', 'component', 'operation', 'message']) {
      expect(EVENT_FIELDS).to.include(f);
      expect(collector.events[0]).to.have.property(f);
    }
    expect(sink.stats()).to.include({ delivered: 230, dropped: 0, bufferedBytes: 0 });
    await sink.close!();
  });

  it('sends a partial batch after the interval without a flush', async () => {
    const sink = createHttpSink({ url: collector.url, batchSize: 1000, intervalMs: 10 });
    sink.write(makeEvent(1));
    await until(() => collector.batches.length > 0);
    expect(collector.events).to.deep.equal([makeEvent(1)]);
    await sink.close!();
  });

  it('retries 503 answers with backoff and delivers every event once', async () => {
    let n = 0;
    collector.status = () => (++n <= 3 ? 503 : 200);
    const sink = createHttpSink({ url: collector.url, batchSize: 10, backoffMs: 5, maxBackoffMs: 20 });
    const err = captureStderr();
    try {
      for (let i = 0; i < 25; i++) sink.write(makeEvent(i));
      await sink.flush!();
    } finally { err.restore(); }
    expect(collector.events.map((e) => e.message)).to.deep.equal(Array.from({ length: 25 }, (_, i) => `event ${i}`));
    expect(sink.stats()).to.include({ delivered: 25, dropped: 0, retries: 3 });
    expect(err.lines.filter((l) => l.includes('retrying'))).to.have.length(1);
    expect(err.lines.every((l) => l.startsWith('muxi-tracing: '))).to.equal(true);
    await sink.close!();
  });

  it('drops a batch the collector refuses with a 4xx, counted, and goes on', async () => {
    let n = 0;
    collector.status = () => (++n === 1 ? 400 : 200);
    const sink = createHttpSink({ url: collector.url, batchSize: 5 });
    const err = captureStderr();
    try {
      for (let i = 0; i < 10; i++) sink.write(makeEvent(i));
      await sink.flush!();
      await sink.close!();
    } finally { err.restore(); }
    expect(sink.stats()).to.include({ delivered: 5, dropped: 5 });
    expect(collector.events.map((e) => e.message)).to.deep.equal([5, 6, 7, 8, 9].map((i) => `event ${i}`));
    expect(err.lines.join('')).to.include('HTTP 400');
  });

  it('survives the collector going away: bounded buffer, drops counted and reported once, delivery resumes', async () => {
    const port = collector.port;
    const sink = createHttpSink({ url: collector.url, batchSize: 20, intervalMs: 5, maxBufferBytes: 8 * 1024, maxRetries: 2, backoffMs: 5, maxBackoffMs: 10 });
    for (let i = 0; i < 20; i++) sink.write(makeEvent(i));
    await sink.flush!();
    expect(collector.events).to.have.length(20);

    await collector.stop();
    const err = captureStderr();
    let maxBuffered: number;
    try {
      maxBuffered = await writeWatchingBuffer(sink, 20, 1020, 1);
      await sink.flush!(); // every pending batch is given up after maxRetries: nothing left
    } finally { err.restore(); }
    const down = sink.stats();
    expect(maxBuffered).to.be.at.most(8 * 1024);
    expect(down.bufferedBytes).to.equal(0);
    expect(down.dropped).to.equal(1000);
    expect(err.lines.filter((l) => l.includes('buffer full'))).to.have.length(1);
    expect(err.lines.filter((l) => l.includes('gave up'))).to.have.length(1);

    collector = new Collector();
    await collector.start(port);
    for (let i = 1020; i < 1040; i++) sink.write(makeEvent(i));
    await sink.flush!();
    expect(collector.events.map((e) => e.message)).to.deep.equal(Array.from({ length: 20 }, (_, i) => `event ${1020 + i}`));
    const end = sink.stats();
    expect(end).to.include({ delivered: 40, dropped: 1000 });
    const quiet = captureStderr();
    try { await sink.close!(); } finally { quiet.restore(); }
    expect(quiet.lines).to.deep.equal(['muxi-tracing: http sink: closed; 1000 events dropped in total, 40 delivered']);
  });

  it('close() delivers what is pending, then drops later writes (counted)', async () => {
    const sink = createHttpSink({ url: collector.url, batchSize: 1000, intervalMs: 60_000 });
    for (let i = 0; i < 7; i++) sink.write(makeEvent(i));
    const err = captureStderr();
    try {
      await sink.close!();
      sink.write(makeEvent(8));
      await sink.close!();
    } finally { err.restore(); }
    expect(collector.events).to.have.length(7);
    expect(sink.stats()).to.include({ delivered: 7, dropped: 1 });
  });

  it('close() gives up at its deadline when the collector never answers', async () => {
    await collector.stop();
    const sink = createHttpSink({ url: collector.url, batchSize: 5, backoffMs: 10_000, maxBackoffMs: 10_000, closeTimeoutMs: 50 });
    for (let i = 0; i < 12; i++) sink.write(makeEvent(i));
    const err = captureStderr();
    try { await sink.close!(); } finally { err.restore(); }
    expect(sink.stats()).to.include({ delivered: 0, dropped: 12, bufferedBytes: 0 });
    expect(err.lines.some((l) => l.includes('12 events dropped in total'))).to.equal(true);
  });

  it('reads its settings from TRACING_HTTP_* and rejects bad ones by name', () => {
    expect(httpOptionsFromEnv({ TRACING_HTTP_URL: 'http://x/y', TRACING_HTTP_BATCH_SIZE: '9', TRACING_HTTP_MAX_BUFFER: '1M', TRACING_HTTP_HEADERS: '{"a":"b"}' }))
      .to.deep.equal({ url: 'http://x/y', batchSize: 9, maxBufferBytes: 1024 * 1024, headers: { a: 'b' } });
    expect(() => httpOptionsFromEnv({})).to.throw(/TRACING_HTTP_URL/);
    expect(() => httpOptionsFromEnv({ TRACING_HTTP_URL: 'http://x', TRACING_HTTP_BATCH_SIZE: 'many' })).to.throw(/TRACING_HTTP_BATCH_SIZE/);
    expect(() => httpOptionsFromEnv({ TRACING_HTTP_URL: 'http://x', TRACING_HTTP_HEADERS: '[1]' })).to.throw(/TRACING_HTTP_HEADERS/);
    expect(() => httpOptionsFromEnv({ TRACING_HTTP_URL: 'http://x', TRACING_HTTP_MAX_BUFFER: 'lots' })).to.throw(/TRACING_HTTP_MAX_BUFFER/);
  });

  it('loads through TRACING_EXTERNAL_SINK as a module specifier and receives the tracer\'s events', async () => {
    const saved = process.env.TRACING_HTTP_URL;
    process.env.TRACING_HTTP_URL = collector.url;
    try {
      const t = new Tracer({ env: false, stdout: false, externalSink: './samples/sinks/http-sink.ts' });
      await t.ready();
      const traceId = t.startTrace({ userId: 'u-9' }, () => {
        const id = t.userMessage('hello', 'u-9');
        t.orchestratorRoute('hello', 'greeter');
        t.orchestratorResponse('hi');
        return id;
      });
      await t.shutdown();
      const got = collector.events;
      expect(got.map((e) => `${e.component}:${e.operation}`)).to.deep.equal(['user:message', 'orchestrator:route', 'orchestrator:response']);
      expect(got.every((e) => e.trace_id === traceId && e.user_id === 'u-9')).to.equal(true);
    } finally {
      if (saved === undefined) delete process.env.TRACING_HTTP_URL; else process.env.TRACING_HTTP_URL = saved;
    }
  });

  it('a missing TRACING_HTTP_URL makes ready() reject with a TracingConfigError naming it', async () => {
    const saved = process.env.TRACING_HTTP_URL;
    delete process.env.TRACING_HTTP_URL;
    const err = captureStderr();
    try {
      const t = new Tracer({ env: false, stdout: false, externalSink: './samples/sinks/http-sink.ts' });
      let caught: unknown;
      await t.ready().catch((e: unknown) => { caught = e; });
      expect((caught as Error).name).to.equal('TracingConfigError');
      expect((caught as Error).message).to.include('TRACING_HTTP_URL');
      await t.shutdown();
    } finally {
      err.restore();
      if (saved !== undefined) process.env.TRACING_HTTP_URL = saved;
    }
  });
});

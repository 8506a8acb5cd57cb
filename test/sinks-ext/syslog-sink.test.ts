/**
 * The syslog extension sink (samples/sinks/syslog-sink.ts) against real listeners on 127.0.0.1:
 * TCP and TLS with octet-counting framing, and UDP; including the listener going away and back.
 */
import { expect } from 'chai';
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Tracer } from '../../src/index.js';
import type { TraceEvent } from '../../src/index.js';
import { SEVERITY, createSyslogSink, formatSyslog, syslogOptionsFromEnv } from '../../samples/sinks/syslog-sink.js';
import { captureStderr, listenLocal, makeEvent, until, writeWatchingBuffer } from './helpers.js';

// A self-signed certificate for 127.0.0.1/localhost, made for these tests only (valid to 2126).
const CERT = readFileSync(new URL('./fixtures/syslog-test.crt', import.meta.url));
const KEY = readFileSync(new URL('./fixtures/syslog-test.key', import.meta.url));

/** One RFC 5424 message, split into its fields; throws when it is not one. */
function parse5424(msg: string): { pri: number; ts: string; host: string; app: string; procId: string; msgId: string; sd: Record<string, string>; body: string } {
  const sdParam = String.raw`[^\s=\]"]{1,32}="(?:[^"\\\]]|\\["\\\]])*"`;
  const re = new RegExp(String.raw`^<(\d{1,3})>1 (\S+) ([\x21-\x7e]{1,255}) ([\x21-\x7e]{1,48}) ([\x21-\x7e]{1,128}) ([\x21-\x7e]{1,32}) ` +
    String.raw`(-|(?:\[[^\s=\]"]{1,32}(?: ${sdParam})*\])+) ([\s\S]*)$`);
  const m = re.exec(msg);
  if (!m) throw new Error(`not an RFC 5424 message: ${msg.slice(0, 200)}`);
  const sd: Record<string, string> = {};
  for (const p of m[7]!.matchAll(/ ([^\s=\]"]+)="((?:[^"\\\]]|\\["\\\]])*)"/g)) sd[p[1]!] = p[2]!.replace(/\\(["\\\]])/g, '$1');
  return { pri: Number(m[1]), ts: m[2]!, host: m[3]!, app: m[4]!, procId: m[5]!, msgId: m[6]!, sd, body: m[8]! };
}

/** A TCP (or TLS) syslog listener reading octet-counted frames (RFC 6587 §3.4.1). */
class Listener {
  readonly messages: string[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly tls = false) {}

  async start(port = 0): Promise<void> {
    const onSocket = (sock: Socket): void => {
      this.sockets.add(sock);
      sock.on('close', () => this.sockets.delete(sock));
      sock.on('error', () => {});
      let buf = Buffer.alloc(0);
      sock.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        for (;;) {
          const sp = buf.indexOf(0x20);
          if (sp < 0) break;
          const prefix = buf.subarray(0, sp).toString('latin1');
          if (!/^[1-9]\d{0,8}$/.test(prefix)) throw new Error(`bad octet count ${JSON.stringify(prefix)}`);
          const len = Number(prefix);
          if (buf.length < sp + 1 + len) break;
          this.messages.push(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
          buf = buf.subarray(sp + 1 + len);
        }
      });
    };
    this.server = this.tls ? createTlsServer({ key: KEY, cert: CERT }, onSocket) : createServer(onSocket);
    this.server.on('tlsClientError', () => {});
    this.port = await listenLocal(this.server, port);
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const sock of this.sockets) sock.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Waits (bounded) until `n` messages arrived. */
  async received(n: number): Promise<string[]> {
    await until(() => this.messages.length >= n);
    return this.messages;
  }
}

/** Checks one received message against the event it came from. */
function expectMessage(msg: string, e: TraceEvent): void {
  const p = parse5424(msg);
  expect(p.pri).to.equal(16 * 8 + SEVERITY[e.level]);
  expect(p.ts).to.equal(e.timestamp);
  expect(p.app).to.equal('muxi');
  expect(p.procId).to.equal(String(process.pid));
  expect(p.msgId).to.equal(`${e.component}:${e.operation}`);
  expect(p.sd).to.include({ trace_id: e.trace_id, span_id: e.span_id });
  expect(JSON.parse(p.body)).to.deep.equal(e);
}

describe('sinks-ext: syslog sink', function () {
  this.timeout(30_000);

  it('formats RFC 5424 with severities from levels and escaped structured data', () => {
    expect(SEVERITY).to.deep.equal({ TRACE: 7, DEBUG: 7, INFO: 6, WARN: 4, ERROR: 3 });
    const e = makeEvent(9, { agent_id: 'a"b]c\\d', user_id: 'u 1' });
    const p = parse5424(formatSyslog(e, { facility: 1, appName: 'my app', host: 'web-1', procId: '42' }));
    expect(p).to.deep.include({ pri: 8 + 3, host: 'web-1', app: 'my_app', procId: '42', msgId: 'agent:tool_call_error' });
    expect(p.sd).to.deep.equal({ trace_id: e.trace_id, span_id: e.span_id, parent_span_id: e.parent_span_id, agent_id: 'a"b]c\\d', user_id: 'u 1' });
    expect(JSON.parse(p.body)).to.deep.equal(e);
  });

  it('TCP: every event arrives as one octet-counted RFC 5424 message, in order', async () => {
    const l = new Listener();
    await l.start();
    const sink = createSyslogSink({ url: `tcp://127.0.0.1:${l.port}` });
    const sent = Array.from({ length: 200 }, (_, i) => makeEvent(i));
    for (const e of sent) sink.write(e);
    await sink.flush!();
    const got = await l.received(200);
    expect(got).to.have.length(200);
    got.forEach((m, i) => expectMessage(m, sent[i]!));
    expect(sink.stats()).to.include({ sent: 200, dropped: 0, connects: 1, bufferedBytes: 0 });
    await sink.close!();
    await l.stop();
  });

  it('TCP: survives the listener going away: bounded buffer, drops counted and reported once, delivery resumes', async () => {
    const l = new Listener();
    await l.start();
    const port = l.port;
    const sink = createSyslogSink({ url: `tcp://127.0.0.1:${port}`, maxBufferBytes: 16 * 1024, backoffMs: 5, maxBackoffMs: 50 });
    for (let i = 0; i < 10; i++) sink.write(makeEvent(i));
    await sink.flush!();
    expect(await l.received(10)).to.have.length(10);

    await l.stop();
    await until(() => !sink.stats().connected);
    expect(sink.stats().connected).to.equal(false);
    const err = captureStderr();
    let maxBuffered: number;
    try {
      maxBuffered = await writeWatchingBuffer(sink, 10, 510, 2); // reconnect attempts fail meanwhile
    } finally { err.restore(); }
    const down = sink.stats();
    expect(maxBuffered).to.be.at.most(16 * 1024);
    expect(down.dropped).to.be.greaterThan(0);
    expect(err.lines.filter((x) => x.includes('buffer full'))).to.have.length(1);
    expect(err.lines.every((x) => x.startsWith('muxi-tracing: '))).to.equal(true);

    const back = new Listener();
    await back.start(port);
    await sink.flush!(); // resolves once the reconnected socket took the buffered frames
    const buffered = 500 - down.dropped;
    const got = await back.received(buffered);
    expect(got).to.have.length(buffered);
    // What was kept is the oldest part of the outage, in order (new events are the ones dropped).
    got.forEach((m, i) => expectMessage(m, makeEvent(10 + i)));
    for (let i = 510; i < 520; i++) sink.write(makeEvent(i));
    await sink.flush!();
    expect(await back.received(buffered + 10)).to.have.length(buffered + 10);
    const end = sink.stats();
    expect(end.sent + end.dropped).to.equal(520);
    expect(end.connects).to.equal(2);
    const quiet = captureStderr();
    try { await sink.close!(); } finally { quiet.restore(); }
    expect(quiet.lines).to.deep.equal([`muxi-tracing: syslog sink: closed; ${down.dropped} events dropped in total, ${end.sent} sent`]);
    await back.stop();
  });

  it('TLS: delivers with a trusted CA, and refuses an untrusted server without crashing', async () => {
    const l = new Listener(true);
    await l.start();
    const ok = createSyslogSink({ url: `tls://127.0.0.1:${l.port}`, ca: CERT });
    const sent = Array.from({ length: 20 }, (_, i) => makeEvent(i));
    for (const e of sent) ok.write(e);
    await ok.flush!();
    const got = await l.received(20);
    got.forEach((m, i) => expectMessage(m, sent[i]!));
    await ok.close!();

    const untrusted = createSyslogSink({ url: `tls://127.0.0.1:${l.port}`, backoffMs: 5, maxBackoffMs: 20, closeTimeoutMs: 100 });
    const err = captureStderr();
    try {
      for (let i = 0; i < 5; i++) untrusted.write(makeEvent(i));
      await untrusted.close!();
    } finally { err.restore(); }
    expect(untrusted.stats()).to.include({ sent: 0, dropped: 5, connects: 0 });
    expect(err.lines.join('\n')).to.match(/self[- ]signed/i);
    expect(l.messages).to.have.length(20);
    await l.stop();
  });

  it('UDP: one RFC 5424 message per datagram', async () => {
    const server: UdpSocket = createSocket('udp4');
    const messages: string[] = [];
    server.on('message', (m) => messages.push(m.toString('utf8')));
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', () => resolve()));
    const sink = createSyslogSink({ url: `udp://127.0.0.1:${server.address().port}` });
    const sent = Array.from({ length: 30 }, (_, i) => makeEvent(i));
    for (const e of sent) sink.write(e);
    await sink.flush!();
    await until(() => messages.length >= 30);
    expect(messages).to.have.length(30);
    messages.forEach((m, i) => expectMessage(m, sent[i]!));
    await sink.close!();
    server.close();
  });

  it('cuts a message longer than maxMessageBytes at a UTF-8 boundary', () => {
    const big = makeEvent(1, { message: 'é'.repeat(1000) });
    const l = formatSyslog(big, { facility: 16, appName: 'muxi', host: 'h' });
    expect(Buffer.byteLength(l)).to.be.greaterThan(1000);
    const sink = createSyslogSink({ url: 'udp://127.0.0.1:9', maxMessageBytes: 501 });
    sink.write(big);
    expect(sink.stats().truncated).to.equal(1);
    return sink.close!();
  });

  it('reads its settings from TRACING_SYSLOG_* and rejects bad ones by name', () => {
    expect(syslogOptionsFromEnv({ TRACING_SYSLOG_URL: 'tls://logs.example.com:6514', TRACING_SYSLOG_FACILITY: 'local7', TRACING_SYSLOG_APP_NAME: 'shop', TRACING_SYSLOG_MAX_BUFFER: '1M' }))
      .to.deep.equal({ url: 'tls://logs.example.com:6514', facility: 23, appName: 'shop', maxBufferBytes: 1024 * 1024 });
    expect(() => syslogOptionsFromEnv({})).to.throw(/TRACING_SYSLOG_URL/);
    expect(() => syslogOptionsFromEnv({ TRACING_SYSLOG_URL: 'http://x:1' })).to.throw(/TRACING_SYSLOG_URL/);
    expect(() => syslogOptionsFromEnv({ TRACING_SYSLOG_URL: 'udp://x:1', TRACING_SYSLOG_FACILITY: 'local9' })).to.throw(/TRACING_SYSLOG_FACILITY/);
    expect(() => syslogOptionsFromEnv({ TRACING_SYSLOG_URL: 'tcp://x:1', TRACING_SYSLOG_CA: '/nonexistent/ca.pem' })).to.throw(/TRACING_SYSLOG_CA/);
  });

  it('loads through TRACING_EXTERNAL_SINK as a module specifier and receives the tracer\'s events', async () => {
    const l = new Listener();
    await l.start();
    const saved = process.env.TRACING_SYSLOG_URL;
    process.env.TRACING_SYSLOG_URL = `tcp://127.0.0.1:${l.port}`;
    try {
      const t = new Tracer({ env: false, stdout: false, externalSink: './samples/sinks/syslog-sink.ts' });
      await t.ready();
      t.startTrace({ userId: 'u-7' }, () => {
        t.userMessage('hello', 'u-7');
        t.agentProcessing('greeter');
        t.agentToolCall('greeter', 'srv', 'lookup', { q: 1 });
        t.agentToolResult('greeter', 'srv', 'lookup', { isError: true, content: [] });
        t.agentResponse('greeter', 'hi');
        t.orchestratorResponse('hi');
      });
      await t.shutdown();
      const got = (await l.received(6)).map(parse5424);
      expect(got.map((p) => p.msgId)).to.deep.equal(['user:message', 'agent:process_start', 'agent:tool_call', 'agent:tool_result', 'agent:response', 'orchestrator:response']);
      expect(got[3]!.pri).to.equal(16 * 8 + 3); // the isError tool result is at ERROR
      expect(got.map((p) => (JSON.parse(p.body) as TraceEvent).user_id)).to.deep.equal(Array(6).fill('u-7'));
    } finally {
      if (saved === undefined) delete process.env.TRACING_SYSLOG_URL; else process.env.TRACING_SYSLOG_URL = saved;
      await l.stop();
    }
  });
});

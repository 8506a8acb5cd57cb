/**
 * The extension sinks in a real app process that uses the `tracer` singleton, configured only by
 * the environment and never calling shutdown(): the process still exits by itself (no socket or
 * timer of a sink keeps it alive) and the events are delivered (the tracer flushes on beforeExit).
 */
import { expect } from 'chai';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { runTsx } from '../helpers/run-node.js';

const APP = `import('./src/index.js').then(({ tracer }) => tracer.startTrace({ userId: 'u-exit' }, () => {
  tracer.userMessage('bye', 'u-exit');
  tracer.orchestratorRoute('bye', 'greeter');
  tracer.orchestratorResponse('see you');
}));`;

/** Runs the app with these variables; resolves with its exit code (kills it after 20 s). */
function runApp(env: Record<string, string>): Promise<number | null> {
  return runTsx(['-e', APP], { TRACING_STDOUT: 'false', TRACING_FILE: '', ...env }, 20_000);
}

describe('sinks-ext: extension sinks in an app that just ends', function () {
  this.timeout(60_000);

  it('HTTP and syslog sinks deliver the app\'s events and let it exit by itself', async () => {
    const bodies: string[] = [];
    const http = createHttpServer((req, res) => {
      let b = '';
      req.on('data', (d: Buffer) => { b += d.toString('utf8'); });
      req.on('end', () => { bodies.push(b); res.end(); });
    });
    const frames: string[] = [];
    const tcp = createServer((s) => s.on('data', (d: Buffer) => frames.push(d.toString('utf8'))).on('error', () => {}));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    try {
      const [httpCode, syslogCode] = await Promise.all([
        runApp({ TRACING_EXTERNAL_SINK: './samples/sinks/http-sink.ts', TRACING_HTTP_URL: `http://127.0.0.1:${(http.address() as AddressInfo).port}/` }),
        runApp({ TRACING_EXTERNAL_SINK: './samples/sinks/syslog-sink.ts', TRACING_SYSLOG_URL: `tcp://127.0.0.1:${(tcp.address() as AddressInfo).port}` }),
      ]);
      expect(httpCode).to.equal(0);
      expect(syslogCode).to.equal(0);
      const lines = bodies.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { operation: string; user_id: string });
      expect(lines.map((e) => e.operation)).to.deep.equal(['message', 'route', 'response']);
      expect(lines.every((e) => e.user_id === 'u-exit')).to.equal(true);
      const msgIds = [...frames.join('').matchAll(/\d+ <\d+>1 \S+ \S+ \S+ \S+ (\S+) /g)].map((m) => m[1]);
      expect(msgIds).to.deep.equal(['user:message', 'orchestrator:route', 'orchestrator:response']);
    } finally {
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
      await new Promise<void>((r) => tcp.close(() => r()));
    }
  });
});

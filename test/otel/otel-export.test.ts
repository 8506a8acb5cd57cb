/**
 * samples/otel-export.ts against a local OTLP/HTTP receiver (a Node HTTP server on
 * 127.0.0.1): the spans arrive with the GenAI names and the trace id the sample printed.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SAMPLE = fileURLToPath(new URL('../../samples/otel-export.ts', import.meta.url));

interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string }

describe('sample: OTLP/HTTP export', function () {
  this.timeout(30_000);

  it('exports the conversation to OTEL_EXPORTER_OTLP_ENDPOINT with our trace id', async () => {
    const bodies: Array<{ path: string; type: string; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        bodies.push({ path: req.url ?? '', type: String(req.headers['content-type']), body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { stdout } = await run(process.execPath, ['--import', 'tsx', SAMPLE], {
        env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, TRACING_STDOUT: 'false' }, cwd: process.cwd(),
      });
      const traceId = /trace ([0-9a-f]{32}) exported/.exec(stdout)?.[1];
      expect(traceId, stdout).to.match(/^[0-9a-f]{32}$/);
      expect(bodies.map((b) => b.path)).to.include('/v1/traces');
      const spans: OtlpSpan[] = [];
      for (const b of bodies) {
        expect(b.type).to.include('application/json');
        const doc = JSON.parse(b.body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
        for (const rs of doc.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      expect(spans.map((s) => s.name).sort()).to.deep.equal(
        ['chat gpt-4o', 'execute_tool forecast', 'invoke_agent weather-agent', 'invoke_workflow orchestrator', 'tools/call forecast']);
      for (const s of spans) expect(s.traceId.toLowerCase()).to.equal(traceId);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

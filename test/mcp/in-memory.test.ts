/**
 * MCP propagation in one process (the SDK's InMemoryTransport): what the client puts in
 * `params._meta` of every request, and that the server runs handlers in the trace the
 * request carries (a different trace from the ambient one, so the join can't come from
 * AsyncLocalStorage alone).
 */
import { expect } from 'chai';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { MemorySink, Tracer } from '../../src/index.js';
import { contextManager } from '../../src/context.js';
import { instrumentMcpClient, instrumentMcpServer, traceMetaOf, withTraceMeta } from '../../src/mcp/index.js';

const REMOTE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

async function setup() {
  const sink = new MemorySink();
  const t = new Tracer({ env: false, stdout: false, sinks: [sink] });
  const seen: Array<{ traceId?: string; spanId?: string; traceState?: string }> = [];
  const server = new McpServer({ name: 's', version: '1.0.0' });
  server.registerTool('probe', { inputSchema: { x: z.number() } }, () => {
    const c = contextManager.active();
    seen.push({ traceId: c?.traceId, spanId: c?.spanId, traceState: c?.traceState });
    return { content: [{ type: 'text', text: 'ok' }] };
  });
  instrumentMcpServer(server, { tracer: t });
  const [ct, st] = InMemoryTransport.createLinkedPair();
  const sent: JSONRPCMessage[] = [];
  const send = ct.send.bind(ct);
  ct.send = (m, o) => {
    sent.push(m);
    return send(m, o);
  };
  const client = new Client({ name: 'c', version: '1.0.0' });
  await server.connect(st);
  await client.connect(ct);
  return { t, sink, client, server, seen, sent };
}

const requests = (sent: JSONRPCMessage[], method: string) =>
  sent.filter((m) => 'method' in m && m.method === method) as Array<{ params?: { _meta?: Record<string, unknown> } }>;

describe('MCP propagation in process', () => {
  it('puts traceparent and tracestate in every request and emits nothing itself', async () => {
    const { t, sink, client, sent } = await setup();
    instrumentMcpClient(client, { tracer: t });
    instrumentMcpClient(client, { tracer: t }); // idempotent
    await t.continueTrace(REMOTE, async () => {
      const span = t.startSpan({ component: 'mcp', operation: 'tool_call', message: 'call' });
      await contextManager.with(span.ctx, async () => {
        await client.listTools();
        await client.callTool({ name: 'probe', arguments: { x: 1 } });
      });
      span.end('tool_result', { message: 'done' });
      const want = `00-4bf92f3577b34da6a3ce929d0e0e4736-${span.spanId}-01`;
      for (const method of ['tools/list', 'tools/call']) {
        const [req] = requests(sent, method);
        expect(req?.params?._meta, method).to.deep.equal({ traceparent: want, tracestate: 'vendor=abc' });
      }
    }, 'vendor=abc');
    expect(sink.names()).to.deep.equal(['mcp:tool_call', 'mcp:tool_result']);
  });

  it('adds nothing outside a trace and leaves the caller request untouched', async () => {
    const { t, client, sent } = await setup();
    instrumentMcpClient(client, { tracer: t });
    const params = { name: 'probe', arguments: { x: 1 }, _meta: { mine: 1 } };
    await client.callTool(params);
    expect(requests(sent, 'tools/call')[0]?.params?._meta).to.deep.equal({ mine: 1 });
    expect(params._meta).to.deep.equal({ mine: 1 });
  });

  it('runs server handlers in the trace the request carries, with its tracestate', async () => {
    const { t, client, seen } = await setup();
    instrumentMcpClient(client, { tracer: t });
    await t.startTrace({}, async () => {
      // a caller-set traceparent wins over the ambient one: the handler must see the remote trace
      await client.callTool({ name: 'probe', arguments: { x: 1 }, _meta: { traceparent: REMOTE, tracestate: 'k=v' } });
    });
    expect(seen[0]).to.deep.equal({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceState: 'k=v' });
  });

  it('starts a fresh trace for an invalid traceparent and never throws', async () => {
    const { t, client, seen } = await setup();
    instrumentMcpClient(client, { tracer: t });
    const res = await client.callTool({ name: 'probe', arguments: { x: 1 }, _meta: { traceparent: '00-XYZ-bad-01' } });
    expect(res.isError ?? false).to.equal(false);
    expect(seen[0]?.traceId).to.match(/^[0-9a-f]{32}$/);
    expect(seen[0]?.spanId).to.equal(undefined);
  });

  it('withTraceMeta and traceMetaOf read and write only the reserved keys', () => {
    const t = new Tracer({ env: false, stdout: false });
    const req = { method: 'tools/call', params: { name: 'x', _meta: { a: 1 } } };
    expect(withTraceMeta(req, t)).to.equal(req);
    t.continueTrace(REMOTE, () => {
      const out = withTraceMeta(req, t);
      expect(out.params._meta).to.deep.equal({ a: 1, traceparent: REMOTE });
      expect(traceMetaOf(out)).to.deep.equal({ traceparent: REMOTE });
    });
    expect(traceMetaOf({ params: { _meta: { traceparent: 5 } } })).to.deep.equal({});
    expect(traceMetaOf(null)).to.deep.equal({});
  });

  it('reports instead of throwing when given something that is not an MCP object', () => {
    const odd = { nothing: true };
    expect(instrumentMcpClient(odd as never)).to.equal(odd);
    expect(instrumentMcpServer(odd as never)).to.equal(odd);
  });
});

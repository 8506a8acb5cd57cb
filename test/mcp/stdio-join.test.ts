/**
 * A real MCP client (this process) and a real MCP server process over stdio: the server's
 * events join the caller's trace, under the caller's span at the time of the call, whatever
 * the order of instrumenting, connecting and registering tools.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { MemorySink, Tracer } from '../../src/index.js';
import { contextManager } from '../../src/context.js';
import { parseTraceparent } from '../../src/trace-context.js';
import type { TraceEvent } from '../../src/index.js';
import { instrumentMcpClient } from '../../src/mcp/index.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/mcp-traced-server.ts', import.meta.url));

interface Answer {
  meta: Record<string, unknown>;
  traceparent: string | null;
}

async function callOnce(mode: string, clientFirst: boolean, tool = 'lookup') {
  const dir = mkdtempSync(join(tmpdir(), 'muxi-mcp-'));
  const file = join(dir, 'server.jsonl');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', FIXTURE],
    env: { ...process.env, TRACING_FILE: file, MCP_MODE: mode } as Record<string, string>,
    stderr: 'inherit',
  });
  const client = new Client({ name: 'muxi-test', version: '1.0.0' });
  if (clientFirst) instrumentMcpClient(client);
  await client.connect(transport);
  if (!clientFirst) instrumentMcpClient(client);
  const sink = new MemorySink();
  const caller = new Tracer({ env: false, stdout: false, sinks: [sink] });
  try {
    return await caller.startTrace({ userId: 'u1' }, async () => {
      const traceId = caller.userMessage('Weather in Paris?', 'u1');
      caller.agentProcessing('weather-agent');
      caller.agentToolCall('weather-agent', 'weather', tool, { city: 'Paris' });
      const mcpSpan = caller.startSpan({ component: 'mcp', operation: 'tool_call', message: `executing ${tool}`, data: { server: 'weather', tool } });
      const res = await contextManager.with(mcpSpan.ctx, () =>
        client.callTool({ name: tool, arguments: { city: 'Paris' }, _meta: { 'muxi.dev/caller': 'keep-me', progressToken: 7 } }));
      mcpSpan.end('tool_result', { message: 'done' });
      const text = (res.content as Array<{ text: string }>)[0]!.text;
      const server = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceEvent) : [];
      return { traceId, mcpSpanId: mcpSpan.spanId, answer: JSON.parse(text) as Answer, server, callerEvents: sink.events };
    });
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectJoined(r: Awaited<ReturnType<typeof callOnce>>): void {
  expect(r.server.map((e) => `${e.component}:${e.operation}`)).to.deep.equal([
    'weather_server:handler_entered', 'weather_server:lookup_start', 'weather_server:cache_check', 'weather_server:lookup_end',
  ]);
  for (const e of r.server) expect(e.trace_id, `${e.operation} trace`).to.equal(r.traceId);
  const [entered, start, check, end] = r.server as [TraceEvent, TraceEvent, TraceEvent, TraceEvent];
  expect(entered.parent_span_id).to.equal(r.mcpSpanId);
  expect(start.parent_span_id).to.equal(r.mcpSpanId);
  expect(check.parent_span_id).to.equal(start.span_id);
  expect(end.span_id).to.equal(start.span_id);
  const tp = parseTraceparent(r.answer.traceparent);
  expect(tp?.traceId).to.equal(r.traceId);
  expect(tp?.parentSpanId).to.equal(r.mcpSpanId);
}

describe('MCP propagation over stdio (real server process)', function () {
  this.timeout(30_000);

  it('joins the caller trace when the server is instrumented before its tools are registered (client instrumented before connect)', async () => {
    const r = await callOnce('instrument-first', true);
    expectJoined(r);
    expect(r.answer.meta['traceparent']).to.equal(`00-${r.traceId}-${r.mcpSpanId}-01`);
    expect(r.answer.meta['muxi.dev/caller']).to.equal('keep-me');
    expect(r.answer.meta['progressToken']).to.equal(7);
    // the client side emits nothing of its own
    expect(r.callerEvents.map((e) => e.component)).to.not.include('mcp_client');
    expect(r.callerEvents.filter((e) => e.component === 'mcp').map((e) => e.operation)).to.deep.equal(['tool_call', 'tool_result']);
  });

  it('joins when the server is instrumented after its tools are registered (client instrumented after connect)', async () => {
    const r = await callOnce('register-first', false);
    expectJoined(r);
    expect(r.answer.meta['muxi.dev/caller']).to.equal('keep-me');
  });

  it('joins when the server is instrumented after connect, for a tool registered after that', async () => {
    expectJoined(await callOnce('after-connect', true, 'late_lookup'));
  });

  it('joins with the low-level Server and a handler set after connect and instrumentation', async () => {
    expectJoined(await callOnce('low-level', false));
  });
});

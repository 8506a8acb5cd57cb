/**
 * The `otel` sink with the real OpenTelemetry SDK (BasicTracerProvider, SimpleSpanProcessor,
 * InMemorySpanExporter, AsyncLocalStorageContextManager), driven by a full MUXI flow of
 * component methods and spans.
 */
import { expect } from 'chai';
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { MemorySink, MuxiIdGenerator, Tracer, createOtelSink, failureCounts } from '../../src/index.js';
import type { TraceEvent } from '../../src/index.js';

const REMOTE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** One user message through orchestrator, agent, model, tool and MCP handler. */
async function muxiFlow(t: Tracer, opts: { toolFails?: boolean; mcpThrows?: boolean; remote?: string } = {}): Promise<string> {
  const run = <R>(fn: () => R): R => (opts.remote !== undefined ? t.continueTrace(opts.remote, fn) : t.startTrace({}, fn));
  return run(async () => {
    const traceId = t.userMessage('Weather in Paris?', 'u1');
    t.orchestratorRoute('Weather in Paris?', 'weather-agent');
    t.agentProcessing('weather-agent');
    const llm = t.startSpan({ component: 'agent', operation: 'llm_call', message: "Agent 'weather-agent' calling model 'gpt-4o'", agentId: 'weather-agent', data: { model: 'gpt-4o' } });
    await Promise.resolve();
    llm.end('llm_result', { message: 'answer', data: { model: 'gpt-4o', usage: { input_tokens: 12, output_tokens: 5 } } });
    t.agentToolCall('weather-agent', 'weather', 'forecast', { city: 'Paris' });
    const mcp = t.startSpan({ component: 'mcp', operation: 'tool_call', message: 'executing forecast', data: { server: 'weather', tool: 'forecast', params: {} } });
    if (opts.mcpThrows) mcp.end('tool_call_error', { message: 'boom', error: new TypeError('server went away') });
    else mcp.end('tool_result', { message: 'ok', level: opts.toolFails ? 'ERROR' : undefined, data: { server: 'weather', tool: 'forecast' } });
    t.agentToolResult('weather-agent', 'weather', 'forecast', opts.toolFails ? { isError: true, content: [] } : { content: [] });
    t.agentResponse('weather-agent', 'Sunny');
    t.orchestratorResponse('Sunny in Paris');
    return traceId;
  });
}

const byName = (spans: ReadableSpan[], name: string): ReadableSpan => {
  const s = spans.find((x) => x.name === name);
  if (!s) throw new Error(`no span ${name} in ${spans.map((x) => x.name).join(', ')}`);
  return s;
};

describe('otel sink with only @opentelemetry/api (no SDK registered)', () => {
  it('bridges into the no-op tracer without failing', async () => {
    const before = [...failureCounts().values()].reduce((a, b) => a + b, 0);
    const t = new Tracer({ env: false, stdout: false, sinks: [createOtelSink({ api })] });
    await muxiFlow(t, { mcpThrows: true });
    await t.shutdown();
    expect([...failureCounts().values()].reduce((a, b) => a + b, 0)).to.equal(before);
  });
});

describe('otel sink with the OpenTelemetry SDK', () => {
  let exporter: InMemorySpanExporter;
  let provider: BasicTracerProvider;

  beforeEach(() => {
    exporter = new InMemorySpanExporter();
    provider = new BasicTracerProvider({ idGenerator: new MuxiIdGenerator(), spanProcessors: [new SimpleSpanProcessor(exporter)] });
    api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    api.trace.setGlobalTracerProvider(provider);
  });

  afterEach(async () => {
    await provider.shutdown();
    api.trace.disable();
    api.context.disable();
  });

  it('loads as TRACING_EXTERNAL_SINK=otel and makes one span per MUXI span, with our trace and span ids', async () => {
    const events = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, externalSink: 'otel', sinks: [events] });
    await t.ready();
    const traceId = await muxiFlow(t);
    await t.flush();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).to.deep.equal(
      ['chat gpt-4o', 'execute_tool forecast', 'invoke_agent weather-agent', 'invoke_workflow orchestrator', 'tools/call forecast']);
    const opening = events.events.filter((e) => ['message', 'process_start', 'llm_call', 'tool_call'].includes(e.operation));
    for (const e of opening) {
      const s = spans.find((x) => x.spanContext().spanId === e.span_id);
      expect(s, `${e.component}:${e.operation}`).to.not.equal(undefined);
      expect(s!.spanContext().traceId).to.equal(traceId);
      expect(s!.parentSpanContext?.spanId).to.equal(e.parent_span_id);
      expect(s!.attributes['gen_ai.conversation.id']).to.equal(traceId);
      expect(s!.instrumentationScope.name).to.equal('muxi-tracing');
    }
    const root = byName(spans, 'invoke_workflow orchestrator');
    expect(root.parentSpanContext).to.equal(undefined);
    expect(root.attributes['gen_ai.operation.name']).to.equal('invoke_workflow');
    expect(root.attributes['user.id']).to.equal('u1');
    expect(root.events.map((e) => e.name)).to.deep.equal(['orchestrator:route']);
    expect(root.events[0]!.attributes?.['gen_ai.agent.name']).to.equal('weather-agent');

    const agent = byName(spans, 'invoke_agent weather-agent');
    expect(agent.attributes).to.include({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'weather-agent' });
    expect(agent.kind).to.equal(api.SpanKind.INTERNAL);
    const chat = byName(spans, 'chat gpt-4o');
    expect(chat.kind).to.equal(api.SpanKind.CLIENT);
    expect(chat.attributes).to.include({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 12, 'gen_ai.usage.output_tokens': 5 });
    expect(chat.parentSpanContext?.spanId).to.equal(agent.spanContext().spanId);
    const tool = byName(spans, 'execute_tool forecast');
    expect(tool.attributes).to.include({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'forecast', 'muxi.mcp.server': 'weather' });
    const call = byName(spans, 'tools/call forecast');
    expect(call.kind).to.equal(api.SpanKind.CLIENT);
    expect(call.attributes).to.include({ 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'forecast' });
    expect(call.parentSpanContext?.spanId).to.equal(tool.spanContext().spanId);
    for (const s of spans) {
      expect(s.status.code, s.name).to.equal(api.SpanStatusCode.UNSET);
      expect(s.ended, s.name).to.equal(true);
    }
    // the closing event's duration is the span's duration
    const close = events.events.find((e) => e.operation === 'llm_result')!;
    const micros = chat.duration[0] * 1e6 + chat.duration[1] / 1e3;
    expect(micros / 1000).to.be.closeTo(close.duration_ms!, 0.01);
    await t.shutdown();
  });

  it('marks failures: error status, error.type and an exception event', async () => {
    const t = new Tracer({ env: false, stdout: false, sinks: [createOtelSink({ api, tracerProvider: provider })] });
    await muxiFlow(t, { mcpThrows: true });
    const thrown = byName(exporter.getFinishedSpans(), 'tools/call forecast');
    expect(thrown.status).to.deep.equal({ code: api.SpanStatusCode.ERROR, message: 'server went away' });
    expect(thrown.attributes['error.type']).to.equal('TypeError');
    const ex = thrown.events.find((e) => e.name === 'exception');
    expect(ex?.attributes).to.include({ 'exception.type': 'TypeError', 'exception.message': 'server went away' });

    exporter.reset();
    await muxiFlow(t, { toolFails: true });
    const spans = exporter.getFinishedSpans();
    for (const name of ['tools/call forecast', 'execute_tool forecast']) {
      const s = byName(spans, name);
      expect(s.status.code, name).to.equal(api.SpanStatusCode.ERROR);
      expect(s.attributes['error.type'], name).to.equal('tool_error');
    }
    expect(byName(spans, 'invoke_agent weather-agent').status.code).to.equal(api.SpanStatusCode.UNSET);
  });

  it('without MuxiIdGenerator keeps the tree and puts our ids in muxi.* attributes', async () => {
    const own = new InMemorySpanExporter();
    const plain = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(own)] });
    const events = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [events, createOtelSink({ api, tracerProvider: plain })] });
    const traceId = await muxiFlow(t);
    const spans = own.getFinishedSpans();
    expect(spans).to.have.length(5);
    const root = byName(spans, 'invoke_workflow orchestrator');
    const rootEvent = events.events.find((e: TraceEvent) => e.operation === 'message')!;
    expect(root.attributes['muxi.span_id']).to.equal(rootEvent.span_id);
    expect(root.attributes['muxi.trace_id']).to.equal(traceId);
    const otelTrace = root.spanContext().traceId;
    for (const s of spans) expect(s.spanContext().traceId).to.equal(otelTrace);
    const agent = byName(spans, 'invoke_agent weather-agent');
    expect(agent.parentSpanContext?.spanId).to.equal(root.spanContext().spanId);

    // under a remote parent the trace id is the caller's even without the generator
    own.reset();
    await muxiFlow(t, { remote: REMOTE });
    for (const s of own.getFinishedSpans()) expect(s.spanContext().traceId).to.equal('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(byName(own.getFinishedSpans(), 'invoke_workflow orchestrator').parentSpanContext).to.include({ spanId: '00f067aa0ba902b7', isRemote: true });
    await plain.shutdown();
  });

  it('makes a zero-length span for a point event with no open parent, pairs *_start/*_end, and bridges an unpaired close whole', async () => {
    const t = new Tracer({ env: false, stdout: false });
    const late = t.startSpan({ component: 'worker', operation: 'warmup', message: 'warm up' });
    t.addSink(createOtelSink({ api, tracerProvider: provider }));
    t.trace('billing', 'quota_checked', 'quota ok', { level: 'INFO' });
    const s = t.startSpan({ component: 'worker', operation: 'compute_start', message: 'compute' });
    s.end('compute_end', { message: 'done' });
    late.end('warmup_end', { message: 'warm', level: 'ERROR', error: new RangeError('cold') });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((x) => x.name)).to.deep.equal(['billing quota_checked', 'worker compute', 'worker warmup']);
    expect(spans[0]!.duration).to.deep.equal([0, 0]);
    expect(spans[1]!.spanContext().spanId).to.equal(s.spanId);
    expect(spans[2]!.spanContext().spanId).to.equal(late.spanId);
    expect(spans[2]!.status.code).to.equal(api.SpanStatusCode.ERROR);
  });

  it('keeps pairing when tracer.configure() replaces the sink mid-conversation', async () => {
    const events = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, externalSink: 'otel', sinks: [events] });
    await t.ready();
    await t.startTrace({}, async () => {
      t.userMessage('hello', 'u1');
      t.agentProcessing('a');
      t.configure({ level: 'TRACE' });
      await t.ready();
      t.agentResponse('a', 'hi');
      t.orchestratorResponse('hi');
    });
    await t.flush();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((x) => x.name)).to.deep.equal(['invoke_agent a', 'invoke_workflow orchestrator']);
    for (const x of spans) expect(x.attributes['muxi.unfinished'], x.name).to.equal(undefined);
    expect(spans[0]!.spanContext().spanId).to.equal(events.events[1]!.span_id);
    await t.shutdown();
  });

  it('ends spans still open on shutdown, marked unfinished', async () => {
    const t = new Tracer({ env: false, stdout: false, sinks: [createOtelSink({ api, tracerProvider: provider })] });
    await t.startTrace({}, async () => {
      t.userMessage('hello', 'u1');
      t.agentProcessing('a');
    });
    expect(exporter.getFinishedSpans()).to.have.length(0);
    await t.shutdown();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((x) => x.name).sort()).to.deep.equal(['invoke_agent a', 'invoke_workflow orchestrator']);
    for (const x of spans) expect(x.attributes['muxi.unfinished']).to.equal(true);
  });
});

/**
 * MUXI traces to any OpenTelemetry backend over OTLP/HTTP (JSON): Jaeger, Tempo, Honeycomb,
 * an OpenTelemetry Collector...
 *
 *   node --import tsx samples/otel-export.ts
 *   OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 node --import tsx samples/otel-export.ts
 *
 * The app sets up the OpenTelemetry SDK as usual (with `MuxiIdGenerator`, so the exported
 * spans carry the same trace and span ids as the JSON lines), then turns on the built-in
 * `otel` sink (`TRACING_EXTERNAL_SINK=otel` does the same from the environment).
 * Endpoint: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, else OTEL_EXPORTER_OTLP_ENDPOINT +
 * `/v1/traces`, else http://127.0.0.1:4318/v1/traces.
 */
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MuxiIdGenerator, tracer } from 'muxi-tracing';

const env = process.env;
const base = (env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? 'http://127.0.0.1:4318').replace(/\/+$/, '');
const url = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? `${base}/v1/traces`;

// 1. The OpenTelemetry SDK, as any app sets it up; MuxiIdGenerator keeps our ids.
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': env['OTEL_SERVICE_NAME'] ?? 'muxi-demo' }),
  idGenerator: new MuxiIdGenerator(),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
});
api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
api.trace.setGlobalTracerProvider(provider);

// 2. Hand MUXI's spans to it.
tracer.configure({ externalSink: 'otel' });
await tracer.ready();

// 3. One conversation (the decorators emit the same events from a real app).
const traceId = await tracer.startTrace({}, async () => {
  const id = tracer.userMessage("What's the weather in Paris?", 'alice');
  tracer.orchestratorRoute("What's the weather in Paris?", 'weather-agent');
  tracer.agentProcessing('weather-agent');
  const llm = tracer.startSpan({ component: 'agent', operation: 'llm_call', message: "Agent 'weather-agent' calling model 'gpt-4o'", agentId: 'weather-agent', data: { model: 'gpt-4o' } });
  llm.end('llm_result', { message: 'tool call planned', data: { model: 'gpt-4o', usage: { input_tokens: 42, output_tokens: 7 } } });
  tracer.agentToolCall('weather-agent', 'weather', 'forecast', { city: 'Paris' });
  const mcp = tracer.startSpan({ component: 'mcp', operation: 'tool_call', message: "MCP server 'weather' executing tool 'forecast'", data: { server: 'weather', tool: 'forecast' } });
  mcp.end('tool_result', { message: 'sunny', data: { server: 'weather', tool: 'forecast' } });
  tracer.agentToolResult('weather-agent', 'weather', 'forecast', { content: [{ type: 'text', text: 'sunny' }] });
  tracer.agentResponse('weather-agent', 'Sunny, 24°C');
  tracer.orchestratorResponse('Sunny, 24°C in Paris');
  return id;
});

// 4. Flush our sinks, then the SDK (the otel sink never shuts down the app's provider).
await tracer.shutdown();
await provider.shutdown();
console.log(`trace ${traceId} exported to ${url}`);

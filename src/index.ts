/**
 * muxi-tracing: what an app needs in order to trace. Reading traces back (sources, the filter
 * language, statistics, formatting) is `muxi-tracing/reader`; decorators are
 * `muxi-tracing/decorators`; MCP propagation is `muxi-tracing/mcp`.
 * @packageDocumentation
 */

// Tracer
export { tracer, removeExitHooks } from './singleton.js';
export { installExitHooks } from './exit-hooks.js';
export { Tracer } from './tracer.js';
export type { ActiveSpan, SpanEnd, SpanStart, TraceOptions, TracerOptions } from './tracer.js';

// Configuration
export { defaultConfig } from './config.js';
export type { TracingConfig } from './config.js';
export { TracingConfigError, failureCounts } from './errors.js';

// Events
export type { Level, TraceError, TraceEvent } from './event.js';

// Context
export { bindContext } from './context.js';

// Redaction
export { DEFAULT_REDACT_KEYS } from './sanitize.js';
export { REDACTED, SECRET_RULES, redactSecrets } from './secret-patterns.js';

// Sinks
export { registerSink } from './sinks/registry.js';
export type { Sink, SinkFactory } from './sinks/types.js';
export { MemorySink } from './sinks/memory.js';
export { queuedSink } from './sinks/queued.js';
export type { QueuedSink, QueuedSinkOptions } from './sinks/queued.js';
export { createFileSink } from './sinks/file.js';
export type { FileSink, FileSinkOptions } from './sinks/file.js';
export { createStdoutSink } from './sinks/stdout.js';
export type { StdoutSinkOptions } from './sinks/stdout.js';

// tslog
export { tslogSink, traceFields, withTraceContext } from './tslog.js';
export type { TslogSinkOptions } from './tslog.js';

// OpenTelemetry
export { createOtelSink } from './sinks/otel.js';
export type { OtelSinkOptions } from './sinks/otel.js';
export { MuxiIdGenerator } from './sinks/otel-ids.js';

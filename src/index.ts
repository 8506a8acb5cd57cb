/**
 * muxi-tracing: the core runtime.
 * @packageDocumentation
 */

// Tracer
export { tracer, removeExitHooks } from './singleton.js';
export { installExitHooks } from './exit-hooks.js';
export type { Flushable } from './exit-hooks.js';
export { Tracer } from './tracer.js';
export type { ActiveSpan, SpanEnd, SpanStart, TraceOptions, TracerOptions } from './tracer.js';

// Configuration
export { DEFAULT_TEMPLATE, configFromEnv, defaultConfig, parseSize } from './config.js';
export type { Formatter, TracingConfig } from './config.js';
export { TracingConfigError, failureCounts, reportFailure } from './errors.js';

// Events
export { EVENT_FIELDS, LEVELS, LEVEL_RANK, closesSpan, isLevel, toTraceError } from './event.js';
export type { Level, TraceError, TraceEvent } from './event.js';
export { isSpanId, isTraceId, newSpanId, newTraceId } from './ids.js';

// Context
export { bindContext, contextManager, childContext } from './context.js';
export type { ContextManager, TraceContext } from './context.js';
export { formatTraceparent, parseTraceparent } from './trace-context.js';
export type { ParsedTraceparent } from './trace-context.js';

// Formats
export { compileTemplate, compileTime } from './format/template.js';
export { jsonLine } from './format/json.js';
export { escapeText } from './format/escape.js';
export { shouldColor, paintLevel } from './format/color.js';
export { formatterFor } from './format/index.js';

// Safety
export { DEFAULT_REDACT_KEYS, Sanitizer, truncate } from './sanitize.js';
export { REDACTED, SECRET_RULES, redactSecrets } from './secret-patterns.js';
export type { SecretRule } from './secret-patterns.js';
export type { SanitizeOptions } from './sanitize.js';

// Sinks
export { registerSink, registeredSink, registeredSinkNames, loadSink } from './sinks/registry.js';
export { MemorySink } from './sinks/memory.js';
export { createStdoutSink } from './sinks/stdout.js';
export { createFileSink } from './sinks/file.js';
export type { FileSink, FileSinkOptions } from './sinks/file.js';
export { ROTATED_SUFFIX_RE, compareRotated, dedupeRotated, listRotated, parseRotatedName, rotatedName, rotationStamp } from './sinks/rotated-names.js';
export type { RotatedFile } from './sinks/rotated-names.js';
export { StreamWriter } from './sinks/stream-writer.js';
export type { StreamWriterOptions, WriteTarget } from './sinks/stream-writer.js';
export { queuedSink } from './sinks/queued.js';
export type { QueuedSink, QueuedSinkOptions } from './sinks/queued.js';

// tslog
export { tslogSink, traceFields, withTraceContext } from './tslog.js';
export type { TslogLogger, TslogSinkOptions, TslogWithMiddleware } from './tslog.js';
export type { Sink, SinkFactory } from './sinks/types.js';

// OpenTelemetry
export { createOtelSink, otelSinkFactory } from './sinks/otel.js';
export type { OtelSinkOptions } from './sinks/otel.js';
export { MuxiIdGenerator } from './sinks/otel-ids.js';
export type { IdGeneratorLike } from './sinks/otel-ids.js';

// Reading
export { LineScanner, DEFAULT_MAX_LINE_BYTES } from './reader/line-scanner.js';
export type { LineCallback, LineScannerOptions } from './reader/line-scanner.js';
export { parseEventLine, isTraceEvent, decodeLine } from './reader/classify.js';
export { FilterError, FILTER_FIELDS, parseFilterTerms } from './reader/filter-terms.js';
export type { FilterOp, FilterTerm } from './reader/filter-terms.js';
export { compileFilter, parseFilter } from './reader/filter.js';
export type { CompileOptions, EventFilter } from './reader/filter.js';
export { filterFromFlags, termsFromFlags } from './reader/filter-options.js';
export type { FilterFlags } from './reader/filter-options.js';
export { parseDuration, parseTimeArg } from './reader/time.js';
export { InputError, discoverFiles, sortRotated } from './reader/files.js';
export type { FileSet } from './reader/files.js';
export { LineProcessor } from './reader/processor.js';
export type { ProcessorOptions, ReadCounts, ReadItem } from './reader/processor.js';
export { FileFollower } from './reader/follow.js';
export { readTrace, readFileInto } from './reader/read.js';
export type { BatchHandler, InputSource, ReadOptions, ReadSummary } from './reader/read.js';
export { StatsCollector } from './reader/stats.js';
export type { TokenTotals, TraceStats } from './reader/stats.js';
export { Quantiles } from './reader/quantiles.js';
export type { LatencySummary } from './reader/quantiles.js';
export { formatStats } from './reader/stats-format.js';

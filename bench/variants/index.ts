/**
 * The variants: how each child process is set up (environment, where its stdout goes) and
 * how its output is checked after it exits.
 * @module
 */

/** How a variant's output is verified. */
export type Check =
  | { kind: 'none' }
  /** Nothing may reach stdout (tracing disabled). */
  | { kind: 'empty-stdout' }
  /** `linesPerCall` lines per call in the variant's file (`json`: every line checked as JSON). */
  | { kind: 'file-lines'; linesPerCall: number; json: boolean }
  /** `linesPerCall` lines per call on the child's stdout, which is a file. */
  | { kind: 'stdout-lines'; linesPerCall: number }
  /** The exporter received `perCall` spans per call. */
  | { kind: 'spans'; perCall: number };

/** One variant. */
export interface VariantSpec {
  name: string;
  /** The row label in the table. */
  label: string;
  /** The module (under `variants/`) that prepares it. */
  module: string;
  /** Environment of its child (every inherited `TRACING_*` is removed first). */
  env: Record<string, string>;
  /** Whether the child's stdout is a file (`node app > file`) rather than /dev/null. */
  stdoutToFile: boolean;
  check: Check;
  /** What one call is: a traced call (default) or a whole conversation. */
  unit?: 'call' | 'conversation';
  /** Events (JSON lines) one call writes, for the per-event figures (default 2). */
  eventsPerCall?: number;
  /** The fraction of `--calls`/`--warmup` this variant runs (heavy workloads run fewer; default 1). */
  callsScale?: number;
  /** The OpenTelemetry twin with a no-op exporter, for the ratio. */
  twin?: string;
  /** The OpenTelemetry twin that serializes OTLP/JSON. */
  otlpTwin?: string;
  /** Extra row of the product table (the conversation/object workloads and their twins). */
  product?: boolean;
  /** A floor (no tracing: only writing the lines), shown with its ratios but held to no target. */
  floor?: boolean;
}

const FILE_ENV = { TRACING_STDOUT: 'false', TRACING_FILE: '$OUT', TRACING_FILE_MAX_SIZE: '1G', TRACING_FILE_COMPRESS: 'none' };
const CONV = { unit: 'conversation', eventsPerCall: 13, callsScale: 0.25, product: true } as const;

/** The rows, in table order: the one-method rows of the first round, then the product's paths and their twins. */
export const VARIANTS: readonly VariantSpec[] = [
  { name: 'bare', label: 'bare async method (baseline)', module: 'bare', env: {}, stdoutToFile: false, check: { kind: 'none' } },
  {
    name: 'disabled', label: 'traced, TRACING_ENABLED=false', module: 'ours',
    env: { TRACING_ENABLED: 'false' }, stdoutToFile: true, check: { kind: 'empty-stdout' },
  },
  {
    name: 'json-file', label: 'traced, JSON file sink', module: 'ours',
    // One file for the whole run, like pino's: no rotation (and no gzip) in the measured window.
    env: { TRACING_STDOUT: 'false', TRACING_FILE: '$OUT', TRACING_FILE_MAX_SIZE: '1G', TRACING_FILE_COMPRESS: 'none' }, stdoutToFile: false, check: { kind: 'file-lines', linesPerCall: 2, json: true },
  },
  {
    name: 'text-stdout', label: 'traced, text to stdout > file', module: 'ours',
    env: { TRACING_STDOUT: 'true' }, stdoutToFile: true, check: { kind: 'stdout-lines', linesPerCall: 2 },
  },
  { name: 'pino', label: 'pino 10, async destination', module: 'pino', env: {}, stdoutToFile: false, check: { kind: 'file-lines', linesPerCall: 2, json: true } },
  { name: 'otel', label: 'OTel startActiveSpan + batch, no-op export', module: 'otel', env: {}, stdoutToFile: false, check: { kind: 'spans', perCall: 1 } },
  {
    name: 'conv-mixins', label: 'conversation through the mixins, JSON file', module: 'flow-ours', ...CONV, twin: 'otel-conv', otlpTwin: 'otlp-conv',
    env: { ...FILE_ENV, BENCH_FLOW: 'mixins' }, stdoutToFile: false, check: { kind: 'file-lines', linesPerCall: 13, json: true },
  },
  {
    name: 'conv-direct', label: 'conversation through direct tracer calls, JSON file', module: 'flow-ours', ...CONV, twin: 'otel-conv', otlpTwin: 'otlp-conv',
    env: { ...FILE_ENV, BENCH_FLOW: 'direct' }, stdoutToFile: false, check: { kind: 'file-lines', linesPerCall: 13, json: true },
  },
  {
    name: 'conv-text', label: 'conversation through the mixins, text to stdout > file', module: 'flow-ours', ...CONV, twin: 'otel-conv', otlpTwin: 'otlp-conv',
    env: { TRACING_STDOUT: 'true', BENCH_FLOW: 'mixins' }, stdoutToFile: true, check: { kind: 'stdout-lines', linesPerCall: 13 },
  },
  {
    name: 'obj-traced', label: '@Traced, object argument, result: true, JSON file', module: 'flow-ours', product: true, twin: 'otel-obj', otlpTwin: 'otlp-obj',
    env: { ...FILE_ENV, BENCH_FLOW: 'object' }, stdoutToFile: false, check: { kind: 'file-lines', linesPerCall: 2, json: true },
  },
  {
    name: 'otel-conv', label: 'OTel: the conversation as 7 spans, no-op export', module: 'flow-otel', ...CONV, eventsPerCall: 7,
    env: { BENCH_FLOW: 'conversation', BENCH_EXPORT: 'none' }, stdoutToFile: false, check: { kind: 'spans', perCall: 7 },
  },
  {
    name: 'otlp-conv', label: 'OTel: the conversation as 7 spans, OTLP/JSON to a file', module: 'flow-otel', ...CONV, eventsPerCall: 7,
    env: { BENCH_FLOW: 'conversation', BENCH_EXPORT: 'otlp-json' }, stdoutToFile: false, check: { kind: 'spans', perCall: 7 },
  },
  {
    name: 'otel-obj', label: 'OTel: the object call, no-op export', module: 'flow-otel', product: true, eventsPerCall: 1,
    env: { BENCH_FLOW: 'object', BENCH_EXPORT: 'none' }, stdoutToFile: false, check: { kind: 'spans', perCall: 1 },
  },
  {
    name: 'otlp-obj', label: 'OTel: the object call, OTLP/JSON to a file', module: 'flow-otel', product: true, eventsPerCall: 1,
    env: { BENCH_FLOW: 'object', BENCH_EXPORT: 'otlp-json' }, stdoutToFile: false, check: { kind: 'spans', perCall: 1 },
  },
  {
    name: 'floor-io', label: 'floor: the untraced conversation + its 13 lines made beforehand, written (no tracing)', module: 'flow-floor', ...CONV, floor: true, twin: 'otel-conv', otlpTwin: 'otlp-conv',
    env: { BENCH_FLOOR: 'io' }, stdoutToFile: false, check: { kind: 'file-lines', linesPerCall: 13, json: true },
  },
  {
    name: 'floor-stringify', label: 'floor: the untraced conversation + JSON.stringify of its 13 events made beforehand, written (no tracing)', module: 'flow-floor', ...CONV, floor: true, twin: 'otel-conv', otlpTwin: 'otlp-conv',
    env: { BENCH_FLOOR: 'stringify' }, stdoutToFile: false, check: { kind: 'file-lines', linesPerCall: 13, json: true },
  },
];

/** The variant named `name`, or undefined. */
export function variantNamed(name: string): VariantSpec | undefined {
  return VARIANTS.find((v) => v.name === name);
}

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
  /** The exporter received one span per call. */
  | { kind: 'spans' };

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
}

/** The six rows of the issue, in table order. */
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
  { name: 'otel', label: 'OTel startActiveSpan + batch, no-op export', module: 'otel', env: {}, stdoutToFile: false, check: { kind: 'spans' } },
];

/** The variant named `name`, or undefined. */
export function variantNamed(name: string): VariantSpec | undefined {
  return VARIANTS.find((v) => v.name === name);
}

/**
 * The process-wide tracer, configured from the environment at first import, with exit hooks
 * that flush it on `beforeExit`, `exit`, SIGINT and SIGTERM (see `exit-hooks.ts`).
 * @module
 */
// Built-in sink names (`otel`) must be registered before the tracer reads TRACING_EXTERNAL_SINK.
import './sinks/builtin.js';
import { installExitHooks } from './exit-hooks.js';
import { Tracer } from './tracer.js';

/**
 * The process-wide tracer. Configured from `TRACING_*` at import (a bad value throws
 * `TracingConfigError` there); change it at run time with `tracer.configure()`. Buffered
 * events are flushed on `beforeExit`, `exit`, SIGINT and SIGTERM without changing how the
 * process exits (see {@link removeExitHooks}).
 *
 * @example
 * ```ts
 * import { tracer } from 'muxi-tracing';
 * tracer.userMessage('hello', 'user-1');
 * await tracer.shutdown();
 * ```
 */
export const tracer: Tracer = new Tracer();

const uninstall = installExitHooks(tracer);

/** Removes the singleton's exit hooks (for apps that manage shutdown themselves and call `tracer.shutdown()`). */
export function removeExitHooks(): void {
  uninstall();
}

/**
 * The process-wide tracer, configured from the environment at first import.
 * @module
 */
import { Tracer } from './tracer.js';

/**
 * The process-wide tracer. Configured from `TRACING_*` at import (a bad value throws
 * `TracingConfigError` there); change it at run time with `tracer.configure()`.
 *
 * @example
 * ```ts
 * import { tracer } from 'muxi-tracing';
 * tracer.userMessage('hello', 'user-1');
 * await tracer.shutdown();
 * ```
 */
export const tracer: Tracer = new Tracer();

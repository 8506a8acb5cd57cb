/**
 * Registers the built-in sink names for `TRACING_EXTERNAL_SINK`: `otel`. Imported for its
 * effect by the package entry points, before the process-wide tracer reads the environment.
 * @module
 */
import { otelSinkFactory } from './otel.js';
import { registerSink } from './registry.js';

registerSink('otel', otelSinkFactory);

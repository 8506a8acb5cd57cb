/**
 * tslog beside us, both ways:
 * - {@link tslogSink}: trace events routed into the app's tslog `Logger` (levels mapped
 *   TRACE→trace, DEBUG→debug, INFO→info, WARN→warn, ERROR→error; ids and fields attached);
 * - {@link withTraceContext}: the app's own tslog logs carry the current `trace_id`/`span_id`
 *   (a tslog middleware reading our AsyncLocalStorage context), so logs and traces correlate.
 *
 * Typed structurally: nothing here imports tslog at run time, so the core pays no start-up
 * cost for it.
 * @module
 */
import { contextManager } from './context.js';
import type { Level, TraceEvent } from './event.js';
import type { Sink } from './sinks/types.js';

/** The part of a tslog `Logger` the sink uses. */
export interface TslogLogger {
  trace(...args: unknown[]): unknown;
  debug(...args: unknown[]): unknown;
  info(...args: unknown[]): unknown;
  warn(...args: unknown[]): unknown;
  error(...args: unknown[]): unknown;
  flush?(): Promise<void>;
}

/** The part of a tslog `Logger` {@link withTraceContext} uses (tslog 5's middleware). */
export interface TslogWithMiddleware {
  use(middleware: (ctx: { meta: Record<string, unknown> }) => unknown): unknown;
}

/** Options of {@link tslogSink}. */
export interface TslogSinkOptions {
  /** Sink name in failure reports (default `'tslog'`). */
  name?: string;
  /** Builds the fields object logged after the message (default: every event field but `message`, `level`, `timestamp`). */
  fields?: (event: TraceEvent) => Record<string, unknown>;
}

const METHOD: Record<Level, keyof Omit<TslogLogger, 'flush'>> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

function defaultFields(e: TraceEvent): Record<string, unknown> {
  const f: Record<string, unknown> = { trace_id: e.trace_id, span_id: e.span_id };
  if (e.parent_span_id !== undefined) f.parent_span_id = e.parent_span_id;
  f.component = e.component;
  f.operation = e.operation;
  if (e.user_id !== undefined) f.user_id = e.user_id;
  if (e.agent_id !== undefined) f.agent_id = e.agent_id;
  if (e.data !== undefined) f.data = e.data;
  if (e.duration_ms !== undefined) f.duration_ms = e.duration_ms;
  if (e.error !== undefined) f.error = e.error;
  return f;
}

/**
 * A sink that logs every trace event through a tslog `Logger`: `logger.<level>(message, fields)`.
 * The logger's own `minLevel`, masking and transports apply. tslog writes synchronously; wrap
 * the sink in `queuedSink()` to take it off the caller's path.
 *
 * @example
 * ```ts
 * import { Logger } from 'tslog';
 * import { tracer, tslogSink } from 'muxi-tracing';
 * const log = new Logger({ name: 'app', type: 'json' });
 * tracer.addSink(tslogSink(log));
 * ```
 */
export function tslogSink(logger: TslogLogger, opts: TslogSinkOptions = {}): Sink {
  const fields = opts.fields ?? defaultFields;
  return {
    name: opts.name ?? 'tslog',
    write(e: TraceEvent): void {
      logger[METHOD[e.level] ?? 'info'](e.message, fields(e));
    },
    async flush(): Promise<void> {
      await logger.flush?.();
    },
  };
}

/**
 * The current trace's ids, `{ trace_id, span_id }` (span absent at a trace's root), or an
 * empty object outside any trace. Handy for any logger's per-call fields.
 */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const c = contextManager.active();
  if (!c) return {};
  return c.spanId ? { trace_id: c.traceId, span_id: c.spanId } : { trace_id: c.traceId };
}

/**
 * Makes `logger` (a tslog 5 `Logger`) attach the current `trace_id` and `span_id` to every
 * log it writes, under its meta block (`_logMeta` by default), read from the tracer's
 * AsyncLocalStorage context at each call. Sub-loggers made afterwards inherit it. Returns `logger`.
 *
 * @example
 * ```ts
 * const log = withTraceContext(new Logger({ type: 'json' }));
 * tracer.startTrace({}, () => log.info('routing'));
 * // {"message":"routing",...,"_logMeta":{...,"trace_id":"4bf9…","span_id":"00f0…"}}
 * ```
 */
export function withTraceContext<L extends TslogWithMiddleware>(logger: L): L {
  logger.use((ctx) => {
    const c = contextManager.active();
    if (c) {
      ctx.meta.trace_id = c.traceId;
      if (c.spanId) ctx.meta.span_id = c.spanId;
    }
    return ctx;
  });
  return logger;
}

/**
 * The built-in `otel` sink (`TRACING_EXTERNAL_SINK=otel`): hands every span to
 * `@opentelemetry/api` (an optional peer dependency, loaded only by the factory), so whatever
 * OpenTelemetry SDK and exporter the application registered receives MUXI's spans.
 *
 * An opening event and the closing event with the same `span_id` become one OpenTelemetry
 * span; a point event (`user:message`'s `orchestrator:route`, ...) becomes a span event on its
 * parent span (a zero-length span when the parent is not one of ours). Names and attributes:
 * see `otel-mapping.ts`. Ids: see `otel-ids.ts`.
 * @module
 */
import type * as OtelApi from '@opentelemetry/api';
import type { TracingConfig } from '../config.js';
import { TracingConfigError, reportFailure } from '../errors.js';
import type { TraceEvent } from '../event.js';
import { startWithIds } from './otel-ids.js';
import type { SpanShape } from './otel-mapping.js';
import { closeAttributes, errorType, isFailure, openingOperation, pointAttributes, roleOf, shapeOf } from './otel-mapping.js';
import type { Sink } from './types.js';

type Api = typeof OtelApi;

/** Options of {@link createOtelSink}. */
export interface OtelSinkOptions {
  /** The `@opentelemetry/api` module (default: the one `import('@opentelemetry/api')` finds). */
  api: object;
  /** A `TracerProvider` to use instead of the globally registered one (default the global one). */
  tracerProvider?: object;
  /** Name of the OpenTelemetry tracer (instrumentation scope; default `'muxi-tracing'`). */
  tracerName?: string;
  /** Open spans kept while waiting for their closing event; the oldest is ended past it (default 10000). */
  maxOpenSpans?: number;
}

interface OpenRec {
  span: OtelApi.Span;
  startMs: number;
}

const REMEMBERED = 4096;

/**
 * What the bridge remembers, shared by every `otel` sink on the same tracer provider: when
 * `tracer.configure()` replaces the sink mid-conversation, the new one closes the spans the
 * old one opened. Open spans are ended (as unfinished) only when the last sink closes.
 */
interface BridgeState {
  readonly open: Map<string, OpenRec>;
  /** Span contexts of recently closed spans, for children that arrive late. */
  readonly closed: Map<string, OtelApi.SpanContext>;
  /** Our trace id to OpenTelemetry's, when the provider has no MuxiIdGenerator and made its own. */
  readonly traceIds: Map<string, string>;
  users: number;
}

const GLOBAL = {};
const states = new WeakMap<object, BridgeState>();

function acquire(key: object): BridgeState {
  let st = states.get(key);
  if (st === undefined) {
    st = { open: new Map(), closed: new Map(), traceIds: new Map(), users: 0 };
    states.set(key, st);
  }
  st.users++;
  return st;
}

/**
 * Makes the `otel` sink from an already loaded `@opentelemetry/api` module (for applications
 * that want their own provider or scope name; `TRACING_EXTERNAL_SINK=otel` uses the global one).
 *
 * @example
 * ```ts
 * import * as api from '@opentelemetry/api';
 * tracer.addSink(createOtelSink({ api, tracerProvider: provider }));
 * ```
 */
export function createOtelSink(options: OtelSinkOptions): Sink {
  return new OtelBridgeSink(options, acquire(options.tracerProvider ?? GLOBAL));
}

/**
 * The factory registered as `otel`: imports `@opentelemetry/api` and bridges to the global
 * tracer provider.
 * @throws TracingConfigError when `@opentelemetry/api` is not installed.
 */
export async function otelSinkFactory(_config?: TracingConfig): Promise<Sink> {
  const state = acquire(GLOBAL); // at once: a sink being replaced must not end the spans this one will close
  let api: object;
  try {
    api = (await import('@opentelemetry/api')) as object;
  } catch (err) {
    state.users--;
    throw new TracingConfigError('TRACING_EXTERNAL_SINK', 'otel', '@opentelemetry/api installed beside muxi-tracing (npm install @opentelemetry/api)',
      `could not load @opentelemetry/api: ${(err as Error).message}`);
  }
  return new OtelBridgeSink({ api }, state);
}

class OtelBridgeSink implements Sink {
  readonly name = 'otel';
  private readonly api: Api;
  private readonly provider: OtelApi.TracerProvider | undefined;
  private readonly tracer: OtelApi.Tracer;
  private readonly maxOpen: number;
  private readonly open: Map<string, OpenRec>;
  private readonly closed: Map<string, OtelApi.SpanContext>;
  private readonly traceIds: Map<string, string>;
  private readonly state: BridgeState;
  private released = false;

  constructor(o: OtelSinkOptions, state: BridgeState) {
    this.state = state;
    this.open = state.open;
    this.closed = state.closed;
    this.traceIds = state.traceIds;
    this.api = o.api as Api;
    this.provider = o.tracerProvider as OtelApi.TracerProvider | undefined;
    const name = o.tracerName ?? 'muxi-tracing';
    this.tracer = this.provider ? this.provider.getTracer(name) : this.api.trace.getTracer(name);
    this.maxOpen = o.maxOpenSpans ?? 10_000;
  }

  write(e: TraceEvent): void {
    try {
      const role = roleOf(e);
      if (role === 'open') this.onOpen(e);
      else if (role === 'close') this.onClose(e);
      else this.onPoint(e);
    } catch (err) {
      reportFailure('otel sink: could not bridge an event', err);
    }
  }

  private onOpen(e: TraceEvent): void {
    const startMs = Date.parse(e.timestamp);
    const span = this.start(e, shapeOf(e), startMs);
    if (this.open.size >= this.maxOpen) this.evictOldest();
    this.open.set(e.span_id, { span, startMs });
  }

  private onClose(e: TraceEvent): void {
    const rec = this.open.get(e.span_id);
    const duration = e.duration_ms ?? 0;
    if (rec !== undefined) {
      this.open.delete(e.span_id);
      this.finish(rec.span, e, rec.startMs + duration);
      return;
    }
    // A close whose opening we never saw (a custom span, or the sink added mid-span): the whole span now.
    const endMs = Date.parse(e.timestamp);
    this.finish(this.start(e, shapeOf(e, openingOperation(e)), endMs - duration), e, endMs);
  }

  private onPoint(e: TraceEvent): void {
    const at = Date.parse(e.timestamp);
    const parent = e.parent_span_id !== undefined ? this.open.get(e.parent_span_id) : undefined;
    if (parent === undefined) {
      this.finish(this.start(e, shapeOf(e), at), e, at);
      return;
    }
    parent.span.addEvent(`${e.component}:${e.operation}`, pointAttributes(e), at);
    if (e.error !== undefined) parent.span.recordException(exceptionOf(e), at);
  }

  /** Starts the span of `e` under its parent, with our ids when a MuxiIdGenerator is installed. */
  private start(e: TraceEvent, shape: SpanShape, startMs: number): OtelApi.Span {
    const ctx = this.parentContext(e);
    const opts: OtelApi.SpanOptions = { kind: shape.kind as OtelApi.SpanKind, attributes: shape.attributes, startTime: startMs };
    const { value: span } = startWithIds(e.trace_id, e.span_id, () => this.tracer.startSpan(shape.name, opts, ctx));
    const tid = span.spanContext().traceId;
    if (tid !== e.trace_id && this.api.trace.isSpanContextValid(span.spanContext()) && !this.traceIds.has(e.trace_id)) {
      remember(this.traceIds, e.trace_id, tid);
    }
    return span;
  }

  private parentContext(e: TraceEvent): OtelApi.Context {
    const api = this.api;
    const pid = e.parent_span_id;
    if (pid === undefined) return api.ROOT_CONTEXT;
    const rec = this.open.get(pid);
    if (rec !== undefined) return api.trace.setSpan(api.ROOT_CONTEXT, rec.span);
    const known = this.closed.get(pid);
    if (known !== undefined) return api.trace.setSpanContext(api.ROOT_CONTEXT, known);
    // A parent outside this process (continueTrace) or not bridged: reference it by our ids.
    return api.trace.setSpanContext(api.ROOT_CONTEXT, {
      traceId: this.traceIds.get(e.trace_id) ?? e.trace_id, spanId: pid, traceFlags: api.TraceFlags.SAMPLED, isRemote: true,
    });
  }

  private finish(span: OtelApi.Span, e: TraceEvent, endMs: number): void {
    span.setAttributes(closeAttributes(e));
    if (isFailure(e)) {
      span.setAttribute('error.type', errorType(e));
      if (e.error !== undefined) span.recordException(exceptionOf(e), endMs);
      span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: e.error?.message ?? e.message });
    }
    span.end(endMs);
    remember(this.closed, e.span_id, span.spanContext());
  }

  private evictOldest(): void {
    const [id, rec] = this.open.entries().next().value as [string, OpenRec];
    this.open.delete(id);
    endUnfinished(rec.span);
  }

  async flush(): Promise<void> {
    const p = (this.provider ?? this.api.trace.getTracerProvider()) as { getDelegate?: () => unknown; forceFlush?: () => Promise<void> };
    const target = (typeof p.forceFlush === 'function' ? p : p.getDelegate?.()) as { forceFlush?: () => Promise<void> } | undefined;
    if (typeof target?.forceFlush === 'function') await target.forceFlush();
  }

  /**
   * Flushes; when no other `otel` sink shares this provider, first ends the spans still open
   * (marked `muxi.unfinished`). The provider itself stays the application's.
   */
  async close(): Promise<void> {
    if (!this.released) {
      this.released = true;
      this.state.users--;
    }
    if (this.state.users > 0) {
      await this.flush();
      return;
    }
    for (const rec of this.open.values()) endUnfinished(rec.span);
    this.open.clear();
    await this.flush();
  }
}

/** Sets `key` in an insertion-ordered map kept to {@link REMEMBERED} entries (the oldest goes first). */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= REMEMBERED) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/** Ends a span whose closing event never came, marked `muxi.unfinished`. */
function endUnfinished(span: OtelApi.Span): void {
  span.setAttribute('muxi.unfinished', true);
  span.end();
}

function exceptionOf(e: TraceEvent): OtelApi.Exception {
  const err = e.error!;
  return { name: err.type, message: err.message, ...(err.stack !== undefined ? { stack: err.stack } : {}) };
}

/**
 * The generic part of the tracer: configuration, the trace context, spans, `trace()`, the
 * hot path that builds events, filtering, sampling, fan-out to the sinks and the lifecycle.
 * The MUXI component methods live in `tracer.ts`, on top of this.
 * @module
 */
import type { TracingConfig } from './config.js';
import { CONFIG_KEYS, configFromEnv, defaultConfig, validateConfig } from './config.js';
import type { TraceContext } from './context.js';
import { contextManager } from './context.js';
import { TracingConfigError, reportFailure } from './errors.js';
import type { Level, TraceError, TraceEvent } from './event.js';
import { LEVEL_RANK, isLevel, toTraceError } from './event.js';
import { createHash } from 'node:crypto';
import { wallTime } from './clock.js';
import { newSpanId, newTraceId, isTraceId } from './ids.js';
import { OpenSpans } from './open-spans.js';
import { Sanitizer } from './sanitize.js';
import { SinkSet } from './sinks/sink-set.js';
import type { Sink } from './sinks/types.js';
import { formatTraceparent, parseTraceparent } from './trace-context.js';

/** Options of `tracer.trace()`. */
export interface TraceOptions {
  traceId?: string;
  data?: Record<string, unknown> | unknown;
  level?: Level;
  userId?: string;
  agentId?: string;
}

/** Options of `new Tracer()`: any configuration field, plus sinks and where to read the environment. */
export interface TracerOptions extends Partial<TracingConfig> {
  /** Extra sinks, kept across `configure()` (default none). */
  sinks?: Sink[];
  /** Environment to read `TRACING_*` from; `false` ignores the environment (default `process.env`). */
  env?: NodeJS.ProcessEnv | false;
}

/** What a span-closing call may carry. */
export interface SpanEnd {
  message: string;
  level?: Level;
  data?: unknown;
  error?: unknown;
  agentId?: string;
  /** Component of the closing event (default: the opening event's), e.g. `orchestrator` closing a `user:message` span. */
  component?: string;
}

/**
 * An open span, made by {@link Tracer.startSpan}. Run the span's work inside `ctx`
 * (`contextManager.with(span.ctx, fn)`) and close it once with `end()`.
 */
export interface ActiveSpan {
  /** The context whose current span is this one. */
  readonly ctx: TraceContext;
  readonly spanId: string;
  /** Emits the closing event (same span id, `duration_ms`); later calls do nothing. */
  end(operation: string, end: SpanEnd): void;
}

/** What opens a span. */
export interface SpanStart {
  component: string;
  operation: string;
  message: string;
  level?: Level;
  data?: unknown;
  agentId?: string;
  userId?: string;
  /** Explicit trace id (else the current trace, else a new one). */
  traceId?: string;
}

const MAX_OPEN = 10_000;
/** Longest component or operation name kept (longer ones, and non-strings, are rendered and cut). */
const NAME_MAX = 128;

/** A component or operation name as short, safe text. */
function nameText(s: Sanitizer, v: unknown): string {
  const t = s.text(v);
  return t.length > NAME_MAX ? t.slice(0, NAME_MAX) : t;
}
const NO_OPTIONS: TraceOptions = Object.freeze({});

const standaloneRoots = new WeakSet<TraceContext>();

/** Marks a trace started by a call made outside any trace: closing its spans leaves no trace current. */
function standalone(ctx: TraceContext): TraceContext {
  standaloneRoots.add(ctx);
  return ctx;
}

/** The context to make current when a span under `parent` closes: none for a standalone root. */
export function restoreTo(parent: TraceContext): TraceContext | undefined {
  return standaloneRoots.has(parent) ? undefined : parent;
}

const rootParentIds = new WeakMap<TraceContext, string>();

/**
 * The parent id a `traceparent` carries when a trace is current but no span is open yet (right
 * inside `startTrace()` or a fresh `continueTrace()`): W3C needs one, so each such context gets
 * a stable random id. The remote side's events join the trace under that id.
 */
function rootParentId(ctx: TraceContext): string {
  let id = rootParentIds.get(ctx);
  if (id === undefined) {
    id = newSpanId();
    rootParentIds.set(ctx, id);
  }
  return id;
}

/** Stateless, consistent head sampling: the same trace id always gets the same decision. */
function sampledFor(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return parseInt(traceId.slice(-8), 16) / 0x100000000 < rate;
}

const noopSpan: ActiveSpan = Object.freeze({
  ctx: Object.freeze({ traceId: '00000000000000000000000000000000', sampled: false }),
  spanId: '0000000000000000',
  end(): void {},
});

/** A sampled span between its opening and its closing event (one object per span, no closures). */
class OpenedSpan implements ActiveSpan {
  private ended = false;
  readonly spanId: string;

  constructor(
    private readonly core: TracerCore,
    readonly ctx: TraceContext,
    private readonly parentSpanId: string | undefined,
    private readonly component: string,
    private readonly level: Level,
    private readonly start: number,
  ) {
    this.spanId = ctx.spanId!;
  }

  end(operation: string, e: SpanEnd): void {
    // A method, not a closure per span: called detached (`const { end } = span`) it has no span; never throw then.
    if (!(this instanceof OpenedSpan)) return reportFailure('span end() called without its span', new TypeError('call it as span.end(...)'));
    if (this.ended) return;
    this.ended = true;
    try {
      const ctx = this.ctx;
      const err = e.error === undefined ? undefined : toTraceError(e.error);
      const at = performance.now();
      this.core.emitRaw(ctx.traceId, this.spanId, this.parentSpanId, e.component ?? this.component, operation, e.message,
        isLevel(e.level) ? e.level : err ? 'ERROR' : this.level, ctx.userId, e.agentId ?? ctx.agentId, e.data, round(at - this.start), err, at);
    } catch (err) {
      reportFailure('span end() failed', err);
    }
  }
}

/**
 * The generic tracer that {@link Tracer} extends with the MUXI component methods.
 * Use {@link Tracer}; this class exists to keep each file to one concern.
 */
export class TracerCore {
  private cfg: TracingConfig;
  private readonly extraSinks: Sink[];
  private sinks: SinkSet;
  private sanitizer!: Sanitizer;
  private minRank = 0;
  private components: Set<string> | undefined;
  private lastMs = 0;
  private lastIso = '';
  /** Spans opened by the component methods (see `open-spans.ts`). */
  protected readonly open = new OpenSpans(MAX_OPEN);
  private closed = false;
  /** Whether events are produced at all; decided once per configuration. */
  enabled = true;

  constructor(options: TracerOptions = {}) {
    const { sinks, env, ...rest } = options;
    checkKeys(rest);
    this.extraSinks = sinks ? [...sinks] : [];
    const fromEnv = env === false ? {} : configFromEnv(env ?? process.env);
    this.cfg = { ...defaultConfig(), ...fromEnv, ...validateConfig(stripUndefined(rest)) };
    this.sinks = new SinkSet(this.cfg, this.extraSinks, (e) => this.dispatchInternal(e));
    this.apply();
  }

  /** The configuration in force (a copy). */
  get config(): Readonly<TracingConfig> {
    return { ...this.cfg };
  }

  /**
   * Changes the configuration at run time. Only the given fields change. Sinks made from the
   * configuration (stdout, file, external) are rebuilt; the old ones are flushed and closed.
   * @throws TracingConfigError for a bad value (nothing changes then).
   */
  configure(partial: Partial<TracingConfig>): this {
    checkKeys(partial);
    const next = { ...this.cfg, ...validateConfig(stripUndefined({ ...partial })) };
    const old = this.sinks;
    const sinks = new SinkSet(next, this.extraSinks, (e) => this.dispatchInternal(e));
    this.cfg = next;
    this.sinks = sinks;
    this.apply();
    void old.close(this.cfg.flushTimeoutMs, false);
    return this;
  }

  /** Turns tracing on or off at run time. */
  setEnabled(on: boolean): void {
    this.configure({ enabled: on });
  }

  /** Adds a sink at run time; returns a function that removes it (idempotent). */
  addSink(sink: Sink): () => void {
    this.extraSinks.push(sink);
    this.sinks.add(sink);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const i = this.extraSinks.indexOf(sink);
      if (i >= 0) this.extraSinks.splice(i, 1);
      this.sinks.remove(sink);
    };
  }

  /** Resolves when every sink (including an external one still loading) is ready; rejects with its load error. */
  ready(): Promise<void> {
    return this.sinks.ready();
  }

  private apply(): void {
    this.enabled = this.cfg.enabled && !this.closed;
    this.minRank = LEVEL_RANK[this.cfg.level];
    this.components = this.cfg.components.length ? new Set(this.cfg.components) : undefined;
    this.sanitizer = new Sanitizer(this.cfg);
  }

  /**
   * `prefix + value + suffix` as an event message: the value as text (a string as it is, anything
   * else as bounded JSON), redacted and cut at `maxStringBytes` before it is joined, so a huge
   * value costs no more than the limit, and remembered as already safe for the event that
   * carries it. What the MUXI methods and mixins build their messages with.
   * @internal
   */
  composeMessage(prefix: string, value: unknown, suffix?: string): string {
    return this.sanitizer.compose(prefix, value, suffix);
  }

  /** Whether an event of this component and level would be kept (cheap; for callers that build costly data). */
  wants(component: string, level: Level = 'TRACE'): boolean {
    return this.enabled && LEVEL_RANK[level] >= this.minRank && (this.components === undefined || this.components.has(component));
  }

  // Context

  /** The trace id of the current async context, if any. */
  currentTraceId(): string | undefined {
    return contextManager.active()?.traceId;
  }

  /** The current context (trace, span, user, sampling), if any. */
  currentContext(): TraceContext | undefined {
    return this.current();
  }

  /** The active context, stepping out of spans that component methods already closed. */
  protected current(): TraceContext | undefined {
    return this.open.resolve(contextManager.active());
  }

  /** The W3C `traceparent` of the current span, or undefined outside a trace. */
  traceparent(): string | undefined {
    const ctx = this.current();
    if (!ctx) return undefined;
    return formatTraceparent(ctx.traceId, ctx.spanId ?? rootParentId(ctx), ctx.sampled);
  }

  /** The W3C `tracestate` carried by the current trace, if any. */
  tracestate(): string | undefined {
    return contextManager.active()?.traceState;
  }

  /**
   * Runs `fn` as a child of a remote parent given as a W3C `traceparent`. An invalid header
   * starts a fresh trace; it never throws.
   */
  continueTrace<R>(traceparent: string | undefined | null, fn: () => R, tracestate?: string): R {
    const p = parseTraceparent(traceparent);
    const ctx: TraceContext = p
      ? { traceId: p.traceId, spanId: p.parentSpanId, sampled: p.sampled && sampledFor(p.traceId, this.cfg.sampleRate), traceState: tracestate }
      : this.newContext({});
    return contextManager.with(ctx, fn);
  }

  /** Runs `fn` inside a new trace (the scoped form of `userMessage`). */
  startTrace<R>(opts: { userId?: string; traceId?: string }, fn: () => R): R {
    return contextManager.with(this.newContext(opts), fn);
  }

  protected newContext(opts: { userId?: string; traceId?: string }): TraceContext {
    const traceId = opts.traceId !== undefined && opts.traceId !== '' ? normalizeTraceId(opts.traceId) : newTraceId();
    return { traceId, sampled: sampledFor(traceId, this.cfg.sampleRate), userId: opts.userId };
  }

  /**
   * The context an event joins: the current one without an explicit `traceId`; with one, the
   * current context if it is that trace, else the innermost open span of that trace that the
   * component methods know (the agent's span when `agentId` is given, else the root), else a
   * new context of that trace.
   */
  protected contextFor(traceId: string | undefined, agentId?: string): TraceContext {
    const active = this.current();
    if (traceId === undefined || traceId === '') return active ?? standalone(this.newContext({}));
    if (active !== undefined && active.traceId === traceId) return active;
    const tid = normalizeTraceId(traceId);
    if (active !== undefined && active.traceId === tid) return active;
    const open = (agentId !== undefined ? this.open.peek(`${tid}|agent|${agentId}`) : undefined) ?? this.open.peek(tid + '|root');
    if (open !== undefined) return open.ctx;
    return this.newContext({ traceId: tid });
  }

  // Spans

  /**
   * Opens a span: emits its opening event (a child of the current span) and returns it.
   * Returns a no-op span when tracing is off or the trace is not sampled.
   */
  startSpan(s: SpanStart): ActiveSpan {
    if (!this.enabled) return noopSpan;
    try {
      const parent = s.traceId !== undefined ? this.contextFor(s.traceId) : this.current();
      const spanId = newSpanId();
      let ctx: TraceContext;
      // The child context written out (as `childContext` makes it): no extra objects per span.
      if (parent === undefined) {
        const traceId = newTraceId();
        ctx = { traceId, spanId, userId: s.userId, agentId: s.agentId, sampled: sampledFor(traceId, this.cfg.sampleRate), traceState: undefined };
      } else {
        ctx = { traceId: parent.traceId, spanId, userId: s.userId ?? parent.userId, agentId: s.agentId ?? parent.agentId, sampled: parent.sampled, traceState: parent.traceState };
      }
      if (!ctx.sampled) return { ctx, spanId, end(): void {} };
      const level = isLevel(s.level) ? s.level : 'TRACE';
      const parentSpanId = parent?.spanId;
      const at = performance.now();
      this.emitRaw(ctx.traceId, spanId, parentSpanId, s.component, s.operation, s.message, level, ctx.userId, ctx.agentId, s.data, undefined, undefined, at);
      return new OpenedSpan(this, ctx, parentSpanId, s.component, level, at);
    } catch (err) {
      reportFailure('startSpan() failed', err);
      return noopSpan;
    }
  }

  // Events

  /**
   * Emits one event of any component and operation: a point event, a child of the current span.
   * Without a `traceId` and outside any trace it starts a trace of its own.
   */
  trace(component: string, operation: string, message: string, opts?: TraceOptions | null): void {
    if (!this.enabled) return;
    try {
      const o = opts ?? NO_OPTIONS;
      const level = o.level ?? 'TRACE';
      if (!isLevel(level)) {
        reportFailure('trace() level', new Error(`level ${String(level)} is not one of TRACE, DEBUG, INFO, WARN, ERROR`));
        return;
      }
      if (LEVEL_RANK[level] < this.minRank || (this.components !== undefined && !this.components.has(component))) return;
      const ctx = this.contextFor(o.traceId);
      if (!ctx.sampled) return;
      this.emitRaw(ctx.traceId, newSpanId(), ctx.spanId, component, operation, message, level,
        o.userId ?? ctx.userId, o.agentId ?? ctx.agentId, o.data, undefined, undefined);
    } catch (err) {
      reportFailure('trace() failed', err);
    }
  }

  /**
   * Builds one event and hands it to the sinks: the hot path. Filters by level and component,
   * redacts and bounds user text and data, never throws. `at` is the event's time as a
   * `performance.now()` reading when the caller has one (a span's start or end), else now.
   */
  emitRaw(traceId: string, spanId: string, parentSpanId: string | undefined, component: string, operation: string,
    message: string, level: Level, userId: string | undefined, agentId: string | undefined, data: unknown,
    durationMs: number | undefined, error: TraceError | undefined, at?: number): void {
    if (LEVEL_RANK[level] < this.minRank || (this.components !== undefined && !this.components.has(component))) return;
    try {
      const now = Math.floor(wallTime(at ?? performance.now()));
      if (now !== this.lastMs) {
        this.lastMs = now;
        this.lastIso = new Date(now).toISOString();
      }
      const s = this.sanitizer;
      // A JavaScript caller may pass anything as a name: the line always gets short text.
      if (typeof component !== 'string' || component.length > NAME_MAX) component = nameText(s, component);
      if (typeof operation !== 'string' || operation.length > NAME_MAX) operation = nameText(s, operation);
      const text = typeof message === 'string' ? s.string(message) : s.text(message);
      // No sink reads `data` (only a text template without {data} on stdout): it is not even looked at.
      const d = data === undefined || !this.sinks.needsData ? undefined : s.data(data);
      const ts = this.lastIso;
      // Keys in the JSON line's order (a sink may serialize the object itself); optional ones absent.
      // A span's opening event with data and its closing event with a duration are built whole
      // (a property added to an object literal costs a second allocation and a map change).
      let e: TraceEvent;
      if (userId === undefined && agentId === undefined && error === undefined && (d === undefined) !== (durationMs === undefined)) {
        if (d !== undefined) {
          e = parentSpanId === undefined
            ? { timestamp: ts, level, trace_id: traceId, span_id: spanId, component, operation, message: text, data: d }
            : { timestamp: ts, level, trace_id: traceId, span_id: spanId, parent_span_id: parentSpanId, component, operation, message: text, data: d };
        } else {
          e = parentSpanId === undefined
            ? { timestamp: ts, level, trace_id: traceId, span_id: spanId, component, operation, message: text, duration_ms: durationMs }
            : { timestamp: ts, level, trace_id: traceId, span_id: spanId, parent_span_id: parentSpanId, component, operation, message: text, duration_ms: durationMs };
        }
      } else {
        e = parentSpanId === undefined
          ? { timestamp: ts, level, trace_id: traceId, span_id: spanId, component, operation, message: text }
          : { timestamp: ts, level, trace_id: traceId, span_id: spanId, parent_span_id: parentSpanId, component, operation, message: text };
        if (userId !== undefined) e.user_id = typeof userId === 'string' ? s.string(userId) : s.text(userId);
        if (agentId !== undefined) e.agent_id = typeof agentId === 'string' ? s.string(agentId) : s.text(agentId);
        if (d !== undefined) e.data = d;
        if (durationMs !== undefined) e.duration_ms = durationMs;
        if (error !== undefined) e.error = { type: error.type, message: s.string(error.message), ...(error.stack ? { stack: s.string(error.stack) } : {}) };
      }
      this.sinks.write(e);
    } catch (err) {
      reportFailure('event dropped: could not build it', err);
    }
    this.sanitizer.release();
  }

  /** Internal events (dropped-event reports): bypass filters, never recurse into a failing sink. */
  private dispatchInternal(e: { operation: string; message: string; data: Record<string, unknown> }): void {
    const now = new Date().toISOString();
    const ctx = contextManager.active();
    this.sinks.write({
      timestamp: now, level: 'WARN', trace_id: ctx?.traceId ?? newTraceId(), span_id: newSpanId(),
      component: 'tracing', operation: e.operation, message: e.message, data: e.data,
    });
  }

  // Lifecycle

  /** Resolves when every accepted event has been written by every sink (each wait bounded by `flushTimeoutMs`). */
  flush(): Promise<void> {
    return this.sinks.flush(this.cfg.flushTimeoutMs);
  }

  /** Writes what is buffered now, synchronously where the sink can (used on exit signals). */
  flushSync(): void {
    this.sinks.flushSync();
  }

  /** Flushes, then closes every sink. Idempotent: later calls return the same promise. */
  shutdown(): Promise<void> {
    if (!this.shutdownPromise) {
      this.closed = true;
      this.enabled = false;
      this.shutdownPromise = this.sinks.close(this.cfg.flushTimeoutMs, true);
    }
    return this.shutdownPromise;
  }
  private shutdownPromise: Promise<void> | undefined;

  /** Counters: events written, sink failures, drops (for tests and diagnostics). */
  stats(): { written: number; failures: number; dropped: number } {
    return this.sinks.stats();
  }
}

/** Any value as text; never throws (a JavaScript caller may pass a Symbol or a throwing toString). */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return String(v);
  } catch {
    return '[unprintable]';
  }
}

/** Milliseconds rounded to microseconds. */
export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * An explicit trace id as a W3C one: already valid as is; a UUID or upper-case hex is
 * lower-cased without dashes; anything else is hashed to 32 hex digits, so the same foreign
 * id always lands in the same trace.
 */
export function normalizeTraceId(id: string): string {
  if (isTraceId(id)) return id;
  const text = asText(id); // a JavaScript caller may pass anything; never throws
  const low = text.trim().toLowerCase().replace(/-/g, '');
  if (isTraceId(low)) return low;
  return createHash('md5').update(text).digest('hex');
}

function checkKeys(o: object): void {
  for (const k of Object.keys(o)) {
    if (!CONFIG_KEYS.includes(k)) {
      throw new TracingConfigError(k, (o as Record<string, unknown>)[k], `a configuration key (${CONFIG_KEYS.join(', ')})`, 'unknown option');
    }
  }
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

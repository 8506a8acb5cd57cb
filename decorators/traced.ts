/**
 * `@Traced` and `@TracedClass`: one function each, working under TC39 standard decorators
 * and under `experimentalDecorators` (decided on the second argument's shape).
 * @module
 */
import type { ActiveSpan, Level, Tracer } from '../src/index.js';
import { tracer as defaultTracer } from '../src/index.js';
import { reportFailure } from '../src/errors.js';
import { RecordLayout } from '../src/record-layout.js';
import type { CompiledMessage, MessageScope } from './message.js';
import { compileMessage, paramNames } from './message.js';
import { errorSource } from './muxi-events.js';
import type { MessageOption, TracedClassOptions, TracedOptions } from './options.js';
import { classInfoOf, classOptionsFor, readAgentId, setClassOptions } from './options.js';
import type { ClassInfo } from './options.js';
import type { SettleHooks, SettleInfo } from './settle.js';
import { callAndSettle } from './settle.js';

/** The decorator returned by {@link Traced}: usable as a TC39 method decorator or a legacy one. */
export interface TracedMethodDecorator {
  /** TC39 standard decorators, on a method (static or not). */
  <T extends (this: any, ...args: any[]) => any>(value: T, context: ClassMethodDecoratorContext<any, T>): T;
  /** TC39 standard decorators on a getter, setter, field or accessor: left alone. */
  (value: unknown, context: ClassGetterDecoratorContext | ClassSetterDecoratorContext | ClassFieldDecoratorContext | ClassAccessorDecoratorContext): void;
  /** `experimentalDecorators: true`, on a method (static or not); accessors are left alone. */
  (target: object, propertyKey: string | symbol, descriptor?: PropertyDescriptor): any;
}

/** The decorator returned by {@link TracedClass}, in either decorator mode. */
export type TracedClassDecorator = <C extends abstract new (...args: any) => any>(value: C, context?: ClassDecoratorContext<C>) => void;

/** TC39 decorators pass a context object with a string `kind`; legacy ones pass a property key. */
function isStandardContext(ctx: unknown): ctx is DecoratorContext {
  return typeof ctx === 'object' && ctx !== null && typeof (ctx as { kind?: unknown }).kind === 'string';
}

function keyName(key: string | symbol | PropertyKey): string {
  return typeof key === 'symbol' ? (key.description ?? 'symbol') : String(key);
}

let classTracers = false;

/** wrapper -> the function it wraps, so stacked decorators still read the real parameter names. */
const originals = new WeakMap<object, (...a: never[]) => unknown>();

type Render = (self: unknown, s: MessageScope, fallback: string) => string;

/** A message option made into a renderer that never throws (a failing message function falls back). */
function compile(m: MessageOption): Render {
  const c: CompiledMessage | undefined = typeof m === 'string' ? compileMessage(m) : undefined;
  return (self, s, fallback) => {
    try {
      return c ? c(s) : String((m as Exclude<MessageOption, string>)(self, s.args, s.error ?? s.result));
    } catch (err) {
      reportFailure('decorator message function threw', err);
      return fallback;
    }
  };
}

/** Copies reflect-metadata metadata defined on the original function to the wrapper (when reflect-metadata is loaded). */
function copyMetadata(from: object, to: object): void {
  const R = Reflect as unknown as {
    getOwnMetadataKeys?: (t: object) => unknown[];
    getOwnMetadata?: (k: unknown, t: object) => unknown;
    defineMetadata?: (k: unknown, v: unknown, t: object) => void;
  };
  if (typeof R.getOwnMetadataKeys !== 'function' || !R.getOwnMetadata || !R.defineMetadata) return;
  try {
    for (const k of R.getOwnMetadataKeys(from)) R.defineMetadata(k, R.getOwnMetadata(k, from), to);
  } catch (err) {
    reportFailure('decorator could not copy metadata', err);
  }
}

/** Default messages of one method, remembered for the last class name and agent id seen. */
class Defaults {
  private cls = '';
  private agent: string | undefined;
  start = '';
  end = '';
  constructor(private readonly method: string) {}

  /** Makes `start`/`end` those of this class name and agent id (built again only when they change). */
  use(cls: string, agent: string | undefined): this {
    if (cls !== this.cls || agent !== this.agent || this.start === '') {
      const m = this.method;
      this.cls = cls;
      this.agent = agent;
      this.start = agent === undefined ? `Calling ${cls}.${m}` : `Agent '${agent}' calling ${cls}.${m}`;
      this.end = agent === undefined ? `${cls}.${m} completed` : `Agent '${agent}' completed ${cls}.${m}`;
    }
    return this;
  }
}

/** What a wrapper knows about its method: decided once, when the method is decorated. */
interface Plan {
  readonly orig: (...a: never[]) => unknown;
  readonly o: TracedOptions;
  readonly method: string;
  readonly op: string;
  readonly startOp: string;
  readonly endOp: string;
  readonly errOp: string;
  readonly level: Level;
  readonly pick: boolean | ReadonlyArray<string | number>;
  readonly startMsg: Render | undefined;
  readonly endMsg: Render | undefined;
  readonly errMsg: Render | undefined;
  readonly defaults: Defaults;
  names: string[] | undefined;
  /** Layouts of the arguments record by argument count (null: that count takes the general path). */
  layouts: Array<RecordLayout | null> | undefined;
  /** The class of `this` last seen by this method, and what is known of it. */
  readonly seen: { cls: unknown; info: ClassInfo | undefined; gen: number };
}

/** One traced call between its opening and closing events: the hooks given to `callAndSettle`. */
class TracedCall implements SettleHooks {
  constructor(
    private readonly p: Plan,
    private readonly t: Tracer,
    private readonly self: unknown,
    private readonly args: unknown[],
    readonly span: ActiveSpan,
    private scope: MessageScope | undefined,
    /** Arguments by name when the call was wanted at open (message scopes see them), else undefined. */
    private readonly named: Record<string, unknown> | undefined,
    private readonly cls: string,
    private readonly component: string,
    private readonly agentId: string | undefined,
  ) {}

  /** The message scope (built at open for a custom start message, else now). */
  private scopeNow(): MessageScope {
    const p = this.p;
    return this.scope ??= { class: this.cls, method: p.method, component: this.component, operation: p.op, agent_id: this.agentId, args: this.args, named: this.named ?? {}, render: renderer(this.t) };
  }

  ok(value: unknown, info: SettleInfo): void {
    const p = this.p;
    if (!this.t.wants(this.component, p.level)) return this.span.end(p.endOp, { message: '' });
    let endData: Record<string, unknown> | undefined;
    if (p.o.result) endData = { result: value };
    if (info.items !== undefined) endData = { ...endData, items: info.items, ...(info.early ? { early: true } : {}) };
    let message: string;
    if (p.endMsg === undefined) message = p.defaults.use(this.cls, this.agentId).end;
    else {
      const s = this.scopeNow();
      s.result = value;
      message = p.endMsg(this.self, s, p.defaults.use(this.cls, this.agentId).end);
    }
    this.span.end(p.endOp, { message, level: p.level, data: endData });
  }

  fail(error: unknown): void {
    const p = this.p;
    const agentId = this.agentId;
    const fallback = this.t.composeMessage(agentId === undefined ? `${this.cls}.${p.method} failed: ` : `Agent '${agentId}' failed in ${this.cls}.${p.method}: `, errorSource(error));
    let message = fallback;
    if (p.errMsg !== undefined) {
      const s = this.scopeNow();
      s.error = error;
      message = p.errMsg(this.self, s, fallback);
    }
    this.span.end(p.errOp, { message, level: 'ERROR', error });
  }
}

const renderers = new WeakMap<Tracer, (v: unknown) => string>();

/** How a tracer renders a template placeholder's value: bounded, redacted text (one function per tracer). */
function renderer(t: Tracer): (v: unknown) => string {
  let r = renderers.get(t);
  if (r === undefined) {
    r = (v) => t.composeMessage('', v);
    renderers.set(t, r);
  }
  return r;
}

/** Everything before the call: the span and what the closing event needs. */
function open(p: Plan, t: Tracer, self: unknown, args: unknown[]): TracedCall {
  const o = p.o;
  const info = classInfoOf(self, p.seen);
  const cls = info.options;
  const className = info.name;
  const component = o.component ?? cls?.component ?? className;
  const agentId = typeof self === 'function' ? undefined : readAgentId(o.agentId ?? cls?.agentId, self); // static: no instance
  const level = p.level;
  const pick = p.pick;
  let scope: MessageScope | undefined;
  let named: Record<string, unknown> | undefined;
  let data: Record<string, unknown> | undefined;
  let message = '';
  if (t.wants(component, level)) {
    const names = (p.names ??= paramNames(originals.get(p.orig) ?? p.orig));
    const layout = pick === true ? layoutFor(p, names, args.length) : undefined;
    if (layout !== undefined) {
      data = layout.record(args);
      named = data['args'] as Record<string, unknown>;
    } else {
      named = {};
      for (let i = 0; i < args.length; i++) named[names[i] ?? String(i)] = args[i];
      if (pick === true) data = { args: named };
      else if (Array.isArray(pick) && pick.length > 0) {
        const sel: Record<string, unknown> = {};
        for (const k of pick as ReadonlyArray<string | number>) {
          if (typeof k === 'number') sel[names[k] ?? String(k)] = args[k];
          else if (Object.prototype.hasOwnProperty.call(named, k)) sel[k] = named[k];
        }
        data = { args: sel };
      }
    }
    const fallback = p.defaults.use(className, agentId).start;
    if (p.startMsg === undefined) message = fallback;
    else {
      scope = { class: className, method: p.method, component, operation: p.op, agent_id: agentId, args, named, render: renderer(t) };
      message = p.startMsg(self, scope, fallback);
    }
  }
  const span = t.startSpan({ component, operation: p.startOp, message, level, data, agentId });
  return new TracedCall(p, t, self, args, span, scope, named, className, component, agentId);
}

/** The layout of `{args: {...}}` for this many arguments (made once per count; undefined: the general path). */
function layoutFor(p: Plan, names: string[], count: number): RecordLayout | undefined {
  const known = (p.layouts ??= []);
  let l = known[count];
  if (l === undefined) {
    l = RecordLayout.of(names, count, 'args') ?? null;
    if (count < 64) known[count] = l;
  }
  return l ?? undefined;
}

function traced(p: Plan, t: Tracer, self: unknown, args: unknown[]): unknown {
  let call: TracedCall;
  try {
    call = open(p, t, self, args);
  } catch (err) {
    reportFailure('decorator could not open a span', err);
    return p.orig.apply(self, args as never[]);
  }
  const orig = p.orig;
  return callAndSettle(() => orig.apply(self, args as never[]), call.span.ctx, call);
}

/** Wraps one method. */
function wrapMethod<F extends (this: any, ...args: any[]) => any>(orig: F, method: string, o: TracedOptions = {}): F {
  const op = o.operation ?? method;
  const endMessage = o.endMessage ?? o.message;
  const p: Plan = {
    orig,
    o,
    method,
    op,
    startOp: o.startOperation ?? `${op}_start`,
    endOp: o.endOperation ?? `${op}_end`,
    errOp: o.errorOperation ?? `${op}_error`,
    level: o.level ?? 'TRACE',
    pick: o.args ?? true,
    startMsg: o.message === undefined ? undefined : compile(o.message),
    endMsg: endMessage === undefined ? undefined : compile(endMessage),
    errMsg: o.errorMessage === undefined ? undefined : compile(o.errorMessage),
    defaults: new Defaults(method),
    names: undefined,
    layouts: undefined,
    seen: { cls: undefined, info: undefined, gen: -1 },
  };

  // `arguments` (not a rest parameter) keeps the disabled path free of allocations.
  const wrapper = function (this: unknown): unknown {
    const t = o.tracer ?? (classTracers ? classOptionsFor(this)?.tracer : undefined) ?? defaultTracer;
    // eslint-disable-next-line prefer-rest-params
    if (!t.enabled) return orig.apply(this, arguments as unknown as unknown[]);
    // eslint-disable-next-line prefer-rest-params
    return traced(p, t, this, Array.prototype.slice.call(arguments));
  };
  originals.set(wrapper, originals.get(orig) ?? orig);
  Object.defineProperty(wrapper, 'name', { value: orig.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: orig.length, configurable: true });
  copyMetadata(orig, wrapper);
  return wrapper as unknown as F;
}

/**
 * Traces a method: each call is a span (a child of the current one) opened by
 * `<operation>_start` and closed by `<operation>_end` (with `duration_ms`) or
 * `<operation>_error` (level `ERROR`, the error rethrown unchanged). Sync methods stay sync,
 * promises stay promises, async generators and async iterables are traced until they finish,
 * throw or are stopped early. Works with TC39 decorators and with `experimentalDecorators`.
 *
 * @example
 * ```ts
 * import { Traced } from 'muxi-tracing/decorators';
 * class WeatherService {
 *   @Traced({ component: 'weather', message: 'Looking up {city}', result: true })
 *   async lookup(city: string) { return { city, temp: 21 }; }
 * }
 * ```
 */
export function Traced(options: TracedOptions = {}): TracedMethodDecorator {
  const decorator = (value: unknown, ctx: unknown, descriptor?: PropertyDescriptor): unknown => {
    if (isStandardContext(ctx)) {
      if (ctx.kind !== 'method' || typeof value !== 'function') return undefined;
      return wrapMethod(value as (...a: unknown[]) => unknown, keyName((ctx as ClassMethodDecoratorContext).name), options);
    }
    if (typeof ctx !== 'string' && typeof ctx !== 'symbol') return undefined;
    const desc = descriptor ?? (value !== null && typeof value === 'object' || typeof value === 'function'
      ? Object.getOwnPropertyDescriptor(value, ctx) : undefined);
    if (!desc || typeof desc.value !== 'function') return descriptor; // getters, setters, fields: left alone
    const wrapped = wrapMethod(desc.value as (...a: unknown[]) => unknown, keyName(ctx), options);
    return { ...desc, value: wrapped };
  };
  return decorator as TracedMethodDecorator;
}

/**
 * Sets the component, the agent-id reader and the tracer for a class's `@Traced` methods.
 * Read at call time, so it applies to subclasses too and works in either decorator mode.
 *
 * @example
 * ```ts
 * @TracedClass({ component: 'agent', agentId: 'name' })
 * class WeatherAgent {
 *   name = 'weather';
 *   @Traced({ operation: 'plan' }) async plan(q: string) { return q; }
 * }
 * ```
 */
export function TracedClass(options: TracedClassOptions = {}): TracedClassDecorator {
  return (value: unknown, _context?: unknown): void => {
    if (typeof value !== 'function') return;
    if (options.tracer) classTracers = true;
    setClassOptions(value, options);
  };
}

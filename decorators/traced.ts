/**
 * `@Traced` and `@TracedClass`: one function each, working under TC39 standard decorators
 * and under `experimentalDecorators` (decided on the second argument's shape).
 * @module
 */
import type { Tracer } from '../src/index.js';
import { tracer as defaultTracer, reportFailure } from '../src/index.js';
import type { CompiledMessage, MessageScope } from './message.js';
import { asText, compileMessage, paramNames } from './message.js';
import type { MessageOption, TracedClassOptions, TracedOptions } from './options.js';
import { classNameOf, classOptionsFor, readAgentId, setClassOptions } from './options.js';
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
function compile(m: MessageOption | undefined): Render {
  if (m === undefined) return (_self, _s, fallback) => fallback;
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

/** Wraps one method. Exported for the mixins' generic use and for tests. */
export function wrapMethod<F extends (this: any, ...args: any[]) => any>(orig: F, method: string, o: TracedOptions = {}): F {
  let names: string[] | undefined;
  const startMsg = compile(o.message);
  const endMsg = compile(o.endMessage ?? o.message);
  const errMsg = compile(o.errorMessage);
  const op = o.operation ?? method;
  const startOp = o.startOperation ?? `${op}_start`;
  const endOp = o.endOperation ?? `${op}_end`;
  const errOp = o.errorOperation ?? `${op}_error`;
  const level = o.level ?? 'TRACE';
  const pick = o.args ?? true;

  /** Everything before the call: the span and what the closing event needs. */
  function open(t: Tracer, self: unknown, args: unknown[]) {
    const cls = classOptionsFor(self);
    const component = o.component ?? cls?.component ?? classNameOf(self);
    const agentId = typeof self === 'function' ? undefined : readAgentId(o.agentId ?? cls?.agentId, self); // static: no instance
    const wanted = t.wants(component, level);
    let scope: MessageScope | undefined;
    let data: Record<string, unknown> | undefined;
    if (wanted) {
      names ??= paramNames(originals.get(orig) ?? orig);
      const named: Record<string, unknown> = {};
      for (let i = 0; i < args.length; i++) named[names[i] ?? String(i)] = args[i];
      scope = { class: classNameOf(self), method, component, operation: op, agent_id: agentId, args, named };
      if (pick === true) data = { args: named };
      else if (Array.isArray(pick) && pick.length > 0) {
        const sel: Record<string, unknown> = {};
        for (const p of pick) {
          if (typeof p === 'number') sel[names[p] ?? String(p)] = args[p];
          else if (Object.prototype.hasOwnProperty.call(named, p)) sel[p] = named[p];
        }
        data = { args: sel };
      }
    }
    const message = scope ? startMsg(self, scope, agentId === undefined ? `Calling ${scope.class}.${method}` : `Agent '${agentId}' calling ${scope.class}.${method}`) : '';
    const span = t.startSpan({ component, operation: startOp, message, level, data, agentId });
    return { span, scope, component, agentId };
  }

  function traced(t: Tracer, self: unknown, args: unknown[]): unknown {
    let opened: ReturnType<typeof open>;
    try {
      opened = open(t, self, args);
    } catch (err) {
      reportFailure('decorator could not open a span', err);
      return orig.apply(self, args);
    }
    const { span, scope, component, agentId } = opened;
    return callAndSettle(() => orig.apply(self, args), span.ctx, {
      ok(value, info) {
        if (!t.wants(component, level)) return span.end(endOp, { message: '' });
        const s = scope ?? { class: classNameOf(self), method, component, operation: op, agent_id: agentId, args, named: {} };
        s.result = value;
        let endData: Record<string, unknown> | undefined;
        if (o.result) endData = { result: value };
        if (info.items !== undefined) endData = { ...endData, items: info.items, ...(info.early ? { early: true } : {}) };
        const fallback = agentId === undefined ? `${s.class}.${method} completed` : `Agent '${agentId}' completed ${s.class}.${method}`;
        span.end(endOp, { message: endMsg(self, s, fallback), level, data: endData });
      },
      fail(error) {
        const s = scope ?? { class: classNameOf(self), method, component, operation: op, agent_id: agentId, args, named: {} };
        s.error = error;
        const text = error instanceof Error ? error.message : asText(error);
        const fallback = agentId === undefined ? `${s.class}.${method} failed: ${text}` : `Agent '${agentId}' failed in ${s.class}.${method}: ${text}`;
        span.end(errOp, { message: errMsg(self, s, fallback), level: 'ERROR', error });
      },
    });
  }

  // `arguments` (not a rest parameter) keeps the disabled path free of allocations.
  const wrapper = function (this: unknown): unknown {
    const t = o.tracer ?? (classTracers ? classOptionsFor(this)?.tracer : undefined) ?? defaultTracer;
    // eslint-disable-next-line prefer-rest-params
    if (!t.enabled) return orig.apply(this, arguments as unknown as unknown[]);
    // eslint-disable-next-line prefer-rest-params
    return traced(t, this, Array.prototype.slice.call(arguments));
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

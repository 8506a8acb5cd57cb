/**
 * Options of `@Traced` and `@TracedClass`, and the per-class settings that `@TracedClass`
 * records (read at call time, so subclasses and either decorator order work).
 * @module
 */
import type { Level, Tracer } from '../src/index.js';

/** A message: a `{placeholder}` template, or a function of `this`, the arguments and the result. */
export type MessageOption = string | ((self: unknown, args: readonly unknown[], result?: unknown) => string);

/** Reads the agent id from an instance: a property name or a function of the instance. */
export type AgentIdReader = string | ((self: any) => unknown);

/** Options of {@link Traced}. Every field is optional. */
export interface TracedOptions {
  /** Event component (default: the `@TracedClass` component, else the name of the class of `this`, read once per class). */
  component?: string;
  /** Operation name (default: the method name). */
  operation?: string;
  /** Opening event's operation (default `<operation>_start`). */
  startOperation?: string;
  /** Closing event's operation on success (default `<operation>_end`). */
  endOperation?: string;
  /** Closing event's operation when the method throws or rejects (default `<operation>_error`). */
  errorOperation?: string;
  /**
   * Message of the opening event and, unless `endMessage` is set, of the closing one
   * (default `Calling <Class>.<method>` / `<Class>.<method> completed`, or with an agent id
   * `Agent '<id>' calling <Class>.<method>` / `Agent '<id>' completed <Class>.<method>`). Template placeholders:
   * an argument's name or index, `args`, `class`, `method`, `component`, `operation`,
   * `agent_id`, `result`; each may be followed by `.path` (`{0.city}`).
   */
  message?: MessageOption;
  /** Message of the closing event on success (default: `message` if set, else `<Class>.<method> completed`). */
  endMessage?: MessageOption;
  /** Message of the error event (default `<Class>.<method> failed: <error message>`; `{error}` is the error message). */
  errorMessage?: MessageOption;
  /**
   * Which arguments go into the opening event's `data.args` (redacted and size-limited like all
   * data): `true` all (default), `false` none, or a list of parameter names and/or indexes.
   */
  args?: boolean | ReadonlyArray<string | number>;
  /** Put the return value (resolved value for a promise) into the closing event's `data.result` (default `false`). */
  result?: boolean;
  /** Level of the opening and closing events (default `TRACE`; the error event is always `ERROR`). */
  level?: Level;
  /** Agent id of the events (default: the `@TracedClass` reader, else none). */
  agentId?: AgentIdReader;
  /** The tracer to use (default: the `@TracedClass` tracer, else the process-wide `tracer`). */
  tracer?: Tracer;
}

/** Options of {@link TracedClass}. */
export interface TracedClassOptions {
  /** Component for the class's `@Traced` methods (default: the name of the class of `this`, read once per class). */
  component?: string;
  /** How to read the agent id from an instance, e.g. `'name'` or `(self) => self.id` (default none). */
  agentId?: AgentIdReader;
  /** Tracer for the class's `@Traced` methods (default: the process-wide `tracer`). */
  tracer?: Tracer;
}

const byClass = new WeakMap<object, TracedClassOptions>();
let resolved = new WeakMap<object, TracedClassOptions | null>();

/** Records the options of a `@TracedClass` class. */
export function setClassOptions(cls: object, opts: TracedClassOptions): void {
  byClass.set(cls, { ...opts });
  resolved = new WeakMap();
  infoGeneration++;
  infos = new WeakMap();
}

/**
 * The class (constructor) behind `self`: `self` itself for a static call, else
 * `self.constructor` (a primitive's wrapper class); undefined for a missing `this` or an object without a constructor.
 */
function classOf(self: unknown): object | undefined {
  if (typeof self === 'function') return self;
  if (self === null || self === undefined) return undefined;
  try {
    const c = (self as { constructor?: unknown }).constructor;
    return typeof c === 'function' ? c : undefined;
  } catch {
    return undefined;
  }
}

function nameOfClass(c: object | undefined, self: unknown): string {
  const name = (c as { name?: unknown } | undefined)?.name;
  if (typeof name === 'string' && name !== '') return name;
  return self === null || self === undefined ? 'global' : 'Object';
}

/** What a traced call needs of the class of `this`: its name and its `@TracedClass` options. */
export interface ClassInfo {
  readonly name: string;
  readonly options: TracedClassOptions | undefined;
}

let infos = new WeakMap<object, ClassInfo>();
const NO_CLASS: ClassInfo = { name: 'global', options: undefined };
let infoGeneration = 0;

/**
 * {@link classNameOf} and {@link classOptionsFor} of `self`, worked out once per class (the
 * name is read at the first traced call of each class; a class decorated later with
 * `@TracedClass` is seen at once). `memo` remembers the last class a call site saw.
 */
export function classInfoOf(self: unknown, memo: { cls: unknown; info: ClassInfo | undefined; gen: number }): ClassInfo {
  const c = classOf(self);
  if (c === undefined) return self === null || self === undefined ? NO_CLASS : { name: 'Object', options: undefined };
  if (memo.cls === c && memo.gen === infoGeneration) return memo.info!;
  let info = infos.get(c);
  if (info === undefined) {
    info = { name: nameOfClass(c, self), options: classOptionsFor(self) };
    infos.set(c, info);
  }
  memo.cls = c;
  memo.info = info;
  memo.gen = infoGeneration;
  return info;
}

/** The `@TracedClass` options that apply to `self`: its class's, else the nearest decorated base class's. */
export function classOptionsFor(self: unknown): TracedClassOptions | undefined {
  const start = classOf(self);
  if (start === undefined) return undefined;
  const hit = resolved.get(start);
  if (hit !== undefined) return hit ?? undefined;
  let found: TracedClassOptions | undefined;
  for (let c: object | null = start; c !== null && c !== Function.prototype; c = Object.getPrototypeOf(c) as object | null) {
    found = byClass.get(c);
    if (found) break;
  }
  resolved.set(start, found ?? null);
  return found;
}

/** Reads an agent id with a reader; never throws. */
export function readAgentId(reader: AgentIdReader | undefined, self: unknown): string | undefined {
  if (reader === undefined || self === null || self === undefined) return undefined;
  try {
    const v = typeof reader === 'function' ? reader(self) : (self as Record<string, unknown>)[reader];
    return v === undefined || v === null ? undefined : String(v);
  } catch {
    return undefined;
  }
}

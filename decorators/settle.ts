/**
 * The one shared call wrapper: runs a method inside a span's context and reports how it
 * settled, keeping the kind of its result (sync value, promise, async iterable).
 * @module
 */
import type { ActiveSpan } from '../src/index.js';
import type { TraceContext } from '../src/context.js';
import { contextManager } from '../src/context.js';
import { reportFailure } from '../src/errors.js';

/** How a call ended, beyond its value. */
export interface SettleInfo {
  /** Items yielded, when the result was an async iterable. */
  items?: number;
  /** The consumer stopped an async iterable before it finished (`return()` or `break`). */
  early?: boolean;
}

/** Callbacks of {@link callAndSettle}. They must not throw (failures are reported, not thrown). */
export interface SettleHooks {
  ok(value: unknown, info: SettleInfo): void;
  fail(error: unknown): void;
}

/** Opens a span; undefined (reported, never thrown) if that fails, so the caller runs the method untraced. */
export function openSafely(open: () => ActiveSpan): ActiveSpan | undefined {
  try {
    return open();
  } catch (err) {
    reportFailure('decorator could not open a span', err);
    return undefined;
  }
}

/** Whether `v` is a thenable; false for a value whose `then` cannot be read (a hostile Proxy), which is returned as it is. */
function isThenable(v: unknown): v is PromiseLike<unknown> {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
  try {
    return typeof (v as { then?: unknown }).then === 'function';
  } catch {
    return false;
  }
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  if (v === null || typeof v !== 'object') return false;
  try {
    return typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
  } catch {
    return false;
  }
}

function isAsyncGenerator(v: object): v is AsyncGenerator<unknown, unknown, unknown> {
  try {
    return Object.prototype.toString.call(v) === '[object AsyncGenerator]' && typeof (v as { next?: unknown }).next === 'function';
  } catch {
    return false;
  }
}

/**
 * Calls `run` (inside `ctx` when given) and reports its outcome to `hooks` exactly once:
 * a sync value or throw at once, a promise when it settles (the same promise kind is returned),
 * an async iterable when it finishes, throws or is stopped early. Errors are rethrown unchanged.
 */
export function callAndSettle(run: () => unknown, ctx: TraceContext | undefined, hooks: SettleHooks): unknown {
  let result: unknown;
  try {
    result = inCtx(ctx, run);
  } catch (err) {
    settleFail(hooks, err);
    throw err;
  }
  if (isThenable(result)) {
    return result.then(
      (v) => {
        settleOk(hooks, v);
        return v;
      },
      (err: unknown) => {
        settleFail(hooks, err);
        throw err;
      },
    );
  }
  if (isAsyncIterable(result)) {
    if (isAsyncGenerator(result)) return traceGenerator(result, ctx, hooks);
    return traceIterable(result, ctx, hooks);
  }
  settleOk(hooks, result);
  return result;
}

/** What a plain value or promise settles with: no iteration details (shared, never changed). */
const PLAIN: SettleInfo = Object.freeze({});

/** `hooks.ok`, never throwing (no closure per call). */
function settleOk(hooks: SettleHooks, v: unknown, info: SettleInfo = PLAIN): void {
  try {
    hooks.ok(v, info);
  } catch (err) {
    reportFailure('decorator end hook failed', err);
  }
}

function settleFail(hooks: SettleHooks, e: unknown): void {
  try {
    hooks.fail(e);
  } catch (err) {
    reportFailure('decorator error hook failed', err);
  }
}

/** Settles at most once. */
function once(hooks: SettleHooks): SettleHooks & { done: boolean } {
  const h = {
    done: false,
    ok(v: unknown, info: SettleInfo): void {
      if (h.done) return;
      h.done = true;
      settleOk(hooks, v, info);
    },
    fail(e: unknown): void {
      if (h.done) return;
      h.done = true;
      settleFail(hooks, e);
    },
  };
  return h;
}

function inCtx<R>(ctx: TraceContext | undefined, fn: () => R): R {
  return ctx === undefined ? fn() : contextManager.with(ctx, fn);
}

/**
 * Wraps an async generator in another real async generator (so the result is still an
 * `AsyncGenerator`), forwarding `next`/`throw`/`return` and settling when it ends.
 */
function traceGenerator(inner: AsyncGenerator<unknown, unknown, unknown>, ctx: TraceContext | undefined, hooks: SettleHooks): AsyncGenerator<unknown, unknown, unknown> {
  const h = once(hooks);
  let items = 0;
  let started = false;
  async function* outer(): AsyncGenerator<unknown, unknown, unknown> {
    started = true;
    let method: 'next' | 'throw' = 'next';
    let arg: unknown;
    let finished = false;
    try {
      for (;;) {
        let r: IteratorResult<unknown, unknown>;
        try {
          r = await inCtx(ctx, () => (method === 'next' ? inner.next(arg) : inner.throw(arg)));
        } catch (err) {
          finished = true;
          h.fail(err);
          throw err;
        }
        if (r.done) {
          finished = true;
          h.ok(r.value, { items });
          return r.value;
        }
        items++;
        try {
          arg = yield r.value;
          method = 'next';
        } catch (err) {
          arg = err;
          method = 'throw';
        }
      }
    } finally {
      if (!finished) {
        // The consumer called return() (or broke out of for-await): stop the inner generator too.
        try {
          await inCtx(ctx, () => inner.return(undefined));
          h.ok(undefined, { items, early: true });
        } catch (err) {
          h.fail(err);
          // eslint-disable-next-line no-unsafe-finally
          throw err;
        }
      }
    }
  }
  const gen = outer();
  const ownReturn = gen.return.bind(gen);
  // return() before the first next() never enters the body: close the span and the inner generator here.
  Object.defineProperty(gen, 'return', {
    configurable: true,
    writable: true,
    value: async (v: unknown): Promise<IteratorResult<unknown, unknown>> => {
      if (!started) {
        started = true;
        try {
          await inCtx(ctx, () => inner.return(v));
        } catch (err) {
          h.fail(err);
          throw err;
        }
        h.ok(v, { items, early: true });
      }
      return ownReturn(v);
    },
  });
  return gen;
}

/**
 * Any other async iterable (a stream, a custom object): the same object is returned, with its
 * `[Symbol.asyncIterator]` wrapped on the instance so the iteration is traced. An object whose
 * iterator cannot be wrapped (frozen) is returned as is and settles at once.
 */
function traceIterable(obj: AsyncIterable<unknown>, ctx: TraceContext | undefined, hooks: SettleHooks): AsyncIterable<unknown> {
  const h = once(hooks);
  const original = obj[Symbol.asyncIterator];
  let items = 0;
  const wrapped = function (this: unknown): AsyncIterator<unknown> {
    const it = inCtx(ctx, () => original.call(this)) as AsyncIterator<unknown>;
    const proxy: AsyncIterator<unknown> & AsyncIterable<unknown> = {
      async next(...a: [] | [unknown]) {
        try {
          const r = await inCtx(ctx, () => it.next(...a));
          if (r.done) h.ok(r.value, { items });
          else items++;
          return r;
        } catch (err) {
          h.fail(err);
          throw err;
        }
      },
      async return(v?: unknown) {
        try {
          const r = it.return ? await inCtx(ctx, () => it.return!(v)) : { done: true as const, value: v };
          h.ok(v, { items, early: true });
          return r;
        } catch (err) {
          h.fail(err);
          throw err;
        }
      },
      [Symbol.asyncIterator]() {
        return proxy;
      },
    };
    if (it.throw) {
      proxy.throw = async (e?: unknown) => {
        try {
          const r = await inCtx(ctx, () => it.throw!(e));
          if (r.done) h.ok(r.value, { items });
          return r;
        } catch (err) {
          h.fail(err);
          throw err;
        }
      };
    }
    return proxy;
  };
  try {
    Object.defineProperty(obj, Symbol.asyncIterator, { configurable: true, writable: true, value: wrapped });
  } catch {
    h.ok(obj, {});
  }
  return obj;
}

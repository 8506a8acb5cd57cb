/**
 * Trace context: AsyncLocalStorage behind a small interface (`active()`, `with()`, `enter()`).
 * Context values are immutable; a child is a new object.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** What follows a conversation through `await`, timers and callbacks. Immutable. */
export interface TraceContext {
  readonly traceId: string;
  /** The current span: parent of the next event or child span. */
  readonly spanId?: string;
  readonly userId?: string;
  readonly agentId?: string;
  /** Head-sampling decision, made once per trace and inherited. */
  readonly sampled: boolean;
  /** W3C `tracestate` carried from a remote parent, if any. */
  readonly traceState?: string;
}

/** The context manager. */
export interface ContextManager {
  /** The current context, or undefined outside any trace. */
  active(): TraceContext | undefined;
  /** Runs `fn` with `ctx` current; restores the previous context after. */
  with<R>(ctx: TraceContext, fn: () => R): R;
  /** Makes `ctx` current for the rest of the calling synchronous execution and its async continuations. */
  enter(ctx: TraceContext | undefined): void;
}

const als = new AsyncLocalStorage<TraceContext>();

/**
 * `als.run(store, fn)` that always restores the caller's context. Node's `run` skips its
 * save/restore when `store` is already current, so an `enterWith` inside `fn` (as
 * `userMessage()` does) would leak out; here it never does.
 */
function runIn<R>(store: TraceContext | undefined, fn: () => R): R {
  const prev = als.getStore();
  if (prev !== store) return als.run(store as TraceContext, fn);
  try {
    return fn();
  } finally {
    if (als.getStore() !== prev) als.enterWith(prev as TraceContext);
  }
}

class AlsContextManager implements ContextManager {
  active(): TraceContext | undefined {
    return als.getStore();
  }

  with<R>(ctx: TraceContext, fn: () => R): R {
    return runIn(ctx, fn);
  }

  enter(ctx: TraceContext | undefined): void {
    als.enterWith(ctx as TraceContext);
  }
}

/**
 * Runs `fn` outside any trace. For work the tracer starts in the background (rotation jobs): a
 * promise made inside a traced call keeps that call's context alive until it settles, and the
 * work belongs to no conversation.
 */
export function outsideTraces<R>(fn: () => R): R {
  return runIn(undefined, fn);
}

/** The process-wide context manager shared by every tracer (one conversation, one context). */
export const contextManager: ContextManager = new AlsContextManager();

/** A child context: same trace, new current span (and optionally other fields). */
export function childContext(parent: TraceContext, spanId: string, extra?: { agentId?: string; userId?: string }): TraceContext {
  return {
    traceId: parent.traceId,
    spanId,
    userId: extra?.userId ?? parent.userId,
    agentId: extra?.agentId ?? parent.agentId,
    sampled: parent.sampled,
    traceState: parent.traceState,
  };
}

/**
 * `fn` bound to a context (default: the current one; `null`: outside any trace), so it runs in that context wherever it
 * is called from. Timers, promises and `setImmediate` need nothing; this is for callbacks that
 * a shared object calls later from someone else's context, such as a listener on an
 * EventEmitter shared by many conversations. `this` and the arguments are passed through.
 *
 * @example
 * ```ts
 * bus.on('reply', bindContext((reply) => tracer.trace('bus', 'reply', reply)));
 * ```
 */
export function bindContext<A extends unknown[], R, T = unknown>(fn: (this: T, ...args: A) => R, ctx?: TraceContext | null): (this: T, ...args: A) => R {
  const c = ctx === null ? undefined : ctx ?? als.getStore();
  return function bound(this: T, ...args: A): R {
    return runIn(c, () => fn.apply(this, args));
  };
}

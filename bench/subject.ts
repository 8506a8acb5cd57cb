/**
 * The traced method: the same trivial awaited async method as {@link BareWork}, under tracing.
 * The traced class is what a user writes; the bench compiles it with tsc (TC39 decorators),
 * the way the package's users build.
 * @module
 */
import { contextManager, tracer } from 'muxi-tracing';
export { BareWork } from './bare-work.js';

/**
 * Stand-in for `@Traced()` until `muxi-tracing/decorators` ships it: what the decorator does
 * (one span, `<name>_start` / `<name>_end`, the body run inside the span's context).
 */
function tracedShim<T, A extends unknown[], R>(fn: (this: T, ...args: A) => Promise<R>, ctx: ClassMethodDecoratorContext): (this: T, ...args: A) => Promise<R> {
  const name = String(ctx.name);
  const start = `${name}_start`;
  const end = `${name}_end`;
  const fail = `${name}_error`;
  const traced = async function (this: T, args: A): Promise<R> {
    const span = tracer.startSpan({ component: 'bench', operation: start, message: `Calling ${name}` });
    try {
      const r = await contextManager.with(span.ctx, () => fn.apply(this, args));
      span.end(end, { message: `${name} finished` });
      return r;
    } catch (err) {
      span.end(fail, { message: `${name} failed`, error: err });
      throw err;
    }
  };
  // Disabled: straight through, no extra promise, no context step.
  return function (this: T, ...args: A): Promise<R> {
    return tracer.enabled ? traced.call(this, args) : fn.apply(this, args);
  };
}

/** The same method under tracing. */
export class TracedWork {
  @tracedShim
  async work(n: number): Promise<number> {
    return n + 1;
  }
}

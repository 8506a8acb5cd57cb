/** Small async helpers for context tests. */
import { bindContext } from '../../src/context.js';
import { setImmediate as immediate } from 'node:timers/promises';

/** Resolves after `ms` milliseconds (a real timer). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves on the next `setImmediate` turn. */
export function tick(): Promise<void> {
  return immediate().then(() => undefined);
}

/** A seeded pseudo-random generator (mulberry32), so a failing run can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `fn` outside any trace and keeps whatever context it enters (`userMessage()` uses
 * `enterWith`) from leaking into the caller, and so into later tests.
 */
export function isolated<R>(fn: () => R): R {
  return bindContext(fn, null)();
}

/** Polls `cond` (sync or async) every 20 ms until it holds; fails naming `what` after `ms`. */
export async function waitUntil(cond: () => boolean | Promise<boolean>, what: string, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

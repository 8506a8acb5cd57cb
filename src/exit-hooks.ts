/**
 * Flushing on the way out, without changing how the app exits. Installed for the
 * process-wide tracer:
 * - `beforeExit`: `flush()` (async sinks get to deliver; runs again only if new events came);
 * - `exit`: `flushSync()` (buffered lines written synchronously; covers `process.exit()`), and
 *   from then on lines are written at once (events from the app's own `exit` listeners too);
 * - `SIGINT`/`SIGTERM`: `flushSync()`, then, when the app has no listener of its own for that
 *   signal, the signal is raised again so the process still dies by it (exit status 128+n, as
 *   without us). When the app has listeners, they decide. Our listener runs first and removes
 *   itself, so libraries that re-raise only when they are alone (signal-exit) still do.
 * @module
 */

/** What the hooks call. */
export interface Flushable {
  flush(): Promise<void>;
  flushSync(): void;
  stats?(): { written: number };
}

/**
 * Set once the process is exiting (`exit` event): from then on the built-in sinks write each
 * line at once, so events emitted by the app's own later `exit` listeners still reach the disk.
 */
export const exitState = { exiting: false };

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const installed = new WeakMap<Flushable, () => void>();

/**
 * Installs the exit hooks for `target` (once per target). Returns a function that removes them.
 *
 * @example
 * ```ts
 * const off = installExitHooks(myTracer);
 * // ... later, to leave exit handling entirely to the app:
 * off();
 * ```
 */
export function installExitHooks(target: Flushable): () => void {
  const existing = installed.get(target);
  if (existing) return existing;
  let flushedAt = -1;
  const written = (): number => {
    try {
      return target.stats?.().written ?? 0;
    } catch {
      return 0;
    }
  };
  const syncFlush = (): void => {
    try {
      target.flushSync();
    } catch {
      // never throws on the way out
    }
  };
  const onBeforeExit = (): void => {
    const n = written();
    if (n === flushedAt) return; // nothing new: let the process end
    flushedAt = n;
    target.flush().catch(() => {});
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    syncFlush();
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    if (process.listenerCount(sig) === 0) {
      try {
        process.kill(process.pid, sig);
      } catch {
        process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
      }
    }
  };
  process.on('beforeExit', onBeforeExit);
  const onExit = (): void => {
    exitState.exiting = true;
    syncFlush();
  };
  process.on('exit', onExit);
  for (const s of SIGNALS) process.prependListener(s, onSignal);
  const remove = (): void => {
    process.removeListener('beforeExit', onBeforeExit);
    process.removeListener('exit', onExit);
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    installed.delete(target);
  };
  installed.set(target, remove);
  return remove;
}

/**
 * The baseline method, in a module that does not load `muxi-tracing` (so the bare, pino and
 * OpenTelemetry children never build our tracer).
 * @module
 */

/** An undecorated async method: the baseline every variant wraps. */
export class BareWork {
  async work(n: number): Promise<number> {
    return n + 1;
  }
}

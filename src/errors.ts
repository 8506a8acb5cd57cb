/**
 * Typed errors and the one run-time failure reporter.
 * @module
 */

/**
 * A configuration value was invalid. Thrown early (at `configure()` or when the environment
 * is read), never at run time. The message names the setting, the bad value and what is allowed.
 *
 * @example
 * ```ts
 * try { configure({ level: 'LOUD' as never }); }
 * catch (e) { if (e instanceof TracingConfigError) console.error(e.setting, e.value); }
 * ```
 */
export class TracingConfigError extends Error {
  override readonly name = 'TracingConfigError';
  /** The environment variable or option name. */
  readonly setting: string;
  /** The value that was rejected. */
  readonly value: unknown;
  /** What would have been accepted. */
  readonly allowed: string;

  constructor(setting: string, value: unknown, allowed: string, detail?: string) {
    super(`${setting}=${show(value)} is invalid: expected ${allowed}${detail ? ` (${detail})` : ''}`);
    this.setting = setting;
    this.value = value;
    this.allowed = allowed;
  }
}

/** A value as it appears in an error message; never throws (BigInt, cycles, symbols). */
function show(value: unknown): string {
  try {
    const s = JSON.stringify(value);
    if (s !== undefined) return s.length > 200 ? s.slice(0, 200) + '…' : s;
  } catch {
    // fall through
  }
  try {
    return typeof value === 'function' ? `[Function ${value.name || 'anonymous'}]` : String(value);
  } catch {
    return '[unprintable]';
  }
}

const reported = new Set<string>();
const counts = new Map<string, number>();

/**
 * Reports a run-time failure of the tracing machinery: once per `key` to stderr, prefixed
 * `muxi-tracing:`, and counted every time. Never throws.
 */
export function reportFailure(key: string, err: unknown): void {
  try {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (reported.has(key)) return;
    reported.add(key);
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`muxi-tracing: ${key}: ${msg.replace(/[\r\n]+/g, ' ')}\n`);
  } catch {
    // the reporter itself never throws
  }
}

/** How many failures were reported per key (for tests and diagnostics). */
export function failureCounts(): ReadonlyMap<string, number> {
  return counts;
}

/** Forgets reported failures (tests only). */
export function resetFailures(): void {
  reported.clear();
  counts.clear();
}

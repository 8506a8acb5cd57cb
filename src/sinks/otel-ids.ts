/**
 * Keeping our ids in OpenTelemetry. The OpenTelemetry API has no way to choose a span's id:
 * the SDK's tracer asks its provider's `IdGenerator`. {@link MuxiIdGenerator} is that
 * generator: while the `otel` sink starts the span of one of our events, it returns that
 * event's span id (and, for a root span, its trace id); otherwise it returns random ids.
 * @module
 */
import { newSpanId, newTraceId } from '../ids.js';

/** The shape of the SDK's `IdGenerator` (`@opentelemetry/sdk-trace-base`), duck-typed. */
export interface IdGeneratorLike {
  generateTraceId(): string;
  generateSpanId(): string;
}

let pending: { traceId: string; spanId: string; used: boolean } | undefined;

/**
 * Runs `start` (which starts exactly one OpenTelemetry span, synchronously) so that a
 * {@link MuxiIdGenerator} in the provider hands out `traceId`/`spanId`. Returns what `start`
 * returned and whether a `MuxiIdGenerator` supplied the span id.
 */
export function startWithIds<R>(traceId: string, spanId: string, start: () => R): { value: R; used: boolean } {
  const prev = pending;
  const slot = { traceId, spanId, used: false };
  pending = slot;
  try {
    return { value: start(), used: slot.used };
  } finally {
    pending = prev;
  }
}

/**
 * An OpenTelemetry SDK `IdGenerator` that makes the spans the `otel` sink creates carry the
 * same trace and span ids as the muxi-tracing events they come from. Spans created by
 * anything else get random ids, as with the SDK's `RandomIdGenerator` (or the `fallback` you
 * give). Add it to your tracer provider.
 *
 * @example
 * ```ts
 * import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
 * import { MuxiIdGenerator } from 'muxi-tracing';
 * const provider = new BasicTracerProvider({ idGenerator: new MuxiIdGenerator(), spanProcessors: [...] });
 * ```
 */
export class MuxiIdGenerator implements IdGeneratorLike {
  private readonly fallback: IdGeneratorLike | undefined;

  /** @param fallback - generator for spans that are not ours (default: random ids). */
  constructor(fallback?: IdGeneratorLike) {
    this.fallback = fallback;
  }

  generateTraceId(): string {
    const p = pending;
    if (p !== undefined) return p.traceId;
    return this.fallback ? this.fallback.generateTraceId() : newTraceId();
  }

  generateSpanId(): string {
    const p = pending;
    if (p !== undefined && !p.used) {
      p.used = true;
      return p.spanId;
    }
    return this.fallback ? this.fallback.generateSpanId() : newSpanId();
  }
}

/**
 * Trace context in MCP `params._meta`: the keys the MCP specification reserves for it
 * (`traceparent`, `tracestate`, as OpenTelemetry's MCP conventions propagate them), read and
 * written without touching the caller's other `_meta` keys.
 * @module
 */
import type { Tracer } from '../tracer.js';

/** The `_meta` key carrying the W3C `traceparent`. */
export const TRACEPARENT_KEY = 'traceparent';
/** The `_meta` key carrying the W3C `tracestate`. */
export const TRACESTATE_KEY = 'tracestate';

/** A JSON-RPC request as the SDK's `Protocol.request` takes it. */
export interface McpRequestLike {
  method: string;
  params?: Record<string, unknown> & { _meta?: Record<string, unknown> };
  [key: string]: unknown;
}

/**
 * A copy of `request` whose `params._meta` carries the current `traceparent` (and
 * `tracestate` when the trace has one). The caller's `_meta` keys are kept, and a
 * `traceparent`/`tracestate` the caller set explicitly wins. Outside a trace, or when the
 * request is not an object, `request` is returned unchanged. Never mutates its argument.
 */
export function withTraceMeta<T>(request: T, tracer: Tracer): T {
  if (request === null || typeof request !== 'object') return request;
  const traceparent = tracer.traceparent();
  if (traceparent === undefined) return request;
  const req = request as unknown as McpRequestLike;
  const params = req.params !== null && typeof req.params === 'object' ? req.params : {};
  const callerMeta = params._meta !== null && typeof params._meta === 'object' ? params._meta : {};
  const meta: Record<string, unknown> = { [TRACEPARENT_KEY]: traceparent };
  const tracestate = tracer.tracestate();
  if (tracestate !== undefined && tracestate !== '') meta[TRACESTATE_KEY] = tracestate;
  return { ...req, params: { ...params, _meta: { ...meta, ...callerMeta } } } as unknown as T;
}

/** The trace context an incoming request carries in `params._meta`, if any. */
export function traceMetaOf(request: unknown): { traceparent?: string; tracestate?: string } {
  if (request === null || typeof request !== 'object') return {};
  const params = (request as { params?: unknown }).params;
  if (params === null || typeof params !== 'object') return {};
  const meta = (params as { _meta?: unknown })._meta;
  if (meta === null || typeof meta !== 'object') return {};
  const tp = (meta as Record<string, unknown>)[TRACEPARENT_KEY];
  const ts = (meta as Record<string, unknown>)[TRACESTATE_KEY];
  return {
    ...(typeof tp === 'string' ? { traceparent: tp } : {}),
    ...(typeof ts === 'string' ? { tracestate: ts } : {}),
  };
}

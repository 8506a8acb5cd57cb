/**
 * W3C Trace Context (`traceparent`) parsing and formatting, as the W3C spec and
 * OpenTelemetry's propagator read it: lowercase hex, all-zero ids invalid, version 00 has
 * exactly four fields, a higher version is read by its first four, `ff` is invalid.
 * @module
 */
import { isSpanId, isTraceId } from './ids.js';

/** A parsed `traceparent`. */
export interface ParsedTraceparent {
  version: string;
  traceId: string;
  parentSpanId: string;
  /** Bit 0 of the trace flags. */
  sampled: boolean;
  flags: string;
}

const HEX2 = /^[0-9a-f]{2}$/;

/** Parses a `traceparent` header; undefined when it is invalid (never throws). */
export function parseTraceparent(header: unknown): ParsedTraceparent | undefined {
  if (typeof header !== 'string') return undefined;
  const h = header.trim();
  const parts = h.split('-');
  if (parts.length < 4) return undefined;
  const [version, traceId, spanId, flags] = parts as [string, string, string, string];
  if (!HEX2.test(version) || version === 'ff') return undefined;
  if (version === '00' && parts.length !== 4) return undefined;
  if (!isTraceId(traceId) || !isSpanId(spanId) || !HEX2.test(flags)) return undefined;
  return { version, traceId, parentSpanId: spanId, sampled: (parseInt(flags, 16) & 1) === 1, flags };
}

/** Formats a version-00 `traceparent`. */
export function formatTraceparent(traceId: string, spanId: string, sampled: boolean): string {
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}

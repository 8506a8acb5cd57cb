/**
 * Variants `otel-conv`, `otlp-conv`, `otel-obj` and `otlp-obj`: the OpenTelemetry twins of the
 * product rows. OpenTelemetry JS 2.x with the AsyncLocalStorage context manager and a
 * `BatchSpanProcessor` (default settings), as an app sets it up. `BENCH_FLOW` picks the
 * workload (`conversation`: 7 spans per call; `object`: one span), `BENCH_EXPORT` the exporter:
 * `none` drops what it gets (no serialization, no I/O); `otlp-json` serializes each batch with
 * `@opentelemetry/otlp-transformer`'s `JsonTraceSerializer` (what the OTLP/HTTP JSON exporter
 * sends) and writes the bytes to the variant's file, so both sides pay for serializing and for
 * the write.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { otelForecast } from '../workload/object-call.js';
import { otelConversation } from '../workload/otel-app.js';
import type { Prepared, PrepareOptions } from './types.js';

/** Prepares the SDK, the exporter named by `BENCH_EXPORT` and the workload named by `BENCH_FLOW`. */
export async function prepare(o: PrepareOptions): Promise<Prepared> {
  const serialize = process.env['BENCH_EXPORT'] === 'otlp-json';
  const fd = serialize ? openSync(o.outFile, 'w') : -1;
  let exported = 0;
  let bytes = 0;
  const exporter: SpanExporter = {
    export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
      if (serialize) {
        const body = JsonTraceSerializer.serializeRequest(spans);
        if (body) {
          writeSync(fd, body);
          bytes += body.byteLength;
        }
      }
      exported += spans.length;
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
  };
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  const t = trace.getTracer('bench');
  const flow = process.env['BENCH_FLOW'];
  const call = flow === 'conversation' ? otelConversation(t) : flow === 'object' ? otelForecast(t) : undefined;
  if (!call) throw new Error(`BENCH_FLOW=${String(flow)}: expected conversation or object`);
  return {
    call,
    finish: async () => {
      await provider.shutdown();
      if (fd >= 0) closeSync(fd);
    },
    counters: () => ({ exported, bytes }),
  };
}

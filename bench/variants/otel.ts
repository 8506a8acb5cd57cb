/**
 * Variant `otel`: OpenTelemetry JS 2.x, `startActiveSpan` with the AsyncLocalStorage context
 * manager, four attributes, a `BatchSpanProcessor` (default settings) and an exporter that
 * drops what it gets (no serialization, no I/O). Finished by `provider.shutdown()`, which
 * exports what is queued.
 * @module
 */
import type { Span } from '@opentelemetry/api';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BareWork } from '../bare-work.js';
import type { Prepared } from './types.js';

/** Prepares an OpenTelemetry SDK as an app would set it up, with a no-op exporter. */
export async function prepare(): Promise<Prepared> {
  let exported = 0;
  const exporter: SpanExporter = {
    export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
      exported += spans.length;
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
  };
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  const t = trace.getTracer('bench');
  const w = new BareWork();
  return {
    call: (i) =>
      t.startActiveSpan('work', { attributes: { component: 'bench', operation: 'work', 'agent.id': 'agent-1', 'work.n': i } }, async (span: Span) => {
        try {
          return await w.work(i);
        } finally {
          span.end();
        }
      }),
    finish: () => provider.shutdown(),
    counters: () => ({ exported }),
  };
}

/**
 * W3C Trace Context parity with OpenTelemetry's own propagator (`@opentelemetry/core`
 * W3CTraceContextPropagator): the same headers are valid, with the same ids and sampled flag;
 * our `traceparent()`/`tracestate()` are read by it, and its output is continued by us.
 */
import { expect } from 'chai';
import * as api from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { MemorySink, Tracer } from '../../src/index.js';
import { parseTraceparent } from '../../src/trace-context.js';

const TID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SID = '00f067aa0ba902b7';
const propagator = new W3CTraceContextPropagator();

function otelRead(traceparent: string, tracestate?: string): api.SpanContext | undefined {
  const carrier: Record<string, string> = { traceparent };
  if (tracestate !== undefined) carrier['tracestate'] = tracestate;
  const ctx = propagator.extract(api.ROOT_CONTEXT, carrier, api.defaultTextMapGetter);
  return api.trace.getSpanContext(ctx);
}

const HEADERS = [
  `00-${TID}-${SID}-01`, `00-${TID}-${SID}-00`, `00-${TID}-${SID}-09`, `cc-${TID}-${SID}-01-future`, `01-${TID}-${SID}-01`,
  `00-${TID}-${SID}-01-extra`, `ff-${TID}-${SID}-01`, `00-${'0'.repeat(32)}-${SID}-01`, `00-${TID}-${'0'.repeat(16)}-01`,
  `00-${TID.toUpperCase()}-${SID}-01`, `00-${TID}-${SID}`, `0-${TID}-${SID}-01`, `00-${TID}-${SID}-1`, 'garbage', '',
];

describe('W3C trace context: parity with OpenTelemetry', () => {
  for (const h of HEADERS) {
    it(`reads ${JSON.stringify(h)} as OpenTelemetry's propagator does`, () => {
      const ours = parseTraceparent(h);
      const theirs = otelRead(h);
      expect(ours !== undefined, 'valid').to.equal(theirs !== undefined && api.trace.isSpanContextValid(theirs));
      if (ours && theirs) {
        expect([ours.traceId, ours.parentSpanId, ours.sampled]).to.deep.equal(
          [theirs.traceId, theirs.spanId, (theirs.traceFlags & api.TraceFlags.SAMPLED) === 1]);
      }
    });
  }

  it('continues a header OpenTelemetry wrote, carrying tracestate both ways', () => {
    const carrier: Record<string, string> = {};
    const sc: api.SpanContext = { traceId: TID, spanId: SID, traceFlags: api.TraceFlags.SAMPLED, traceState: api.createTraceState('vendor=abc,other=1') };
    propagator.inject(api.trace.setSpanContext(api.ROOT_CONTEXT, sc), carrier, api.defaultTextMapSetter);
    const mem = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
    t.continueTrace(carrier['traceparent'], () => {
      t.trace('svc', 'work', 'inside');
      const span = t.startSpan({ component: 'svc', operation: 'step_start', message: 'step' });
      expect(mem.events[0]).to.include({ trace_id: TID, parent_span_id: SID });
      // what we send on is read back by OpenTelemetry with the same trace and our span
      const back = otelRead(`00-${TID}-${span.spanId}-01`, t.tracestate());
      expect(t.tracestate()).to.equal('vendor=abc,other=1');
      const next = api.trace.wrapSpanContext(back!);
      expect(next.spanContext().traceState?.get('vendor')).to.equal('abc');
      span.end('step_end', { message: 'ok' });
    }, carrier['tracestate']);
  });

  it('an unsampled parent (flags 00) is honoured: nothing is emitted and traceparent() says 00', () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
    t.continueTrace(`00-${TID}-${SID}-00`, () => {
      t.trace('svc', 'work', 'inside');
      expect(t.traceparent()).to.equal(`00-${TID}-${SID}-00`);
    });
    expect(mem.events).to.have.length(0);
  });
});

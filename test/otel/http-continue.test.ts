/**
 * samples/http-continue.ts: a real HTTP server on 127.0.0.1 continues the trace of the
 * incoming `traceparent` header; a malformed header starts a fresh trace.
 */
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemorySink, Tracer } from '../../src/index.js';
import { start } from '../../samples/http-continue.js';

const TID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SID = '00f067aa0ba902b7';

describe('sample: continuing a trace from an HTTP request', () => {
  let server: Server;
  let url: string;
  const sink = new MemorySink();
  const t = new Tracer({ env: false, stdout: false, sinks: [sink] });

  before(async () => {
    server = await start(0, t);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => sink.clear());

  it("joins the incoming header's trace, under the caller's span, and carries tracestate", async () => {
    const res = await fetch(url, { method: 'POST', headers: { traceparent: `00-${TID}-${SID}-01`, tracestate: 'acme=1' }, body: 'hi' });
    const answer = (await res.json()) as { trace_id: string; traceparent: string; tracestate?: string };
    expect(answer.trace_id).to.equal(TID);
    expect(answer.tracestate).to.equal('acme=1');
    expect(sink.names()).to.deep.equal(['user:message', 'orchestrator:route', 'agent:process_start', 'agent:response', 'orchestrator:response']);
    for (const e of sink.events) expect(e.trace_id).to.equal(TID);
    const root = sink.events[0]!;
    expect(root.parent_span_id).to.equal(SID);
    expect(answer.traceparent).to.equal(`00-${TID}-${root.span_id}-01`);
    expect(res.headers.get('traceparent')).to.equal(answer.traceparent);
  });

  it('starts a fresh trace for a malformed header', async () => {
    const res = await fetch(url, { method: 'POST', headers: { traceparent: `00-${TID.toUpperCase()}-${SID}-01` }, body: 'hi' });
    const answer = (await res.json()) as { trace_id: string };
    expect(res.status).to.equal(200);
    expect(answer.trace_id).to.match(/^[0-9a-f]{32}$/).and.not.equal(TID);
    expect(sink.events[0]!.parent_span_id).to.equal(undefined);
  });
});

/**
 * Tracer semantics: where each component method puts its event (current trace, explicit ids,
 * no context), spans, sink isolation and the lifecycle.
 */
import { expect } from 'chai';
import { MemorySink, Tracer } from '../../src/index.js';
import { contextManager } from '../../src/context.js';
import type { Sink, TraceEvent } from '../../src/index.js';
import { resetFailures } from '../../src/errors.js';
import { isolated } from '../helpers/delay.js';

function setup(): { t: Tracer; mem: MemorySink } {
  const mem = new MemorySink();
  return { t: new Tracer({ env: false, stdout: false, sinks: [mem] }), mem };
}

/** Runs `fn` outside any context, as an unrelated callback would. */
const outside = isolated;

describe('core: tracer', () => {
  describe('userMessage', () => {
    it('joins the trace of startTrace instead of starting one (continueTrace: see trace-context tests)', () => {
      const { t, mem } = setup();
      const inside = t.startTrace({ userId: 'u9' }, () => [t.currentTraceId(), t.userMessage('hi')]);
      expect(inside[1]).to.equal(inside[0]);
      expect(mem.events[0]).to.include({ trace_id: inside[0], user_id: 'u9' });
      expect(mem.events[0]).to.not.have.property('parent_span_id');
    });

    it('joins a trace whose span is current (the root is a child of that span)', () => {
      const { t, mem } = setup();
      isolated(() => {
        const span = t.startSpan({ component: 'http', operation: 'request', message: 'POST /chat' });
        contextManager.with(span.ctx, () => {
          expect(t.userMessage('hi')).to.equal(span.ctx.traceId);
        });
      });
      expect(mem.events[1]!.parent_span_id).to.equal(mem.events[0]!.span_id);
    });

    it('works the same under a frozen context, and what it notes on contexts is invisible', () => {
      const { t, mem } = setup();
      isolated(() => {
        const span = t.startSpan({ component: 'http', operation: 'request', message: 'POST /chat' });
        const frozen = Object.freeze({ ...span.ctx });
        contextManager.with(frozen, () => {
          expect(t.userMessage('hi')).to.equal(frozen.traceId);
          t.agentProcessing('weather');
          const inner = t.currentContext()!;
          expect(Object.keys(inner)).to.not.include.members(['span', 'rooted']);
          expect(JSON.parse(JSON.stringify(inner))).to.deep.equal(JSON.parse(JSON.stringify({ ...inner })));
          expect(inner).to.deep.equal({ ...inner });
          t.agentResponse('weather', 'done');
          t.orchestratorResponse('done');
        });
        // The frozen context now carries a root: a second message there starts a new trace.
        contextManager.with(frozen, () => expect(t.userMessage('again')).to.not.equal(frozen.traceId));
      });
      const ops = mem.events.map((e) => `${e.component}:${e.operation}`);
      expect(ops).to.deep.equal(['http:request', 'user:message', 'agent:process_start', 'agent:response', 'orchestrator:response', 'user:message']);
      const [http, root, start, resp, close] = mem.events;
      expect(root!.parent_span_id).to.equal(http!.span_id);
      expect(start!.parent_span_id).to.equal(root!.span_id);
      expect(resp!.span_id).to.equal(start!.span_id);
      expect(close!.span_id).to.equal(root!.span_id);
    });

    it('starts a new trace for each message of a chat loop in one async function', async () => {
      const { t, mem } = setup();
      const ids: string[] = [];
      await isolated(async () => {
        for (let i = 0; i < 3; i++) {
          ids.push(t.userMessage(`m${i}`));
          await Promise.resolve();
          t.orchestratorResponse(`r${i}`);
        }
        ids.push(t.userMessage('unanswered'));
        ids.push(t.userMessage('second while the first is open'));
      });
      expect(new Set(ids).size).to.equal(5);
      for (const e of mem.events) expect(e).to.not.have.property('parent_span_id');
      for (let i = 0; i < 3; i++) expect(mem.byTrace(ids[i]!).map((e) => e.operation)).to.deep.equal(['message', 'response']);
    });

    it('makes its trace current for the rest of the calling function, through awaits', async () => {
      const { t } = setup();
      await isolated(async () => {
        const id = t.userMessage('hi');
        await new Promise((r) => setTimeout(r, 1));
        expect(t.currentTraceId()).to.equal(id);
      });
    });
  });

  describe('explicit trace ids', () => {
    it('work from code that has no context', () => {
      const { t, mem } = setup();
      const tid = outside(() => t.userMessage('q', 'u1'));
      outside(() => t.orchestratorRoute('q', 'a1', tid));
      outside(() => t.agentProcessing('a1', tid));
      outside(() => t.agentToolCall('a1', 'srv', 'tool', { x: 1 }, tid));
      outside(() => t.agentToolResult('a1', 'srv', 'tool', { y: 2 }, tid));
      outside(() => t.agentResponse('a1', 'r', tid));
      outside(() => t.orchestratorResponse('r', tid));
      outside(() => t.trace('custom', 'note', 'n', { traceId: tid }));
      const [msg, route, proc, call, result, resp, orr, note] = mem.events as [TraceEvent, TraceEvent, TraceEvent, TraceEvent, TraceEvent, TraceEvent, TraceEvent, TraceEvent];
      for (const e of mem.events) expect(e.trace_id).to.equal(tid);
      expect(route.parent_span_id).to.equal(msg.span_id);
      expect(proc.parent_span_id).to.equal(msg.span_id);
      expect(call.parent_span_id, 'tool_call under the agent span').to.equal(proc.span_id);
      expect(result.span_id).to.equal(call.span_id);
      expect(resp.span_id).to.equal(proc.span_id);
      expect(orr.span_id).to.equal(msg.span_id);
      expect(note).to.not.have.property('parent_span_id'); // the root closed: a point event at the top of the trace
      for (const e of [msg, route, proc, call, resp]) expect(e.user_id).to.equal('u1');
    });

    it('an explicit id that is not W3C hex is normalized: UUIDs kept, others hashed consistently', () => {
      const { t, mem } = setup();
      outside(() => {
        t.trace('a', 'b', 'c', { traceId: '4BF92F35-77B3-4DA6-A3CE-929D0E0E4736' });
        t.trace('a', 'b', 'c', { traceId: 'request-123' });
        t.trace('a', 'b', 'c', { traceId: 'request-123' });
      });
      expect(mem.events[0]!.trace_id).to.equal('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(mem.events[1]!.trace_id).to.match(/^[0-9a-f]{32}$/).and.equal(mem.events[2]!.trace_id);
    });
  });

  describe('without any context', () => {
    it('each event starts a trace of its own', () => {
      const { t, mem } = setup();
      outside(() => t.trace('a', 'b', 'one'));
      outside(() => t.trace('a', 'b', 'two'));
      outside(() => t.orchestratorRoute('m', 'agent'));
      expect(new Set(mem.events.map((e) => e.trace_id)).size).to.equal(3);
      for (const e of mem.events) {
        expect(e.trace_id).to.match(/^[0-9a-f]{32}$/);
        expect(e).to.not.have.property('parent_span_id');
      }
    });

    it('a closing call with nothing open is a zero-length span and still carries duration_ms', () => {
      const { t, mem } = setup();
      outside(() => {
        t.agentResponse('a', 'r');
        t.agentToolResult('a', 's', 'x', {});
      });
      for (const e of mem.events) expect(e.duration_ms).to.equal(0);
    });
  });

  describe('spans', () => {
    it('the same tool called twice in parallel: each result closes its own call', async () => {
      const { t, mem } = setup();
      await isolated(async () => {
        t.userMessage('m');
        t.agentProcessing('a');
        // Interleaved on purpose, without timing: call 1 ends only after call 2 has ended.
        let release!: () => void;
        const gate = new Promise<void>((r) => { release = r; });
        const call = async (n: number, last: boolean): Promise<void> => {
          t.agentToolCall('a', 's', 'search', { n });
          await (last ? gate : new Promise((r) => setImmediate(r)));
          t.agentToolResult('a', 's', 'search', { n });
          if (!last) release();
        };
        await Promise.all([call(1, true), call(2, false)]);
        t.trace('agent', 'after', 'after both');
        t.agentResponse('a', 'r');
      });
      const calls = mem.events.filter((e) => e.operation === 'tool_call');
      const results = mem.events.filter((e) => e.operation === 'tool_result');
      const proc = mem.events.find((e) => e.operation === 'process_start')!;
      for (const c of calls) expect(c.parent_span_id, 'sibling calls, not nested').to.equal(proc.span_id);
      for (const r of results) {
        const n = (r.data!['result'] as { n: number }).n;
        const c = calls.find((x) => (x.data!['params'] as { n: number }).n === n)!;
        expect(r.span_id, `result ${n} closes call ${n}`).to.equal(c.span_id);
      }
      expect(mem.events.find((e) => e.operation === 'after')!.parent_span_id, 'back in the agent span after Promise.all').to.equal(proc.span_id);
      expect(mem.events.find((e) => e.operation === 'response')!.span_id).to.equal(proc.span_id);
    });

    it('startSpan: children nest under it, end() emits once with duration_ms and the same span id', () => {
      const { t, mem } = setup();
      isolated(() => {
        const outer = t.startSpan({ component: 'app', operation: 'job_start', message: 'start', data: { n: 1 }, userId: 'u' });
        contextManager.with(outer.ctx, () => {
          expect(t.traceparent()).to.include(outer.spanId);
          t.trace('app', 'step', 'inside');
        });
        outer.end('job_end', { message: 'end' });
        outer.end('job_end', { message: 'again' });
      });
      expect(mem.names()).to.deep.equal(['app:job_start', 'app:step', 'app:job_end']);
      const [start, step, end] = mem.events as [TraceEvent, TraceEvent, TraceEvent];
      expect(step.parent_span_id).to.equal(start.span_id);
      expect(end.span_id).to.equal(start.span_id);
      expect(end.duration_ms).to.be.a('number');
      expect(start).to.not.have.property('duration_ms');
      expect(step.user_id).to.equal('u');
    });
  });

  describe('sink isolation', () => {
    it('a sink that throws never breaks the caller or the other sinks, and is reported once', async () => {
      resetFailures();
      const written: string[] = [];
      const origWrite = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string) => { written.push(String(chunk)); return true; }) as typeof process.stderr.write;
      try {
        const bad: Sink = { name: 'bad', write: () => { throw new Error('disk on fire'); }, flush: () => Promise.reject(new Error('no flush')) };
        const hang: Sink = { name: 'hang', write: () => {}, flush: () => new Promise(() => {}) };
        const mem = new MemorySink();
        const t = new Tracer({ env: false, stdout: false, flushTimeoutMs: 20, sinks: [bad, hang, mem] });
        isolated(() => {
          for (let i = 0; i < 5; i++) t.trace('a', 'b', `event ${i}`);
        });
        await t.flush();
        expect(mem.events).to.have.length(5);
        expect(t.stats().failures).to.be.at.least(5 + 1 + 1);
        const lines = written.join('').split('\n').filter((l) => l.startsWith('muxi-tracing:'));
        expect(lines.filter((l) => l.includes("sink 'bad' write failed"))).to.have.length(1);
        expect(lines.some((l) => l.includes("sink 'hang' flush timed out"))).to.equal(true);
      } finally {
        process.stderr.write = origWrite;
      }
    });

    it('addSink returns an idempotent remover', () => {
      const { t } = setup();
      const extra = new MemorySink('extra');
      const off = t.addSink(extra);
      isolated(() => t.trace('a', 'b', 'c'));
      off();
      off();
      isolated(() => t.trace('a', 'b', 'd'));
      expect(extra.events).to.have.length(1);
    });
  });

  describe('never throws into user code', () => {
    it('hostile arguments from JavaScript callers are reported, not thrown', () => {
      const { t, mem } = setup();
      const sym = Symbol('s') as unknown as string;
      const evil = { toString(): never { throw new Error('toString'); } } as unknown as string;
      const proxy = new Proxy({}, { get(): never { throw new Error('get'); } });
      isolated(() => {
        expect(t.userMessage(sym, evil)).to.match(/^[0-9a-f]{32}$/);
        t.orchestratorRoute(evil, sym);
        t.agentProcessing(sym);
        t.agentToolCall(sym, evil, sym, proxy);
        t.agentToolResult(sym, evil, sym, proxy);
        t.agentResponse(sym, evil);
        t.orchestratorResponse(evil);
        t.trace('a', 'b', evil, null);
        t.trace('a', 'b', 'c', { level: 'LOUD' as never });
        t.trace('a', 'b', 'c', { level: 10n as never });
        const span = t.startSpan(undefined as never);
        span.end('x', undefined as never);
        const span2 = t.startSpan({ component: 'a', operation: 'b', message: 'c' });
        span2.end('b_end', undefined as never);
      });
      expect(mem.events.length).to.be.at.least(3);
    });
  });

  describe('lifecycle', () => {
    it('shutdown flushes and closes every sink once; later calls return the same promise; no events after', async () => {
      let closes = 0;
      const mem = new MemorySink();
      const sink: Sink = { write: (e) => mem.write(e), close: async () => { closes++; } };
      const t = new Tracer({ env: false, stdout: false, sinks: [sink] });
      isolated(() => t.trace('a', 'b', 'c'));
      const p1 = t.shutdown();
      const p2 = t.shutdown();
      expect(p1).to.equal(p2);
      await p1;
      expect(closes).to.equal(1);
      expect(t.enabled).to.equal(false);
      isolated(() => t.trace('a', 'b', 'late'));
      expect(mem.events).to.have.length(1);
    });
  });
});

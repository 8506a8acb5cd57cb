/**
 * The event object sinks receive: keys in the JSON line's order, optional ones absent.
 */
import { expect } from 'chai';
import { MemorySink, Tracer } from '../../src/index.js';
import { EVENT_FIELDS } from '../../src/event.js';
import { isolated } from '../helpers/delay.js';

describe('core: the event object a sink receives', () => {
  it('has its keys in the JSON line order (parent_span_id right after span_id), optional ones absent', () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
    isolated(() => {
      t.userMessage('hi', 'u1');
      t.agentProcessing('a');
      t.agentToolCall('a', 's', 'tool', { q: 1 });
      t.agentToolResult('a', 's', 'tool', { ok: true });
    });
    for (const e of mem.events) {
      const keys = Object.keys(e);
      const order = EVENT_FIELDS.filter((f) => keys.includes(f));
      expect(keys, `${e.component}:${e.operation}`).to.deep.equal(order);
      for (const k of keys) expect((e as unknown as Record<string, unknown>)[k], k).to.not.equal(undefined);
    }
    expect(Object.keys(mem.events[0]!)).to.not.include('parent_span_id');
    expect(Object.keys(mem.events[1]!)[4]).to.equal('parent_span_id');
  });

  it('every shape of event (span start with data, span end with a duration, with user, agent, error) keeps that order', () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
    isolated(() => {
      const outer = t.startSpan({ component: 'app', operation: 'outer_start', message: 'm', data: { a: 1 } });
      const inner = t.startSpan({ component: 'app', operation: 'inner_start', message: 'm', data: { b: 2 }, agentId: 'ag', userId: 'u', traceId: outer.ctx.traceId });
      t.trace('app', 'point', 'm', { data: null, traceId: outer.ctx.traceId });
      inner.end('inner_end', { message: 'm', error: new Error('boom') });
      outer.end('outer_end', { message: 'm' });
      outer.end('outer_end', { message: 'again' });
    });
    expect(mem.events.length).to.equal(5);
    for (const e of mem.events) {
      const keys = Object.keys(e);
      expect(keys, `${e.operation}`).to.deep.equal(EVENT_FIELDS.filter((f) => keys.includes(f)));
      for (const k of keys) expect((e as unknown as Record<string, unknown>)[k], `${e.operation}.${k}`).to.not.equal(undefined);
    }
    expect(mem.events[2]).to.not.have.property('data'); // data: null is no data
    expect(Object.keys(mem.events[4]!)).to.include('duration_ms');
  });

  it('a null user id is treated as none', () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
    isolated(() => {
      t.userMessage('hi', null as unknown as string);
    });
    expect(mem.events[0]).to.not.have.property('user_id');
  });
});

describe('core: a span opened outside any trace', () => {
  it('starts a trace of its own, and once it closes, later calls outside a trace start their own again', () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
    isolated(() => {
      t.agentProcessing('warmup');
      t.agentResponse('warmup', 'ready');
      t.trace('http', 'request', '/a');
      t.trace('http', 'request', '/b');
      const conv = t.userMessage('hi');
      t.orchestratorResponse('hello');
      // userMessage() keeps its trace current for the rest of the calling function (contract)
      expect(t.currentTraceId()).to.equal(conv);
    });
    const ids = mem.events.map((e) => e.trace_id);
    const [warm, a, b, conv] = [ids[0], ids[2], ids[3], ids[4]];
    expect(ids[1]).to.equal(warm);
    expect(new Set([warm, a, b, conv]).size).to.equal(4);
    expect(ids[5]).to.equal(conv);
  });
});

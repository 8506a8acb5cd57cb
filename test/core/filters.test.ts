/**
 * Level and component filters, per-trace head sampling, and switching tracing on and off.
 */
import { expect } from 'chai';
import { MemorySink, Tracer } from '../../src/index.js';
import { contextManager } from '../../src/context.js';
import { isolated } from '../helpers/delay.js';

function conversation(t: Tracer, i: number): string {
  return isolated(() => {
    const id = t.userMessage(`msg ${i}`, 'u');
    t.orchestratorRoute('m', 'a');
    t.agentProcessing('a');
    t.agentToolCall('a', 's', 'tool', {});
    t.agentToolResult('a', 's', 'tool', {});
    t.trace('custom', 'note', 'n', { level: 'INFO' });
    t.agentResponse('a', 'r');
    t.orchestratorResponse('r');
    return id;
  });
}

describe('core: filters and sampling', () => {
  it('drops events below the minimum level', () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: { TRACING_LEVEL: 'INFO' }, stdout: false, sinks: [mem] });
    conversation(t, 0);
    isolated(() => {
      for (const level of ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const) t.trace('app', level.toLowerCase(), level, { level });
    });
    expect(mem.names()).to.deep.equal(['custom:note', 'app:info', 'app:warn', 'app:error']);
    expect(t.wants('app', 'DEBUG')).to.equal(false);
    expect(t.wants('app', 'WARN')).to.equal(true);
  });

  it('keeps an ERROR tool result when the level is ERROR', () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: false, level: 'ERROR', stdout: false, sinks: [mem] });
    isolated(() => {
      t.userMessage('m');
      t.agentToolCall('a', 's', 'x', {});
      t.agentToolResult('a', 's', 'x', { isError: true, content: [] });
    });
    expect(mem.names()).to.deep.equal(['agent:tool_result']);
    expect(mem.events[0]!.level).to.equal('ERROR');
  });

  it('keeps only the listed components', () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: false, components: ['orchestrator', 'custom'], stdout: false, sinks: [mem] });
    conversation(t, 0);
    expect(mem.names()).to.deep.equal(['orchestrator:route', 'custom:note', 'orchestrator:response']);
    expect(t.wants('agent')).to.equal(false);
  });

  it('samples per trace: about half of 2,000 traces at 0.5, each all or nothing', () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: { TRACING_SAMPLE_RATE: '0.5' }, stdout: false, sinks: [mem] });
    const ids: string[] = [];
    for (let i = 0; i < 2000; i++) ids.push(conversation(t, i));
    const kept = new Map<string, number>();
    for (const e of mem.events) kept.set(e.trace_id, (kept.get(e.trace_id) ?? 0) + 1);
    expect(kept.size).to.be.within(800, 1200);
    for (const [, n] of kept) expect(n, 'all 8 events of a sampled trace').to.equal(8);
    for (const id of kept.keys()) expect(ids).to.include(id);
  });

  it('rate 0 keeps nothing, rate 1 keeps everything', () => {
    const none = new MemorySink();
    const t0 = new Tracer({ env: false, sampleRate: 0, stdout: false, sinks: [none] });
    for (let i = 0; i < 50; i++) conversation(t0, i);
    expect(none.events).to.have.length(0);
    const all = new MemorySink();
    const t1 = new Tracer({ env: false, sampleRate: 1, stdout: false, sinks: [all] });
    for (let i = 0; i < 50; i++) conversation(t1, i);
    expect(all.events).to.have.length(400);
  });

  it('makes the same decision for the same trace id, even with explicit ids and no context', () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: false, sampleRate: 0.5, stdout: false, sinks: [mem] });
    const seen = new Map<string, number>();
    isolated(() => {
      for (let i = 0; i < 200; i++) {
        const id = `${i.toString(16).padStart(8, '0')}${'ab'.repeat(12)}`;
        for (let k = 0; k < 3; k++) t.trace('x', 'y', 'z', { traceId: id });
        seen.set(id, 0);
      }
    });
    for (const e of mem.events) seen.set(e.trace_id, seen.get(e.trace_id)! + 1);
    for (const [, n] of seen) expect(n).to.be.oneOf([0, 3]);
  });

  it('follows an unsampled remote parent (flags 00): nothing is emitted, the flag propagates', () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
    const header = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
    t.continueTrace(header, () => {
      t.userMessage('m');
      t.trace('a', 'b', 'c');
      expect(t.traceparent()).to.match(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/);
    });
    expect(mem.events).to.have.length(0);
    t.continueTrace(header.replace(/00$/, '01'), () => t.trace('a', 'b', 'c'));
    expect(mem.events).to.have.length(1);
  });

  describe('enable/disable at run time', () => {
    it('setEnabled(false) emits nothing; setEnabled(true) resumes', () => {
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
      t.setEnabled(false);
      expect(t.enabled).to.equal(false);
      conversation(t, 1);
      expect(mem.events).to.have.length(0);
      t.setEnabled(true);
      conversation(t, 2);
      expect(mem.events).to.have.length(8);
    });

    it('disabled component methods are no-ops: no context change, data never read, no-op spans', () => {
      const t = new Tracer({ env: { TRACING_ENABLED: 'false' }, stdout: false });
      expect(t.enabled).to.equal(false);
      let reads = 0;
      const data = { get costly(): number { reads++; return 1; } };
      isolated(() => {
        t.userMessage('m', 'u');
        expect(contextManager.active()).to.equal(undefined);
        t.agentProcessing('a');
        t.agentToolCall('a', 's', 't', data);
        t.trace('x', 'y', 'z', { data });
        expect(contextManager.active()).to.equal(undefined);
        const span = t.startSpan({ component: 'x', operation: 'y', message: 'z', data });
        span.end('y_end', { message: 'done', data });
        expect(t.traceparent()).to.equal(undefined);
      });
      expect(reads).to.equal(0);
      expect(t.stats().written).to.equal(0);
    });

    it('a component that is filtered out never has its data serialized', () => {
      const mem = new MemorySink();
      const t = new Tracer({ env: false, components: ['user'], stdout: false, sinks: [mem] });
      let reads = 0;
      const data = { get costly(): number { reads++; return 1; } };
      isolated(() => t.trace('agent', 'x', 'y', { data }));
      expect(reads).to.equal(0);
    });
  });
});

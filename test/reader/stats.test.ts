import { expect } from 'chai';
import { Quantiles } from '../../src/reader/quantiles.js';
import { StatsCollector } from '../../src/reader/stats.js';
import { formatStats } from '../../src/reader/stats-format.js';
import { makeEvent, tid } from '../helpers/trace-lines.js';

describe('reader/stats', () => {
  it('Quantiles: exact nearest-rank percentiles for small series', () => {
    const q = new Quantiles();
    for (let i = 100; i >= 1; i--) q.add(i);
    q.add(NaN);
    q.add(-1);
    expect(q.summary()).to.deep.equal({ count: 100, p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
    expect(new Quantiles().summary().p50).to.equal(0);
  });

  it('Quantiles: within 1% once past the exact limit, max exact', () => {
    const q = new Quantiles();
    for (let i = 1; i <= 100_000; i++) q.add(i / 10);
    const s = q.summary();
    expect(s.count).to.equal(100_000);
    expect(s.p50).to.be.closeTo(5000, 50);
    expect(s.p90).to.be.closeTo(9000, 90);
    expect(s.p99).to.be.closeTo(9900, 99);
    expect(s.max).to.equal(10000);
  });

  it('counts events, traces, errors and latency per operation, agent and tool; tokens per agent and model', () => {
    const c = new StatsCollector();
    const a = tid('aaaa');
    const b = tid('bbbb');
    c.add(makeEvent({ trace_id: a, component: 'user', operation: 'message' }));
    c.add(makeEvent({ trace_id: a, component: 'agent', operation: 'llm_result', agent_id: 'weather', duration_ms: 100, data: { model: 'gpt-4o', usage: { input_tokens: 100, output_tokens: 10 } } }));
    c.add(makeEvent({ trace_id: b, component: 'agent', operation: 'llm_result', agent_id: 'weather', duration_ms: 300, data: { model: 'gpt-4o', usage: { input_tokens: 50, output_tokens: 5 } } }));
    c.add(makeEvent({ trace_id: b, component: 'agent', operation: 'tool_result', agent_id: 'weather', duration_ms: 20, data: { server: 'w', tool: 'forecast' } }));
    c.add(makeEvent({ trace_id: b, component: 'agent', operation: 'tool_call_error', level: 'ERROR', agent_id: 'weather', duration_ms: 40, data: { server: 'w', tool: 'forecast' } }));
    c.add(makeEvent({ trace_id: b, component: 'agent', operation: 'response', agent_id: 'weather', duration_ms: 500 }));
    const s = c.result();
    expect(s.events).to.equal(6);
    expect(s.traces).to.equal(2);
    expect(s.errors).to.equal(1);
    expect(s.components).to.deep.equal({ agent: 5, user: 1 });
    expect(s.operations['agent:tool_call_error']).to.deep.equal({ events: 1, errors: 1 });
    expect(s.latency.operation['agent:llm_result']).to.include({ count: 2, p50: 100, max: 300 });
    expect(s.latency.agent).to.deep.equal({ weather: { count: 1, p50: 500, p90: 500, p99: 500, max: 500, mean: 500 } });
    expect(s.latency.tool['agent:w/forecast']).to.include({ count: 2, p50: 20, max: 40 });
    expect(s.tokens).to.deep.equal([{ agent: 'weather', model: 'gpt-4o', calls: 2, input_tokens: 150, output_tokens: 15 }]);
    const text = formatStats(s);
    for (const h of ['Events 6  traces 2  errors 1', 'Events by component and operation', 'Latency per operation (ms)',
      'Latency per agent', 'Latency per tool (ms)', 'Tokens per agent and model']) expect(text).to.include(h);
    expect(text).to.match(/weather\s+gpt-4o\s+2\s+150\s+15\s+165/);
  });

  it('escapes control characters in names from the log', () => {
    const c = new StatsCollector();
    c.add(makeEvent({ component: 'evil\u001b[2J', operation: 'x' }));
    expect(formatStats(c.result())).to.include('evil\\x1b[2J').and.not.include('\u001b');
  });
});

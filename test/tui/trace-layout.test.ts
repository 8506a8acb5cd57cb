import { expect } from 'chai';
import type { TraceEvent } from '../../src/event.js';
import { layoutTrace, rowOfEvent, waterfallBar } from '../../cli/tui/trace-layout.js';
import { conversation } from './make-events.js';

describe('tui/trace-layout', () => {
  it('nests spans by parent_span_id in start order, one row per span', () => {
    const t = layoutTrace(conversation());
    expect(t.rows.map((r) => '  '.repeat(r.depth) + r.name)).to.deep.equal([
      'user:message',
      '  orchestrator:route',
      '  agent:process_start',
      '    agent:llm_call',
      '    agent:tool_call',
      '      mcp:tool_call',
    ]);
    const tool = t.rows[4]!;
    expect(tool.events.map((e) => e.operation)).to.deep.equal(['tool_call', 'tool_result']);
    expect(tool.durationMs).to.equal(50);
  });

  it('computes per-trace totals: spans, events, errors, wall time, agents, tokens', () => {
    const t = layoutTrace(conversation({ fail: true, agent: 'travel' }));
    expect(t.totals).to.deep.equal({ spans: 6, events: 11, errors: 2, durationMs: 96, agents: ['travel'], inputTokens: 120, outputTokens: 30 });
    expect(t.rows.filter((r) => r.error).map((r) => r.name)).to.deep.equal(['agent:tool_call', 'mcp:tool_call']);
  });

  it('takes the start from duration_ms when only the closing event is there, in any order', () => {
    const evs = conversation().filter((e) => e.operation !== 'tool_call' || e.component !== 'agent').reverse();
    const t = layoutTrace(evs);
    const tool = t.rows.find((r) => r.name === 'agent:tool_result')!;
    expect(tool.end - tool.start).to.equal(50);
    expect(t.rows[0]!.name).to.equal('orchestrator:response');
  });

  it('makes roots of spans whose parent is missing and survives a parent cycle', () => {
    const base = conversation()[0]!;
    const a: TraceEvent = { ...base, span_id: 'aaaaaaaaaaaaaaaa', parent_span_id: 'bbbbbbbbbbbbbbbb' };
    const b: TraceEvent = { ...base, span_id: 'bbbbbbbbbbbbbbbb', parent_span_id: 'aaaaaaaaaaaaaaaa' };
    const orphan: TraceEvent = { ...base, span_id: 'cccccccccccccccc', parent_span_id: 'dddddddddddddddd' };
    const t = layoutTrace([a, b, orphan]);
    expect(t.rows.map((r) => r.spanId).sort()).to.deep.equal(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc']);
    expect(t.rows.find((r) => r.spanId === 'cccccccccccccccc')!.depth).to.equal(0);
  });

  it('draws bars scaled to the trace time range', () => {
    const t = layoutTrace(conversation());
    const bars = t.rows.map((r) => waterfallBar(r, t.start, t.end, 20));
    expect(bars[0]).to.equal('█'.repeat(20));
    expect(bars.every((b) => b.length === 20)).to.equal(true);
    // the tool call runs from 41 to 91 of 96 ms: columns 8..18
    expect(bars[4]).to.equal(' '.repeat(8) + '█'.repeat(10) + '  ');
    // the route is a point event at 2 ms
    expect(bars[1]!.trim()).to.equal('▪');
  });

  it('finds the row of an event', () => {
    const evs = conversation();
    const t = layoutTrace(evs);
    expect(t.rows[rowOfEvent(t, evs[7])]!.name).to.equal('mcp:tool_call');
  });
});

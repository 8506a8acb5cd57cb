/**
 * The page's pure trace model: the critical path (Jaeger's walk back in time), the flame
 * rectangles, span labels and the conversation read top to bottom.
 */
import { expect } from 'chai';
import type { TraceEvent } from '../../src/event.js';
import { conversation, criticalPath, flameRects, layoutTrace, spanLabel, userText } from '../../cli/web/app/trace-model.js';
import { conversation as makeConversation, traceId } from '../helpers/conversations.js';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const tid = 'ab'.repeat(16);

/** A span as an opening event at `start` and a closing one at `end` (ms after T0). */
function span(id: string, parent: string | undefined, start: number, end: number, data?: Record<string, unknown>): TraceEvent[] {
  const base = { trace_id: tid, level: 'TRACE' as const, span_id: id.padStart(16, '0'), component: 'agent', operation: `op_${id}`, message: id };
  const p = parent === undefined ? {} : { parent_span_id: parent.padStart(16, '0') };
  return [
    { ...base, ...p, timestamp: new Date(T0 + start).toISOString(), ...(data ? { data } : {}) },
    { ...base, ...p, timestamp: new Date(T0 + end).toISOString(), duration_ms: end - start },
  ];
}

describe('web: trace model', () => {
  it('marks the critical path: the last-ending child, then the one that ended before it started, recursively', () => {
    // root 0-100: a 0-30 (a1 5-25), b 20-60, c 35-90 (c1 40-50, c2 60-88, c3 62-70), e 40-45, d 92-95.
    const events = [
      ...span('1', undefined, 0, 100), ...span('a', '1', 0, 30), ...span('a1', 'a', 5, 25),
      ...span('b', '1', 20, 60), ...span('c', '1', 35, 90), ...span('c1', 'c', 40, 50), ...span('c2', 'c', 60, 88),
      ...span('c3', 'c', 62, 70), ...span('e', '1', 40, 45), ...span('d', '1', 92, 95),
    ];
    const ids = [...criticalPath(layoutTrace(events))].map((s) => s.replace(/^0+/, '')).sort();
    // d ends last; before it started (92) c ended last; before c started (35), b (clipped to 35);
    // before b started (20), a, and inside a, a1. Inside c: c2, then c1 before c2 started.
    // e and c3 ran beside spans already on the path.
    expect(ids).to.deep.equal(['1', 'a', 'a1', 'b', 'c', 'c1', 'c2', 'd']);
  });

  it('leaves a parallel branch off the path', () => {
    // Two tool calls at once: slow 10-80 and fast 10-20; the fast one ran beside the slow one.
    const events = [...span('1', undefined, 0, 100), ...span('s', '1', 10, 80), ...span('f', '1', 10, 20), ...span('z', '1', 85, 99)];
    const path = criticalPath(layoutTrace(events));
    expect(path.has('s'.padStart(16, '0'))).to.equal(true);
    expect(path.has('z'.padStart(16, '0'))).to.equal(true);
    expect(path.has('f'.padStart(16, '0'))).to.equal(false);
  });

  it('survives a parent cycle and an empty trace', () => {
    const cyc = [...span('x', 'y', 0, 10), ...span('y', 'x', 2, 5)];
    expect(criticalPath(layoutTrace(cyc)).size).to.be.greaterThan(0);
    expect(criticalPath(layoutTrace([])).size).to.equal(0);
  });

  it('places flame rectangles by time and depth within [0, 1]', () => {
    const events = [...span('1', undefined, 0, 100), ...span('a', '1', 50, 75), ...span('b', 'a', 60, 70)];
    const rects = flameRects(layoutTrace(events));
    const a = rects.find((r) => r.span.spanId.endsWith('a'))!;
    expect(a.x).to.be.closeTo(0.5, 1e-9);
    expect(a.w).to.be.closeTo(0.25, 1e-9);
    expect(a.depth).to.equal(1);
    expect(rects.find((r) => r.span.spanId.endsWith('b'))!.depth).to.equal(2);
    for (const r of rects) expect(r.x + r.w).to.be.at.most(1 + 1e-9);
  });

  it('labels spans with their tool or model, and reads a MUXI conversation top to bottom', () => {
    const events = makeConversation({ trace: traceId(7), user: 'alice', agent: 'weather', start: T0, message: 'rain in Oslo?', tool: 'get_weather' });
    const layout = layoutTrace(events);
    expect(layout.rows.map(spanLabel)).to.include('agent:tool_call tools/get_weather');
    const turns = conversation(events);
    expect(turns[0]).to.include({ kind: 'user', who: 'alice', text: 'rain in Oslo?' });
    expect(turns.map((t) => t.kind)).to.include.members(['tool-call', 'tool-result', 'reply']);
    expect(turns.some((t) => t.event.component === 'mcp')).to.equal(false);
    expect(userText('User sent: hello')).to.equal('hello');
    expect(userText('hello')).to.equal('hello');
  });
});

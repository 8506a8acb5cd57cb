/**
 * The JSON line's kept pieces (per millisecond and level, per span, per operation) never leak
 * from one event into the next: every line equals a plain `JSON.stringify` of the event's
 * fields in the contract's order, however the events follow each other.
 */
import { expect } from 'chai';
import { EVENT_FIELDS } from '../../src/event.js';
import { jsonLine } from '../../src/format/json.js';
import type { TraceEvent } from '../../src/index.js';

/** The reference: the contract's field order, absent fields left out, through JSON.stringify. */
function reference(e: TraceEvent): string {
  const o: Record<string, unknown> = {};
  for (const k of EVENT_FIELDS) {
    const v = (e as unknown as Record<string, unknown>)[k];
    if (v !== undefined) o[k] = v;
  }
  return JSON.stringify(o);
}

function event(over: Partial<TraceEvent>): TraceEvent {
  return {
    timestamp: '2026-05-15T10:15:22.123Z', level: 'TRACE', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    span_id: '00f067aa0ba902b7', component: 'app', operation: 'work_start', message: 'Calling App.work', ...over,
  };
}

describe('core: JSON line pieces kept between events', () => {
  it('a change of any single field shows in the next line', () => {
    const base = event({});
    const changes: Array<Partial<TraceEvent>> = [
      {}, { timestamp: '2026-05-15T10:15:22.124Z' }, { level: 'ERROR' }, { trace_id: '4bf92f3577b34da6a3ce929d0e0e4737' },
      { span_id: '00f067aa0ba902b8' }, { parent_span_id: '1111111111111111' }, { parent_span_id: '2222222222222222' },
      { component: 'other' }, { message: 'App.work completed' }, { message: 'quote " and \\ and\nnewline' },
      { component: 'tab\there' }, { operation: 'work_end', duration_ms: 1.5 }, { user_id: 'u"1' }, { agent_id: 'weather' },
      { data: { args: { n: 1, s: 'é ☃ \u2028' } } }, { error: { type: 'Error', message: 'boom' } }, {},
    ];
    for (let round = 0; round < 3; round++) {
      for (const c of changes) {
        const e = event({ ...base, ...c });
        expect(jsonLine(e)).to.equal(reference(e));
        expect(JSON.parse(jsonLine(e))).to.deep.equal(JSON.parse(reference(e)));
      }
    }
  });

  it('interleaved spans, operations and messages (start, nested start, ends) keep their own pieces', () => {
    const ops = ['a_start', 'b_start', 'b_end', 'a_end', 'a_start', 'a_end'];
    const spans = ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa', 'cccccccccccccccc', 'cccccccccccccccc'];
    for (let i = 0; i < 60; i++) {
      const k = i % ops.length;
      const e = event({
        operation: ops[k]!,
        span_id: spans[k]!,
        parent_span_id: spans[k] === 'bbbbbbbbbbbbbbbb' ? 'aaaaaaaaaaaaaaaa' : undefined,
        message: i % 7 === 0 ? `varying ${i}` : `fixed ${ops[k]}`,
        component: i % 11 === 0 ? 'rare' : 'app',
        timestamp: `2026-05-15T10:15:22.${String(100 + Math.floor(i / 4)).padStart(3, '0')}Z`,
      });
      if (e.parent_span_id === undefined) delete e.parent_span_id;
      expect(jsonLine(e), `event ${i}`).to.equal(reference(e));
    }
  });

  it('many distinct operations (past the kept set) and long messages stay exact', () => {
    for (let i = 0; i < 700; i++) {
      const e = event({ operation: `op_${i % 300}`, message: i % 2 ? 'x'.repeat(300 + i) : `m ${i % 3}` });
      expect(jsonLine(e)).to.equal(reference(e));
    }
  });
});

describe('core: durations in the JSON line', () => {
  it('duration_ms is written as JSON.stringify writes it, for microsecond values and any other number', () => {
    const values: number[] = [0, -0, 0.001, 0.01, 0.1, 0.5, 1, 1.25, 12.3, 999.999, 1000, 1234.5, 999_999.999, 1e6, 3_600_000.001, 1e9 + 0.5];
    for (let us = 0; us < 200_000; us += 7) values.push(Math.round(us) / 1000);
    for (let i = 0; i < 2000; i++) values.push(Math.random() * 10 ** (i % 12 - 3), -Math.random() * 100, 0.1 + i * 0.2);
    values.push(1e21, 1e-7, 5e-324, 2 ** 53);
    for (const d of values) {
      const e = event({ operation: 'work_end', duration_ms: d });
      expect(jsonLine(e), String(d)).to.equal(reference(e));
    }
  });
});

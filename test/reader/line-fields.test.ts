import { expect } from 'chai';
import { parseEventLine } from '../../src/reader/classify.js';
import { LineFields } from '../../src/reader/line-fields.js';
import type { TraceEvent } from '../../src/event.js';
import { jsonLine } from '../../src/format/json.js';
import { seeded } from '../helpers/delay.js';
import { randomEvent } from '../helpers/hostile-events.js';
import { makeEvent } from '../helpers/trace-lines.js';

/** The fields the index reads: of an event parsed by JSON.parse (expected), or of `LineFields.event` (actual). */
function indexed(e: TraceEvent): Record<string, unknown> {
  const d = e.data;
  const u = d?.['usage'] as Record<string, unknown> | undefined;
  return {
    timestamp: e.timestamp, level: e.level, trace_id: e.trace_id, component: e.component, operation: e.operation,
    user_id: e.user_id, agent_id: e.agent_id, duration_ms: e.duration_ms,
    tool: d?.['tool'], server: d?.['server'], model: d?.['model'],
    input_tokens: u !== null && typeof u === 'object' ? u['input_tokens'] : undefined,
    output_tokens: u !== null && typeof u === 'object' ? u['output_tokens'] : undefined,
    message: e.component === 'user' && e.operation === 'message' ? (typeof d?.['message'] === 'string' ? d['message'] : e.message) : undefined,
  };
}

describe('reader/LineFields: the index reads what JSON.parse reads', () => {
  it('on canonical lines (the fast path) and on other forms, for random hostile events', () => {
    const r = seeded(1234);
    const f = new LineFields();
    let canonical = 0;
    for (let i = 0; i < 3000; i++) {
      const e = randomEvent(r);
      const variant = i % 4;
      // canonical (jsonLine), JSON.stringify with keys in another order, spaces, and CRLF-ish trailing space
      const { timestamp, ...rest } = e;
      const text = variant === 3 ? JSON.stringify({ ...rest, timestamp }, null, 1).replace(/\n/g, ' ')
        : variant === 2 ? jsonLine(e) + '  ' : jsonLine(e);
      if (variant !== 3) canonical++;
      const buf = Buffer.from('xx\n' + text + '\nyy');
      const ok = f.read(buf, 3, 3 + Buffer.byteLength(text));
      const parsed = parseEventLine(text);
      expect(ok, text).to.equal(parsed !== undefined);
      expect(indexed(f.event), text).to.deep.equal(indexed(parsed!));
    }
    expect(f.fast).to.be.at.least(canonical - Math.ceil(canonical * 0.05));
  });

  it('rejects what JSON.parse rejects at the places it reads', () => {
    const f = new LineFields();
    const good = jsonLine(makeEvent({ data: { tool: 'x', usage: { input_tokens: 1 } }, duration_ms: 2 }));
    const bad = [
      good.slice(0, -1), good.slice(0, 60), good.replace('"level":"TRACE"', '"level":"LOUD"'),
      good.replace('"duration_ms":2', '"duration_ms":2.'), good.replace('"duration_ms":2', '"duration_ms":02'),
      good.replace('"tool":"x"', '"tool":"x\\q"'), good.replace('"input_tokens":1', '"input_tokens":1x'),
      good + '}', good.replace('{"tool"', '{"tool":'), 'INFO started', '',
    ];
    for (const text of bad) {
      expect(parseEventLine(text), text).to.equal(undefined);
      expect(f.read(Buffer.from(text), 0, Buffer.byteLength(text)), text).to.equal(false);
    }
  });
});

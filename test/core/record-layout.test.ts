/**
 * Records of known keys (a traced method's arguments) take a fast path through the sanitizer
 * and the JSON line; it must write exactly what the general path writes, for any values.
 */
import { expect } from 'chai';
import { MemorySink, Tracer, defaultConfig } from '../../src/index.js';
import { Sanitizer } from '../../src/sanitize.js';
import { jsonLine } from '../../src/format/json.js';
import type { SanitizeOptions } from '../../src/sanitize.js';
import { RecordLayout, preparedJson } from '../../src/record-layout.js';
import { isolated, seeded } from '../helpers/delay.js';

const VALUES: unknown[] = [
  0, -0, 1, -17, 3.25, 1e21, 5e-324, Number.MAX_SAFE_INTEGER, Number.NaN, Infinity, -Infinity,
  '', 'Paris', 'say "hi"', 'back\\slash', 'line\nbreak', 'tab\tx', '\u0000\u001f', 'é ü 東京 🙂', '\ud800 lone', 'x\u202ey',
  'Bearer abcdefgh12345678', 'sk-live-abcdefghijklmnop1234', 'token=abc123secret', 'a'.repeat(200), 'b'.repeat(5000),
  true, false, null, undefined, { a: 1 }, [1, 2], 12n, Symbol('s'), () => 1, new Date(0),
];

const NAME_LISTS: string[][] = [
  ['n'], ['city', 'days'], ['password', 'user'], ['apiKey'], ['a', 'b', 'c'], [], ['0', 'x'], ['x', '1'], ['a', 'a'], ['__proto__'], ['ключ', 'k"q'],
];

const CONFIGS: Array<Partial<SanitizeOptions>> = [
  {},
  { redact: false },
  { maxStringBytes: 16 },
  { maxDataBytes: 40 },
  { maxDataBytes: 1 },
  { redactKeys: ['city', 'args'] },
];

function sanitizer(over: Partial<SanitizeOptions>): Sanitizer {
  const d = defaultConfig();
  return new Sanitizer({ redact: true, redactKeys: [], redactPatterns: [], maxStringBytes: d.maxStringBytes, maxDataBytes: d.maxDataBytes, ...over });
}

/** What the general path makes of the same arguments (as the decorator builds them without a layout). */
function general(s: Sanitizer, names: string[], args: unknown[]): { data: unknown; json: string } {
  const named: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) named[names[i] ?? String(i)] = args[i];
  const data = s.data({ args: named });
  return { data, json: JSON.stringify(data) };
}

describe('core: record layouts (the arguments fast path)', () => {
  it('writes exactly what the general path writes, for random arguments under every sanitizer setting', () => {
    const rand = seeded(42); // the same cases on every run
    let fast = 0;
    let cases = 0;
    for (const cfg of CONFIGS) {
      const s = sanitizer(cfg);
      for (const names of NAME_LISTS) {
        for (let round = 0; round < 60; round++) {
          const count = Math.floor(rand() * (names.length + 3));
          const args = Array.from({ length: count }, () => VALUES[Math.floor(rand() * VALUES.length)]);
          const want = general(s, names, args);
          const layout = RecordLayout.of(names, count, 'args');
          if (layout === undefined) continue;
          cases++;
          const made = layout.record(args);
          const data = s.data(made);
          const json = preparedJson(data);
          if (json !== undefined) {
            fast++;
            expect(data, 'kept as made').to.equal(made);
          }
          const label = `${JSON.stringify(cfg)} names ${JSON.stringify(names)} args ${String(args.map((a) => typeof a))}`;
          expect(json ?? JSON.stringify(data), label).to.equal(want.json);
          expect(data, label).to.deep.equal(want.data);
        }
      }
    }
    expect(cases, 'cases with a layout').to.be.above(500);
    expect(fast, 'cases on the fast path').to.be.above(100);
  });

  it('takes the fast path for plain values and the general path for the rest', () => {
    const s = sanitizer({});
    const l = RecordLayout.of(['city', 'days'], 2, 'args')!;
    const plain = s.data(l.record(['Paris', 3]));
    expect(preparedJson(plain)).to.equal('{"args":{"city":"Paris","days":3}}');
    for (const odd of [{ a: 1 }, undefined, Number.NaN, 'Bearer abcdefgh12345678', 7n]) {
      const d = s.data(l.record(['Paris', odd]));
      expect(preparedJson(d), String(odd)).to.equal(undefined);
    }
    // A secret parameter name is redacted by the general path.
    const p = RecordLayout.of(['password'], 1, 'args')!;
    expect(JSON.stringify(s.data(p.record(['hunter2'])))).to.equal('{"args":{"password":"[REDACTED]"}}');
    // The text is the record's, as it holds when the event is built (not the argument list it was made from).
    const args: unknown[] = ['Paris', 3];
    const made = l.record(args);
    args[0] = 'MUTATED';
    expect(preparedJson(s.data(made))).to.equal('{"args":{"city":"Paris","days":3}}');
    const changed = l.record(['Paris', 3]);
    (changed['args'] as Record<string, unknown>)['city'] = 'Lyon';
    expect(preparedJson(s.data(changed))).to.equal('{"args":{"city":"Lyon","days":3}}');
    // Only the record made last is recognised; an equal object is not.
    const first = l.record(['a', 1]);
    l.record(['b', 2]);
    expect(preparedJson(s.data(first))).to.equal(undefined);
  });

  it('keeps the key order of the object (integer-like keys first, the last value of a repeated name) and refuses __proto__', () => {
    const l = RecordLayout.of(['x', '1'], 3, 'args')!;
    const s = sanitizer({});
    const d = s.data(l.record(['a', 'b', 'c']));
    expect(preparedJson(d)).to.equal('{"args":{"1":"b","2":"c","x":"a"}}');
    expect(RecordLayout.of(['__proto__'], 1, 'args')).to.equal(undefined);
    expect(preparedJson(s.data(RecordLayout.of(['a', 'a'], 2, 'args')!.record(['x', 'y']))), 'the last assignment wins').to.equal('{"args":{"a":"y"}}');
    expect(RecordLayout.of(['a'], 33, 'args'), 'over 32 values').to.equal(undefined);
  });

  it('a traced call writes the same line through the tracer with and without the fast path', () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
    const l = RecordLayout.of(['q', 'n'], 2, 'args')!;
    isolated(() => {
      t.startSpan({ component: 'app', operation: 'x', message: 'fast', data: l.record(['what "is" this?', 2]) });
      t.startSpan({ component: 'app', operation: 'x', message: 'slow', data: { args: { q: 'what "is" this?', n: 2 } } });
    });
    const [a, b] = mem.events.map((e) => JSON.parse(jsonLine(e)) as Record<string, unknown>);
    expect(a!['data']).to.deep.equal(b!['data']);
    expect(jsonLine(mem.events[0]!)).to.include(',"data":{"args":{"q":"what \\"is\\" this?","n":2}}');
  });
});

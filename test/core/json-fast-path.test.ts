/**
 * The JSON line's fast paths (long strings quoted once and remembered, a message's text joined
 * from its parts' text, data with long strings written by hand) must write exactly what
 * `JSON.stringify` writes, for any input, including when the memo is hit.
 */
import { expect } from 'chai';
import { MemorySink, Tracer, defaultConfig } from '../../src/index.js';
import { Sanitizer } from '../../src/sanitize.js';
import { jsonLine } from '../../src/format/json.js';
import { quote, rememberQuoted, valueJson } from '../../src/format/json-text.js';
import { isolated, seeded } from '../helpers/delay.js';
import type { TraceEvent } from '../../src/event.js';
import type { Sink } from '../../src/sinks/types.js';

/** Pieces random strings are made of: plain text, everything JSON escapes, surrogates (paired and lone), long runs. */
const PIECES = ['the weather ', 'Paris', '"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', '東京', '🙂', '\ud800', '\udc00',
  '\u2028', '<b>', ' ', 'x'.repeat(120), 'lorem ipsum dolor sit amet '.repeat(12)];

function randomString(rand: () => number, maxPieces: number): string {
  let s = '';
  const n = Math.floor(rand() * maxPieces);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rand() * PIECES.length)]!;
  return s;
}

function randomValue(rand: () => number, depth: number, pool: string[]): unknown {
  const r = rand();
  if (depth > 3 || r < 0.35) {
    const k = Math.floor(rand() * 9);
    if (k === 0) return Math.floor(rand() * 1e6) - 5e5;
    if (k === 1) return rand() * 1e3;
    if (k === 2) return rand() < 0.5;
    if (k === 3) return null;
    if (k === 4) return undefined;
    if (k === 5) return Number.NaN;
    return pool[Math.floor(rand() * pool.length)]!; // the same string objects again: the memo is hit
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 5) }, () => randomValue(rand, depth + 1, pool));
  const o: Record<string, unknown> = {};
  const n = Math.floor(rand() * 5);
  for (let i = 0; i < n; i++) o[randomString(rand, 3) || `k${i}`] = randomValue(rand, depth + 1, pool);
  return o;
}

describe('core: JSON fast paths write what JSON.stringify writes', () => {
  it('quote() for random strings, short and long, first seen and remembered', () => {
    const rand = seeded(7);
    const pool = Array.from({ length: 40 }, () => randomString(rand, 40));
    for (let i = 0; i < 4000; i++) {
      const s = rand() < 0.5 ? pool[Math.floor(rand() * pool.length)]! : randomString(rand, 40);
      expect(quote(s)).to.equal(JSON.stringify(s));
    }
  });

  it('a message joined from a prefix and a value is quoted as the whole string would be', () => {
    const rand = seeded(11);
    for (let i = 0; i < 3000; i++) {
      const a = randomString(rand, 3);
      const b = randomString(rand, 30);
      const c = randomString(rand, 2);
      const joined = a + b + c;
      rememberQuoted(joined, a, b, c);
      expect(quote(joined)).to.equal(JSON.stringify(joined));
    }
  });

  it('valueJson() for random JSON-shaped values, with strings repeated across values', () => {
    const rand = seeded(23);
    const pool = Array.from({ length: 30 }, () => randomString(rand, 30));
    for (let i = 0; i < 3000; i++) {
      const v = randomValue(rand, 0, pool);
      expect(valueJson(v)).to.equal(JSON.stringify(v));
    }
    // What only JSON.stringify gets right is left to it.
    const odd = [new Date(0), { toJSON: () => 'x' }, [new Map()], Object.create({ inherited: 1 }), { nested: { deep: [1, { toJSON: () => [2] }] } }];
    for (const v of odd) expect(valueJson(v)).to.equal(JSON.stringify(v));
    expect(() => valueJson({ big: 1n })).to.throw(TypeError);
  });

  it('valueJson() lists own keys only, also when something put an enumerable key on Object.prototype', () => {
    const values = [{ a: 1, b: { c: 'x' } }, [{ d: null }], Object.assign(Object.create(null) as object, { e: true }), { 2: 'two', z: 0, 1: 'one' }];
    const proto = Object.prototype as Record<string, unknown>;
    proto['polluted'] = 'yes';
    try {
      for (const v of values) expect(valueJson(v)).to.equal(JSON.stringify(v));
    } finally {
      delete proto['polluted'];
    }
    for (const v of values) expect(valueJson(v)).to.equal(JSON.stringify(v));
  });

  it('every line the tracer writes is JSON.stringify of its event, with the memo hit and missed', () => {
    isolated(() => {
      const rand = seeded(31);
      const pool = Array.from({ length: 20 }, () => randomString(rand, 50));
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
      for (let i = 0; i < 600; i++) {
        const v = pool[Math.floor(rand() * pool.length)]!;
        const data = randomValue(rand, 0, pool);
        if (i % 3 === 0) t.trace('app', 'op', v, { data: { v, data } });
        else if (i % 3 === 1) t.trace('app', 'op', t.composeMessage('Agent said: ', v), { data: { list: [v, data, v] } });
        else t.startSpan({ component: 'app', operation: 'x', message: randomString(rand, 5), data: { data } }).end('y', { message: v, data: { v } });
        for (const e of mem.events) expect(jsonLine(e)).to.equal(JSON.stringify(e));
        mem.clear();
      }
    });
  });
});

describe('core: the JSON text the sanitizer makes as it walks the data', () => {
  /** Checks each line as it is written (while the text made for its data is the one kept). */
  function checking(): Sink & { checked: number } {
    return {
      name: 'check',
      checked: 0,
      write(e: TraceEvent): void {
        expect(jsonLine(e)).to.equal(JSON.stringify(e));
        this.checked++;
      },
    };
  }

  it('is what JSON.stringify writes for every kind of value the sanitizer meets', () => {
    isolated(() => {
      const sink = checking();
      const t = new Tracer({ env: false, stdout: false, sinks: [sink], maxDataBytes: 2048 });
      const circular: Record<string, unknown> = { name: 'loop' };
      circular['self'] = circular;
      let deep: unknown = 'bottom';
      for (let i = 0; i < 20; i++) deep = { deep };
      const throwing = Object.defineProperty({ ok: 1 }, 'bad', { enumerable: true, get: () => { throw new Error('no'); } });
      const values: unknown[] = [
        1, -0, 1.5e300, Number.NaN, Number.POSITIVE_INFINITY, true, null, undefined, 'text', '', '"quoted"\n\u0000', 'é東京🙂', '\ud800',
        10n, Symbol('s'), () => 1, function named(): void {}, new Date(0), new Date(Number.NaN), /re/g, new Uint8Array(4), Buffer.from('ab'), new ArrayBuffer(8),
        new Map<unknown, unknown>([['a', 1], [2, 'b'], ['1', { token: 'x' }]]), new Set([1, 'two', { three: 3 }]), new Error('boom'),
        Object.assign(new TypeError('typed'), { code: 'E_X', cause: new Error('inner') }), Promise.resolve(1), new WeakMap(),
        { toJSON: () => ({ from: 'toJSON' }) }, { toJSON: () => { throw new Error('x'); } }, circular, deep, throwing,
        { b: 1, 2: 'two', a: 3, 1: 'one' }, JSON.parse('{"__proto__": {"polluted": 1}, "x": 1}') as unknown, Object.create(null) as unknown,
        { password: 'hunter2', apiKey: '', nested: { token: null, secret: 'x', authorization: 'Bearer abcdefghijklmnop' } },
        { list: [1, undefined, () => 1, Symbol('y'), [[]], {}] }, Array.from({ length: 500 }, (_, i) => i), { big: 'x'.repeat(5000) },
        { msg: 'x'.repeat(300), again: 'x'.repeat(300) }, new (class Point { constructor(public x = 1, public y = 2) {} })(),
      ];
      for (const v of values) {
        t.trace('app', 'op', 'm', { data: { v } });
        t.trace('app', 'op', 'm', { data: v as Record<string, unknown> });
        t.trace('app', 'op', 'm', { data: { a: v, b: [v, v], c: { v } } });
      }
      expect(sink.checked).to.equal(values.length * 3);
    });
  });
});

describe('core: composed messages', () => {
  const s = new Sanitizer({ ...defaultConfig(), redactKeys: [], redactPatterns: [] });

  it('equal the general path (the whole text sanitized) for values within the limit', () => {
    const rand = seeded(5);
    for (let i = 0; i < 2000; i++) {
      const prefix = `Agent 'a${i % 7}' responded: `;
      const v = randomString(rand, 20);
      expect(s.compose(prefix, v)).to.equal(s.string(prefix + v));
    }
  });

  it('redact secrets in the value and render any other value as bounded JSON', () => {
    expect(s.compose('User sent: ', 'my key is sk-live-abcdefghijklmnop1234')).to.equal('User sent: my key is [REDACTED]');
    expect(s.compose('Agent responded: ', { text: 'hi', n: [1, 2] })).to.equal('Agent responded: {"text":"hi","n":[1,2]}');
    expect(s.compose('Agent failed: ', new TypeError('bad input'))).to.equal('Agent failed: TypeError: bad input');
  });
});

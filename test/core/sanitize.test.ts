/**
 * Serialization never throws; secrets are redacted; sizes are bounded.
 */
import { expect } from 'chai';
import { MemorySink, REDACTED, Tracer, defaultConfig } from '../../src/index.js';
import { Sanitizer, truncate } from '../../src/sanitize.js';
import { jsonLine } from '../../src/format/json.js';
import type { TraceEvent } from '../../src/index.js';
import { isolated } from '../helpers/delay.js';

/** Emits one event with `data` (and `message`) through a real tracer; returns it and its JSON line. */
function roundTrip(data: unknown, message = 'm', over: Record<string, unknown> = {}): { e: TraceEvent; line: string; back: TraceEvent } {
  const mem = new MemorySink();
  const t = new Tracer({ env: false, stdout: false, sinks: [mem], ...over });
  isolated(() => t.trace('app', 'x', message, { data }));
  expect(mem.events, 'one event').to.have.length(1);
  const e = mem.events[0]!;
  const line = jsonLine(e);
  expect(line).to.not.include('\n');
  return { e, line, back: JSON.parse(line) as TraceEvent };
}

describe('core: sanitize', () => {
  describe('serialization never throws', () => {
    it('circular references', () => {
      const a: Record<string, unknown> = { name: 'a' };
      a['self'] = a;
      a['list'] = [a, { a }];
      const { back } = roundTrip({ a });
      expect(back.data).to.deep.equal({ a: { name: 'a', self: '[Circular]', list: ['[Circular]', { a: '[Circular]' }] } });
    });

    it('shared (non-circular) references are written twice, not marked circular', () => {
      const shared = { x: 1 };
      expect(roundTrip({ p: shared, q: shared }).back.data).to.deep.equal({ p: { x: 1 }, q: { x: 1 } });
    });

    it('BigInt, NaN, Infinity, symbols, functions, undefined, Date, RegExp', () => {
      const { back } = roundTrip({
        big: 12345678901234567890n, nan: Number.NaN, inf: -Infinity, sym: Symbol('s'), fn: function named() {}, arrow: () => 1,
        undef: undefined, arr: [undefined, 1], date: new Date('2026-05-15T10:15:22.123Z'), bad: new Date(Number.NaN), re: /a+/g,
      });
      expect(back.data).to.deep.equal({
        big: '12345678901234567890', nan: 'NaN', inf: '-Infinity', sym: 'Symbol(s)', fn: '[Function named]', arrow: '[Function arrow]',
        arr: [null, 1], date: '2026-05-15T10:15:22.123Z', bad: 'Invalid Date', re: '/a+/g',
      });
    });

    it('Error objects keep name, message, stack, code and cause', () => {
      const cause = new TypeError('inner');
      const err = Object.assign(new RangeError('outer', { cause }), { code: 'E_RANGE' });
      const { back } = roundTrip({ err });
      const d = back.data!['err'] as Record<string, unknown>;
      expect(d['type']).to.equal('RangeError');
      expect(d['message']).to.equal('outer');
      expect(d['stack']).to.be.a('string').and.include('RangeError: outer');
      expect(d['code']).to.equal('E_RANGE');
      expect((d['cause'] as Record<string, unknown>)['type']).to.equal('TypeError');
    });

    it('Map, Set, Buffers and typed arrays', () => {
      const { back } = roundTrip({
        map: new Map<unknown, unknown>([['k', 1], [2, 'two'], [{ o: 1 }, 'obj']]),
        set: new Set([1, 'a', 1]),
        buf: Buffer.from('hello'),
        f32: new Float32Array(4),
        ab: new ArrayBuffer(8),
      });
      expect(back.data).to.deep.equal({
        map: { k: 1, 2: 'two', '[object Object]': 'obj' }, set: [1, 'a'], buf: '[Buffer 5 bytes]', f32: '[Float32Array 16 bytes]', ab: '[ArrayBuffer 8 bytes]',
      });
    });

    it('a Set is cut where the budget ends, its marker counting what was left; Proxies of a Set or a Map are marked, the rest kept', () => {
      const { back } = roundTrip({ set: new Set(Array.from({ length: 100_000 }, (_, i) => `v${i}`)) }, 'm', { maxDataBytes: 1024 });
      const set = back.data!['set'] as string[];
      const marker = set[set.length - 1]!;
      expect(marker).to.match(/^\[\d+ more items truncated]$/);
      expect(set.slice(0, -1)).to.deep.equal(Array.from({ length: set.length - 1 }, (_, i) => `v${i}`));
      expect(Number(/\d+/.exec(marker)![0]) + set.length - 1).to.equal(100_000);
      // Items that cost no budget (symbols) are still bounded, by count.
      const syms = roundTrip({ syms: new Set(Array.from({ length: 100_000 }, (_, i) => Symbol(`s${i}`))) }, 'm', { maxDataBytes: 1024 }).back.data!['syms'] as string[];
      expect(syms.length).to.be.within(2, 1024 / 2 + 1);
      expect(syms[0]).to.equal('Symbol(s0)');
      expect(syms[syms.length - 1]).to.equal(`[${100_000 - (syms.length - 1)} more items truncated]`);
      const { back: b2 } = roundTrip({ p: new Proxy(new Set([1]), {}), q: new Proxy(new Map([[1, 2]]), {}), ok: 1 });
      expect(b2.data).to.deep.equal({ p: '[unreadable Set]', q: '[unreadable Map]', ok: 1 });
    });

    it('getters that throw, toJSON that throws, hostile proxies', () => {
      const obj = { ok: 1, get boom(): never { throw new Error('getter'); } };
      const tj = { toJSON(): never { throw new Error('toJSON'); } };
      const proxy = new Proxy({}, { ownKeys(): never { throw new Error('ownKeys'); } });
      const { back } = roundTrip({ obj, tj, proxy, good: { toJSON: () => ({ fine: true }) } });
      expect(back.data).to.deep.equal({ obj: { ok: 1, boom: '[getter threw]' }, tj: '[toJSON threw]', proxy: '[unreadable object]', good: { fine: true } });
    });

    it('deep nesting is cut at a depth limit', () => {
      let deep: Record<string, unknown> = { leaf: true };
      for (let i = 0; i < 5000; i++) deep = { d: deep };
      const { line } = roundTrip(deep);
      expect(line).to.include('[Depth limit]');
      expect(line.length).to.be.below(1000);
    });

    it('primitives and arrays as data are wrapped in { value }', () => {
      expect(roundTrip('text').back.data).to.deep.equal({ value: 'text' });
      expect(roundTrip([1, 2]).back.data).to.deep.equal({ value: [1, 2] });
      expect(roundTrip(undefined).back).to.not.have.property('data');
      expect(roundTrip(null).back).to.not.have.property('data');
    });

    it('an Error passed to a span end becomes the event error', () => {
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
      isolated(() => {
        const span = t.startSpan({ component: 'app', operation: 'work', message: 'go' });
        span.end('work_error', { message: 'failed', error: new SyntaxError('bad token') });
      });
      const e = JSON.parse(jsonLine(mem.events[1]!)) as TraceEvent;
      expect(e.level).to.equal('ERROR');
      expect(e.error!.type).to.equal('SyntaxError');
      expect(e.error!.message).to.equal('bad token');
      expect(e.error!.stack).to.include('SyntaxError: bad token');
      expect(e.duration_ms).to.be.a('number');
    });
  });

  describe('redaction', () => {
    it('redacts secret keys at any depth, in arrays and in Maps', () => {
      const { back } = roundTrip({
        password: 'hunter2', nested: { deeper: { secret: 's', api_key: 'k1', apiKey: 'k2', 'X-Api-Key': 'k3' } },
        headers: [{ authorization: 'Basic abc' }, { Cookie: 'sid=1' }], private_key: 'pk', token: 't', dbPassword: 'p',
        map: new Map([['access_token', 'a'], ['plain', 'ok']]),
      });
      expect(back.data).to.deep.equal({
        password: REDACTED, nested: { deeper: { secret: REDACTED, api_key: REDACTED, apiKey: REDACTED, 'X-Api-Key': REDACTED } },
        headers: [{ authorization: REDACTED }, { Cookie: REDACTED }], private_key: REDACTED, token: REDACTED, dbPassword: REDACTED,
        map: { access_token: REDACTED, plain: 'ok' },
      });
    });

    it('keeps token usage numbers', () => {
      const usage = { input_tokens: 12, output_tokens: 34, max_tokens: 1024, total_tokens: 46, prompt_tokens: 1, completion_tokens: 2 };
      expect(roundTrip({ usage }).back.data).to.deep.equal({ usage });
    });

    it('redacts bearer tokens, sk- keys and JWTs inside strings, in data and in the message', () => {
      const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
      const msg = `calling with Authorization: Bearer abcdef1234567890XYZ and key sk-proj-ABCDEFGHIJKLMNOPQRSTUV and ${jwt}`;
      const { back } = roundTrip({ note: msg, url: 'https://x.test/?api_key=zzz123&q=1' }, msg);
      for (const s of [back.message, back.data!['note'] as string]) {
        expect(s).to.include(`Bearer ${REDACTED}`);
        expect(s).to.not.include('abcdef1234567890XYZ');
        expect(s).to.not.include('ABCDEFGHIJKLMNOPQRSTUV');
        expect(s).to.not.include('eyJhbGciOiJIUzI1NiJ9');
      }
      expect(back.data!['url']).to.equal(`https://x.test/?api_key=${REDACTED}&q=1`);
    });

    it('redacts the other well-known key shapes inside strings', () => {
      const samples = [
        'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
        'xoxb-123456789012-abcdefghijkl',
        'AKIAIOSFODNN7EXAMPLE',
        '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
        'sk_live_abcdefghijklmnop1234',
      ];
      for (const secret of samples) {
        const { back } = roundTrip({ s: `before ${secret} after` });
        expect(back.data!['s'], secret).to.equal(`before ${REDACTED} after`);
      }
      const plain = 'a normal sentence about skiing, ghosts and basic arithmetic = fun';
      expect(roundTrip({ s: plain }).back.data!['s']).to.equal(plain);
    });

    it('user-added keys and patterns work', () => {
      const { back } = roundTrip({ ssn: '123-45-6789', note: 'card 4111-1111-1111-1111 used' }, 'm',
        { redactKeys: ['ssn'], redactPatterns: [/\b\d{4}-\d{4}-\d{4}-\d{4}\b/] });
      expect(back.data).to.deep.equal({ ssn: REDACTED, note: `card ${REDACTED} used` });
      const fromEnv = new Sanitizer({ ...defaultConfig(), redactKeys: ['pin'] });
      expect(fromEnv.data({ pin: 1234, user_pin: 1, other: 2 })).to.deep.equal({ pin: REDACTED, user_pin: REDACTED, other: 2 });
    });

    it('redact: false turns it off', () => {
      const { back } = roundTrip({ password: 'hunter2' }, 'Bearer abcdef1234567890', { redact: false });
      expect(back.data).to.deep.equal({ password: 'hunter2' });
      expect(back.message).to.equal('Bearer abcdef1234567890');
    });
  });

  describe('size limits', () => {
    it('truncates long strings to maxStringBytes with a visible marker', () => {
      const { back } = roundTrip({ s: 'x'.repeat(10_000) }, 'y'.repeat(10_000), { maxStringBytes: 100 });
      const s = back.data!['s'] as string;
      expect(s.startsWith('x'.repeat(100) + '…[truncated 9900 bytes]')).to.equal(true);
      expect(back.message).to.equal('y'.repeat(100) + '…[truncated 9900 bytes]');
      expect(truncate('é'.repeat(10), 5)).to.equal('éé…[truncated 16 bytes]'); // never splits a character
    });

    it('bounds a 50 MB string in data (the line stays small and the marker tells the size)', () => {
      const huge = 'a'.repeat(50 * 1024 * 1024);
      const { line, back } = roundTrip({ huge });
      expect(line.length).to.be.below(20_000);
      // Past 1 Mi characters the cut is counted in characters (a lower bound of its bytes), not re-encoded.
      expect(back.data!['huge']).to.match(/…\[truncated at least 52420608 bytes]$/);
    });

    it('counts the cut of a string over the limit but under 1 Mi characters exactly, in bytes', () => {
      const s = 'é'.repeat(100_000);
      const { back } = roundTrip({ s });
      expect(back.data!['s']).to.match(/…\[truncated 191808 bytes]$/);
    });

    it('bounds a huge object to about maxDataBytes with a marker', () => {
      const big: Record<string, unknown> = {};
      for (let i = 0; i < 100_000; i++) big[`key${i}`] = { i, text: 'some text here' };
      const { line, back } = roundTrip({ big, list: new Array(200_000).fill(7), set: new Set(Array.from({ length: 100_000 }, (_, i) => i)) });
      expect(line.length).to.be.below(2 * defaultConfig().maxDataBytes);
      expect(back.data!['_truncated']).to.match(/data over 65536 bytes was cut/);
    });

    it('a small maxDataBytes keeps lines smaller still', () => {
      const { line } = roundTrip({ list: Array.from({ length: 10_000 }, (_, i) => `item ${i}`) }, 'm', { maxDataBytes: 1024 });
      expect(line.length).to.be.below(3000);
      expect(line).to.match(/more items truncated/);
    });
  });
});

/**
 * Property-based fuzzing of the reading side: the filter language (what `muxi trace`, the viewer
 * and the dashboard parse) on random text, and the JSON-line reader on random bytes. Parsing
 * throws nothing but `FilterError`; a compiled filter never throws on any event; the reader
 * never throws, yields only valid events, and counts what it skips.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { expect } from 'chai';
import { parseFilter } from '../../src/reader/filter.js';
import { FilterError, parseFilterTerms } from '../../src/reader/filter-terms.js';
import { isTraceEvent } from '../../src/reader/classify.js';
import { LineProcessor } from '../../src/reader/processor.js';
import type { ReadItem } from '../../src/reader/processor.js';
import { readTrace } from '../../src/reader/read.js';
import { line } from '../helpers/trace-lines.js';
import { SEED, check, checkAsync } from './fuzz-helpers.js';

/** Filter text: random words, and words made of the language's own pieces. */
const word = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.tuple(fc.constantFrom('component', 'op', 'trace', 'span', 'user', 'agent', 'level', 'msg', 'duration', 'since', 'until', 'error', 'data.tool', 'data.usage.input_tokens', 'bogus', ''),
    fc.constantFrom('=', '!=', '~=', '>=', '<=', '>', '<', ''), fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('WARN', '15m', '4bf9', '100', '2026-05-15T11:00:00Z', '"a b"', '/x(/', '/a+/gi')))
    .map(([f, op, v]) => f + op + v),
  fc.constantFrom('"unclosed', '/re/', '/(/', '\\"', '""', 'level>=LOUD', 'duration>abc', 'since=yesterday'),
);
const filterText = fc.array(word, { maxLength: 6 }).map((ws) => ws.join(' '));

/** Events as the reader yields them (they passed `isTraceEvent`), with any fields, data and error JSON can hold. */
const anyEvent = fc.record({
  component: fc.string({ maxLength: 6 }), operation: fc.string({ maxLength: 6 }), message: fc.string({ maxLength: 20, unit: 'grapheme' }),
  level: fc.constantFrom('TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR') as fc.Arbitrary<'TRACE'>, duration_ms: fc.option(fc.double({ noNaN: true }), { nil: undefined }),
  data: fc.option(fc.jsonValue().map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : { value: v })), { nil: undefined }),
  user_id: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }), agent_id: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
  error: fc.option(fc.record({ type: fc.string({ maxLength: 6 }), message: fc.string({ maxLength: 10 }) }), { nil: undefined }),
}, { requiredKeys: ['component', 'operation', 'message', 'level'] }).map((o) => JSON.parse(line(o as never)) as Record<string, unknown>);

describe(`fuzz: the reading side (seed ${SEED})`, () => {
  before(() => console.log(`      fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} npm run test:one -- test/fuzz/reader.test.ts)`));

  it('the filter language: parsing throws only FilterError, and a filter never throws on any event', () => {
    check('filter', fc.property(filterText, fc.array(anyEvent, { maxLength: 5 }), (text, events) => {
      let f: ReturnType<typeof parseFilter>;
      try {
        parseFilterTerms(text);
        f = parseFilter(text);
      } catch (err) {
        expect(err).to.be.instanceOf(FilterError);
        return;
      }
      for (const e of events) {
        expect(isTraceEvent(e)).to.equal(true);
        expect(f(e as never)).to.be.a('boolean');
      }
      for (const n of f.needles) expect(n).to.be.a('string');
    }), 8000);
  });

  it('the JSON-line reader on random bytes: never throws, yields only valid events, counts what it skips', () => {
    const chunk = fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(Buffer.from(line() + '\n'), Buffer.from('{"broken": \n'), Buffer.from('\n\n'), Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from(line().slice(0, 40))));
    check('line processor', fc.property(fc.array(chunk, { maxLength: 12 }), fc.option(filterText, { nil: undefined }), (chunks, text) => {
      let filter: ReturnType<typeof parseFilter> | undefined;
      try {
        filter = text === undefined ? undefined : parseFilter(text);
      } catch {
        filter = undefined;
      }
      const out: ReadItem[] = [];
      const p = new LineProcessor(out, { filter });
      for (const c of chunks) p.push(Buffer.from(c));
      p.end();
      for (const it of out) {
        expect(it.kind).to.equal('event');
        if (it.kind === 'event') expect(isTraceEvent(it.event)).to.equal(true);
      }
      const c = p.counts;
      expect(c.matched).to.equal(out.length);
      expect(c.matched + c.skipped).to.be.at.most(c.lines);
    }), 5000);
  });

  it('readTrace on a stream of random bytes resolves with counts, never rejects', async () => {
    await checkAsync('readTrace', fc.asyncProperty(fc.array(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constant(new Uint8Array(Buffer.from(line() + '\n')))), { maxLength: 10 }), async (chunks) => {
      const events: unknown[] = [];
      const summary = await readTrace({ source: { kind: 'stream', stream: Readable.from(chunks.map((c) => Buffer.from(c))) } }, (items) => {
        for (const it of items) if (it.kind === 'event') events.push(it.event);
      });
      expect(summary.matched).to.equal(events.length);
      expect(summary.skipped).to.be.at.least(0);
    }), 800);
  });
});

/**
 * W3C traceparent parsing and propagation: parseTraceparent, tracer.traceparent(),
 * continueTrace() and startTrace().
 */
import { expect } from 'chai';
import { MemorySink, Tracer } from '../../src/index.js';
import { formatTraceparent, parseTraceparent } from '../../src/trace-context.js';
import { isolated } from '../helpers/delay.js';

const TID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SID = '00f067aa0ba902b7';
const VALID = `00-${TID}-${SID}-01`;

describe('core: trace context', () => {
  describe('parseTraceparent', () => {
    it('reads a valid version-00 header', () => {
      expect(parseTraceparent(VALID)).to.deep.equal({ version: '00', traceId: TID, parentSpanId: SID, sampled: true, flags: '01' });
      expect(parseTraceparent(` ${VALID} `)?.traceId).to.equal(TID);
    });

    it('flags 00 is a valid, unsampled parent; other bits are ignored', () => {
      expect(parseTraceparent(`00-${TID}-${SID}-00`)).to.include({ sampled: false, flags: '00' });
      expect(parseTraceparent(`00-${TID}-${SID}-09`)).to.include({ sampled: true });
      expect(parseTraceparent(`00-${TID}-${SID}-02`)).to.include({ sampled: false });
    });

    it('a higher version is read by its first four fields', () => {
      expect(parseTraceparent(`cc-${TID}-${SID}-01-what-the-future-holds`)).to.include({ version: 'cc', traceId: TID, sampled: true });
      expect(parseTraceparent(`01-${TID}-${SID}-01`)).to.include({ version: '01' });
    });

    const invalid: Array<[string, unknown]> = [
      ['upper-case trace id', `00-${TID.toUpperCase()}-${SID}-01`],
      ['upper-case span id', `00-${TID}-${SID.toUpperCase()}-01`],
      ['upper-case version', `0A-${TID}-${SID}-01`],
      ['upper-case flags', `00-${TID}-${SID}-0A`],
      ['all-zero trace id', `00-${'0'.repeat(32)}-${SID}-01`],
      ['all-zero span id', `00-${TID}-${'0'.repeat(16)}-01`],
      ['version 00 with a fifth field', `${VALID}-extra`],
      ['version ff', `ff-${TID}-${SID}-01`],
      ['short trace id', `00-${TID.slice(1)}-${SID}-01`],
      ['long span id', `00-${TID}-${SID}0-01`],
      ['non-hex', `00-${TID.replace('4', 'g')}-${SID}-01`],
      ['three fields', `00-${TID}-${SID}`],
      ['garbage after flags', `cc-${TID}-${SID}-01x`],
      ['empty', ''],
      ['not a string', 42],
      ['undefined', undefined],
    ];
    for (const [why, header] of invalid) {
      it(`rejects: ${why}`, () => expect(parseTraceparent(header)).to.equal(undefined));
    }

    it('formats version 00', () => {
      expect(formatTraceparent(TID, SID, true)).to.equal(VALID);
      expect(formatTraceparent(TID, SID, false)).to.equal(`00-${TID}-${SID}-00`);
    });
  });

  describe('tracer', () => {
    it('traceparent() inside startTrace()/a fresh continueTrace() before any span: the trace id and a stable parent id', () => {
      const t = new Tracer({ env: false, stdout: false });
      isolated(() => {
        t.startTrace({}, () => {
          const tp = t.traceparent();
          expect(tp).to.match(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
          expect(tp!.split('-')[1]).to.equal(t.currentTraceId());
          expect(t.traceparent()).to.equal(tp);
        });
        t.continueTrace('not a header', () => {
          expect(t.traceparent()!.split('-')[1]).to.equal(t.currentTraceId());
        });
      });
    });

    it('traceparent() is undefined outside a trace and names the current span inside', () => {
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
      isolated(() => {
        expect(t.traceparent()).to.equal(undefined);
        const id = t.userMessage('hi');
        expect(t.traceparent()).to.equal(`00-${id}-${mem.events[0]!.span_id}-01`);
        t.agentProcessing('a');
        expect(t.traceparent()).to.equal(`00-${id}-${mem.events[1]!.span_id}-01`);
        t.agentResponse('a', 'r');
        expect(t.traceparent()).to.equal(`00-${id}-${mem.events[0]!.span_id}-01`);
      });
    });

    it('continueTrace runs fn as a child of the remote parent and returns its result', async () => {
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
      const out = await t.continueTrace(VALID, async () => {
        await new Promise((r) => setTimeout(r, 1));
        expect(t.currentTraceId()).to.equal(TID);
        const id = t.userMessage('from upstream', 'u1');
        expect(id).to.equal(TID);
        t.trace('app', 'step', 'inside');
        t.orchestratorResponse('done');
        return 'result';
      }, 'vendor=abc');
      expect(out).to.equal('result');
      expect(mem.events.map((e) => e.trace_id)).to.deep.equal([TID, TID, TID]);
      expect(mem.events[0]!.parent_span_id, 'root is a child of the remote span').to.equal(SID);
      expect(mem.events[1]!.parent_span_id).to.equal(mem.events[0]!.span_id);
      expect(mem.events[2]!.span_id).to.equal(mem.events[0]!.span_id);
      expect(mem.events[2]!.parent_span_id).to.equal(SID);
      expect(t.currentTraceId()).to.equal(undefined);
    });

    it('carries tracestate', () => {
      const t = new Tracer({ env: false, stdout: false });
      expect(t.continueTrace(VALID, () => t.tracestate(), 'vendor=abc')).to.equal('vendor=abc');
    });

    for (const bad of ['garbage', `00-${'0'.repeat(32)}-${SID}-01`, undefined, null, '']) {
      it(`an invalid header (${JSON.stringify(bad)}) starts a fresh trace and never throws`, () => {
        const mem = new MemorySink();
        const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
        const id = t.continueTrace(bad, () => {
          t.trace('app', 'x', 'y');
          return t.currentTraceId();
        });
        expect(id).to.match(/^[0-9a-f]{32}$/).and.not.equal(TID);
        expect(mem.events[0]!.trace_id).to.equal(id);
        expect(mem.events[0]).to.not.have.property('parent_span_id');
      });
    }

    it('startTrace runs fn in a new trace, with the given user id and trace id', async () => {
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
      const a = await t.startTrace({ userId: 'u7' }, async () => {
        await Promise.resolve();
        t.trace('app', 'x', 'y');
        return t.currentTraceId();
      });
      const b = t.startTrace({}, () => t.currentTraceId());
      expect(a).to.match(/^[0-9a-f]{32}$/).and.not.equal(b);
      expect(mem.events[0]).to.include({ trace_id: a, user_id: 'u7' });
      const given = t.startTrace({ traceId: TID }, () => t.currentTraceId());
      expect(given).to.equal(TID);
      const fromUuid = t.startTrace({ traceId: '4BF92F35-77B3-4DA6-A3CE-929D0E0E4736' }, () => t.currentTraceId());
      expect(fromUuid).to.equal(TID);
      expect(t.currentTraceId()).to.equal(undefined);
    });
  });
});

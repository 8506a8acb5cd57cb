import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { MemorySink, Tracer, failureCounts, queuedSink } from '../../src/index.js';
import type { Sink, TraceEvent } from '../../src/index.js';
import { resetFailures } from '../../src/errors.js';
import { captureStderr } from './read-traces.js';

const TID = '4bf92f3577b34da6a3ce929d0e0e4736';

function event(i: number): TraceEvent {
  return {
    timestamp: new Date().toISOString(), level: 'TRACE', trace_id: TID, span_id: '00f067aa0ba902b7',
    component: 'load', operation: 'tick', message: `event ${i} ${'x'.repeat(100)}`, data: { i, payload: 'y'.repeat(200) },
  };
}

/** A sink that takes one event-loop turn per event: far slower than any producer. */
function slowSink(): Sink & { got: number[] } {
  const got: number[] = [];
  return {
    name: 'slow',
    got,
    write(e: TraceEvent): Promise<void> {
      got.push((e.data as { i: number }).i);
      return new Promise((r) => setImmediate(r));
    },
  };
}

describe('queuedSink (bounded queue in front of a slow sink)', () => {
  beforeEach(() => resetFailures());

  it('1,000,000 events into a slow sink (own process): the queue stays bounded, RSS growth < 64 MB, drops counted, order kept', async function () {
    this.timeout(120_000);
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', 'test/fixtures/delivery-slow-sink.ts', '1000000', '10000'], { maxBuffer: 1 << 20 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout));
    });
    const r = JSON.parse(out) as { growthMB: number; maxQueued: number; delivered: number; dropped: number; ordered: boolean };
    expect(r.maxQueued).to.be.at.most(10_000);
    expect(r.delivered + r.dropped).to.equal(1_000_000);
    expect(r.dropped).to.be.greaterThan(0);
    expect(r.ordered).to.equal(true);
    expect(r.growthMB, 'RSS growth in MB').to.be.lessThan(64);
  });

  it('flush() waits until everything queued is delivered, then flushes the inner sink', async () => {
    let innerFlushed = 0;
    const inner = slowSink();
    const q = queuedSink({ ...inner, write: inner.write, flush: async () => { innerFlushed++; } }, { maxEvents: 1000 });
    for (let i = 0; i < 300; i++) q.write(event(i));
    expect(inner.got).to.have.length(0); // nothing on the caller's stack
    await q.flush!();
    expect(inner.got).to.have.length(300);
    expect(innerFlushed).to.equal(1);
    expect(q.queued).to.equal(0);
  });

  it('through a tracer: drops are reported once on stderr, counted in stats(), and emitted as tracing:events_dropped', async () => {
    const inner = slowSink();
    const mem = new MemorySink();
    const q = queuedSink(inner, { maxEvents: 100 });
    const t = new Tracer({ env: false, stdout: false, sinks: [q, mem] });
    const err = await captureStderr(async () => {
      for (let i = 0; i < 1000; i++) t.trace('load', 'tick', 'e', { traceId: TID, data: { i } });
      await t.flush();
    });
    expect(q.dropped).to.equal(900);
    expect(err.match(/muxi-tracing: slow sink queue full/g)).to.have.length(1);
    expect(t.stats().dropped).to.equal(900);
    const notice = mem.events.find((e) => e.component === 'tracing' && e.operation === 'events_dropped');
    expect(notice).to.not.equal(undefined);
    expect(notice!.level).to.equal('WARN');
    expect(notice!.data).to.deep.equal({ sink: 'slow', dropped: 900 });
    expect(failureCounts().get('slow sink queue full')).to.equal(1);
    await t.shutdown();
  });

  it('an inner sink that throws or rejects is isolated and reported', async () => {
    let n = 0;
    const q = queuedSink({
      name: 'flaky',
      write: (): Promise<void> | void => {
        n++;
        if (n % 2) throw new Error('sync boom');
        return Promise.reject(new Error('async boom'));
      },
    });
    const err = await captureStderr(async () => {
      for (let i = 0; i < 10; i++) q.write(event(i));
      await q.flush!();
    });
    expect(n).to.equal(10);
    expect(err.match(/sink 'flaky' write failed/g)).to.have.length(1);
    expect(failureCounts().get("sink 'flaky' write failed")).to.equal(10);
  });
});

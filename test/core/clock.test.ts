/**
 * Event timestamps come from the monotonic clock and follow the wall clock.
 */
import { expect } from 'chai';
import { recheckWallClock, wallTime } from '../../src/clock.js';
import { MemorySink, Tracer } from '../../src/index.js';
import { isolated } from '../helpers/delay.js';

describe('core: clock', () => {
  it('derived wall time stays within about a millisecond of Date.now()', () => {
    for (let i = 0; i < 2000; i++) {
      const before = Date.now();
      const t = wallTime(performance.now());
      const after = Date.now();
      expect(t, `read ${i}`).to.be.within(before - 1.5, after + 1.5);
    }
  });

  it('follows the wall clock when the two clocks part (a clock set by hand), checking at most once a second', () => {
    const perf = performance as { now: () => number };
    const realPerf = perf.now;
    const hour = 3_600_000;
    try {
      wallTime(realPerf.call(performance));
      // The monotonic clock runs an hour ahead of the wall clock (as if the wall clock were set back).
      perf.now = () => realPerf.call(performance) + hour;
      const at = perf.now();
      expect(wallTime(at) - Date.now(), 'followed at once').to.be.within(-2, 2);
      // Within the next second readings follow the monotonic clock only...
      expect(wallTime(at + 500) - wallTime(at)).to.be.closeTo(500, 0.001);
      // ...and a reading a second later checks again.
      expect(wallTime(perf.now() + 1_001) - Date.now()).to.be.within(-2, 1_003);
    } finally {
      perf.now = realPerf;
      recheckWallClock();
    }
  });

  it('uses a Date.now the app replaced (fake timers) as is', () => {
    const realNow = Date.now;
    try {
      Date.now = () => Date.UTC(2024, 0, 1, 0, 0, 0, 500);
      expect(wallTime(performance.now())).to.equal(Date.UTC(2024, 0, 1, 0, 0, 0, 500));
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
      isolated(() => t.trace('app', 'op', 'm'));
      expect(mem.events[0]!.timestamp).to.equal('2024-01-01T00:00:00.500Z');
    } finally {
      Date.now = realNow;
    }
  });

  it('checks again when performance.now() goes backwards (a faked monotonic clock)', () => {
    const perf = performance as { now: () => number };
    const realPerf = perf.now;
    try {
      wallTime(realPerf.call(performance)); // a check now: the next one is a second away
      let fake = 500; // a fake clock starting near zero
      perf.now = () => fake;
      expect(wallTime(fake) - Date.now()).to.be.within(-2, 2);
      fake += 250;
      expect(wallTime(fake) - Date.now()).to.be.within(-2, 252);
    } finally {
      perf.now = realPerf;
      recheckWallClock();
    }
  });

  it("an event's timestamp and its span's duration come from the same readings", async () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
    const before = Date.now();
    await isolated(async () => {
      const span = t.startSpan({ component: 'app', operation: 'op_start', message: 'start' });
      await new Promise((r) => setTimeout(r, 30));
      span.end('op_end', { message: 'end' });
    });
    const after = Date.now();
    const [start, end] = mem.events;
    const t0 = Date.parse(start!.timestamp);
    const t1 = Date.parse(end!.timestamp);
    expect(t0).to.be.within(before - 2, after + 2);
    expect(t1).to.be.within(t0, after + 2);
    // Timestamps are whole milliseconds: the duration is their difference within one ms.
    expect(end!.duration_ms! - (t1 - t0)).to.be.within(-1, 1);
    expect(end!.duration_ms).to.be.at.least(25);
  });
});

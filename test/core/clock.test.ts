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

  it('follows the wall clock when it is set or slews, checking it at most once a second', () => {
    const realNow = Date.now;
    const hour = 3_600_000;
    try {
      Date.now = () => realNow() + hour; // the clock is set an hour ahead
      recheckWallClock();
      expect(wallTime(performance.now()) - realNow()).to.be.within(hour - 2, hour + 2);
      // Until the next check (a second later), readings follow the monotonic clock only.
      Date.now = realNow;
      expect(wallTime(performance.now()) - realNow()).to.be.within(hour - 2, hour + 2);
      // A reading a second later checks again and follows.
      const later = performance.now() + 1_001;
      expect(wallTime(later) - realNow()).to.be.within(-2, 2);
    } finally {
      Date.now = realNow;
      recheckWallClock();
      wallTime(performance.now());
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

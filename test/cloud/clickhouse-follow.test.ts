/**
 * The late-arrival window of `-f` on ClickHouse: each poll re-reads the window and delivers only
 * rows not delivered before, counting identical rows (a multiset).
 */
import { expect } from 'chai';
import { SeenWindow } from '../../src/reader/clickhouse-follow.js';

describe('cloud: the ClickHouse follow window', () => {
  it('delivers each row once across overlapping polls, late rows within the window, and every copy of identical rows', () => {
    const w = new SeenWindow(1000);
    expect(w.from).to.equal(undefined);
    w.seed([{ key: 'a', ms: 100 }, { key: 'b', ms: 900 }]);
    expect(w.from).to.equal(-100);
    expect(w.take([{ key: 'a', ms: 100 }, { key: 'b', ms: 900 }, { key: 'c', ms: 1500 }]).map((r) => r.key)).to.deep.equal(['c']);
    // 'a' left the window (1500 - 1000 > 100); a poll never reads it again.
    expect(w.size).to.equal(2);
    expect(w.take([{ key: 'b', ms: 900 }, { key: 'late', ms: 800 }, { key: 'c', ms: 1500 }, { key: 'c', ms: 1500 }]).map((r) => r.key)).to.deep.equal(['late', 'c']);
    expect(w.take([{ key: 'b', ms: 900 }, { key: 'late', ms: 800 }, { key: 'c', ms: 1500 }, { key: 'c', ms: 1500 }])).to.deep.equal([]);
    expect(w.take([{ key: 'd', ms: 2600 }]).map((r) => r.key)).to.deep.equal(['d']);
    expect(w.from).to.equal(1600);
    expect(w.size).to.equal(1);
  });
});

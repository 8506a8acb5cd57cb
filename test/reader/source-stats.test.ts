import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { jsonLine } from '../../src/format/json.js';
import { openFileSource } from '../../src/reader/file-source.js';
import { parseFilterTerms } from '../../src/reader/filter-terms.js';
import { StatsCollector } from '../../src/reader/stats.js';
import { formatStats } from '../../src/reader/stats-format.js';
import { TimelineCounter, timelineWidth } from '../../src/reader/timeline.js';
import { conversation, interleave, toLines, traceId } from '../helpers/conversations.js';
import { seeded } from '../helpers/delay.js';
import { randomEvent } from '../helpers/hostile-events.js';

const T0 = Date.parse('2026-05-15T10:00:00.000Z');

describe('reader/statistics: one implementation for every reading tool', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'muxi-stats-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the index (read from bytes) and a pass (JSON.parse) give the same figures, on hostile input', async () => {
    const r = seeded(99);
    const lines: Buffer[] = [];
    for (let i = 0; i < 4000; i++) {
      const e = randomEvent(r);
      e.trace_id = traceId(Math.floor(r() * 300));
      e.timestamp = new Date(T0 + Math.floor(r() * 3_600_000)).toISOString();
      const k = i % 50;
      if (k === 0) lines.push(Buffer.from('INFO app started'));
      else if (k === 1) lines.push(Buffer.from(jsonLine(e).slice(0, 80))); // truncated
      else if (k === 2) lines.push(Buffer.concat([Buffer.from(jsonLine(e).slice(0, 40)), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])); // invalid UTF-8
      else if (k === 3) lines.push(Buffer.from(JSON.stringify({ ...e, extra: 1 }))); // another key order
      else if (k === 4) lines.push(Buffer.from(jsonLine(e) + '\r')); // CRLF
      else if (k === 5) lines.push(Buffer.from(''));
      else lines.push(Buffer.from(jsonLine(e)));
    }
    const path = join(dir, 'app.jsonl');
    const half = Buffer.concat(lines.slice(0, 2000).map((b) => Buffer.concat([b, Buffer.from('\n')])));
    writeFileSync(`${path}.20261124-100000-000.gz`, gzipSync(half));
    writeFileSync(path, Buffer.concat(lines.slice(2000).map((b) => Buffer.concat([b, Buffer.from('\n')]))));
    const indexed = openFileSource({ input: { kind: 'file', path }, index: true });
    const passed = openFileSource({ input: { kind: 'file', path } });
    try {
      const a = await indexed.stats({});
      const b = await passed.stats({});
      expect(a.stats).to.deep.equal(b.stats);
      expect([a.skipped, a.matched]).to.deep.equal([b.skipped, b.matched]);
      expect(a.stats.events).to.be.greaterThan(3500);
      expect(a.skipped).to.equal(4 * 80); // 80 each of: not JSON, truncated, invalid UTF-8, empty (CRLF and reordered lines are events)
      // with terms, both are passes and agree with a collector fed by hand
      const c = await indexed.stats({ terms: parseFilterTerms('level>=WARN') });
      const byHand = new StatsCollector();
      await passed.close();
      const again = openFileSource({ input: { kind: 'file', path } });
      await again.events({ terms: parseFilterTerms('level>=WARN') }, (items) => { for (const it of items) if (it.kind === 'event') byHand.add(it.event); });
      await again.close();
      expect(c.stats).to.deep.equal(byHand.result());
    } finally {
      await indexed.close();
      await passed.close();
    }
  });

  it('has error rate, tool calls and events over time for the dashboard; the text tables are unchanged', async () => {
    const path = join(dir, 'app.jsonl');
    writeFileSync(path, toLines(interleave([
      conversation({ trace: traceId(1), user: 'a', agent: 'w', start: T0, message: 'x' }),
      conversation({ trace: traceId(2), user: 'b', agent: 'w', start: T0 + 2000, message: 'y', error: true, tool: 'calc' }),
    ])));
    const s = openFileSource({ input: { kind: 'file', path } });
    const { stats } = await s.stats({});
    await s.close();
    expect(stats).to.include({ events: 14, traces: 2, errors: 2 });
    expect(stats.error_rate).to.equal(2 / 14);
    expect(stats.tools).to.deep.equal({ 'agent:tools/calc': { calls: 1, errors: 1 }, 'agent:tools/search': { calls: 1, errors: 0 }, 'mcp:tools/calc': { calls: 0, errors: 1 } });
    expect(stats.timeline.bucket_ms).to.equal(10);
    expect(stats.timeline.buckets).to.have.length(207); // 10:00:00.000 .. 10:00:02.060 in 10 ms buckets
    expect(stats.timeline.buckets[0]).to.deep.equal({ start: '2026-05-15T10:00:00.000Z', events: 1, errors: 0 });
    expect(stats.timeline.buckets.reduce((n, b) => n + b.events, 0)).to.equal(14);
    expect(stats.timeline.buckets.reduce((n, b) => n + b.errors, 0)).to.equal(2);
    const text = formatStats(stats);
    expect(text.split('\n')[0]).to.equal('Events 14  traces 2  errors 2  from 2026-05-15T10:00:00.000Z to 2026-05-15T10:00:02.060Z');
    expect(text).to.not.match(/error_rate|timeline|bucket/);
  });

  it('events over time: the bucket width depends only on the time covered, and the counts not on the order', () => {
    expect(timelineWidth(0, 4_990)).to.equal(10);
    expect(timelineWidth(0, 5_000)).to.equal(50);
    expect(timelineWidth(0, 3_600_000)).to.equal(10_000);
    expect(timelineWidth(0, 86_400_000 * 30)).to.equal(21_600_000);
    const r = seeded(5);
    const times = Array.from({ length: 5000 }, () => T0 + Math.floor(r() * 86_400_000));
    const a = new TimelineCounter();
    const b = new TimelineCounter();
    times.forEach((t, i) => a.add(t, i % 7 === 0));
    [...times.keys()].reverse().forEach((i) => b.add(times[i]!, i % 7 === 0));
    const ra = a.result();
    expect(ra).to.deep.equal(b.result());
    expect(ra.bucket_ms).to.equal(timelineWidth(Math.min(...times), Math.max(...times)));
    expect(ra.buckets.length).to.be.at.most(500);
    expect(ra.buckets.reduce((n, x) => n + x.events, 0)).to.equal(5000);
    const first = ra.buckets[0]!;
    expect(Date.parse(first.start) % ra.bucket_ms).to.equal(0);
    expect(first.events).to.equal(times.filter((t) => Math.floor(t / ra.bucket_ms) * ra.bucket_ms === Date.parse(first.start)).length);
  });
});

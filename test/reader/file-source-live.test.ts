import { expect } from 'chai';
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { openFileSource } from '../../src/reader/file-source.js';
import type { FileSource, FileSourceOptions } from '../../src/reader/file-source.js';
import { parseFilterTerms } from '../../src/reader/filter-terms.js';
import type { SourceUpdate } from '../../src/reader/source.js';
import { waitUntil } from '../helpers/delay.js';
import { waitFor } from '../cli/run-bin.js';
import { conversation, toLines, traceId } from '../helpers/conversations.js';

const T0 = Date.parse('2026-05-15T10:00:00.000Z');
const conv = (n: number, agent = 'a'): ReturnType<typeof conversation> =>
  conversation({ trace: traceId(n), user: `u${n}`, agent, start: T0 + n * 1000, message: `m${n}` });

describe('reader/file source: following, rotation and standard input', function () {
  this.timeout(30000);
  let dir: string;
  let sources: FileSource[];
  const open = async (o: FileSourceOptions): Promise<FileSource> => {
    const s = openFileSource(o);
    sources.push(s);
    await s.ready();
    return s;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-source-live-'));
    sources = [];
  });
  afterEach(async () => {
    for (const s of sources) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('updates the index as lines are appended, tells watchers (events and changed rows), and keeps filtered lists current', async () => {
    const path = join(dir, 'app.jsonl');
    writeFileSync(path, toLines(conv(1)));
    const s = await open({ input: { kind: 'file', path }, follow: true, pollMs: 20 });
    const updates: SourceUpdate[] = [];
    const stop = s.watch((u) => updates.push(u));
    expect((await s.traces({ terms: parseFilterTerms('agent=zed') })).total).to.equal(0);
    const two = conv(2, 'zed');
    appendFileSync(path, toLines(two.slice(0, 3)));
    await waitFor(() => updates.some((u) => u.events.length > 0), 'the first update');
    appendFileSync(path, toLines(two.slice(3)));
    await waitFor(() => updates.flatMap((u) => u.events).length === 7, 'all new events');
    const events = updates.flatMap((u) => u.events);
    expect(events).to.deep.equal(two);
    const last = updates.filter((u) => u.traces.length > 0).pop()!;
    expect(last.traces.map((t) => [t.trace_id, t.events, t.agents])).to.deep.equal([[traceId(2), 7, ['zed']]]);
    expect(last.state).to.include({ live: true, loading: false, traces: 2 });
    expect((await s.traces({ terms: parseFilterTerms('agent=zed') })).traces.map((t) => t.trace_id)).to.deep.equal([traceId(2)]);
    expect((await s.trace(traceId(2)))!.events).to.deep.equal(two);
    stop();
    const seen = updates.length;
    appendFileSync(path, toLines(conv(3)));
    await waitUntil(async () => (await s.traces({})).total === 3, 'the third trace');
    expect(updates.length).to.equal(seen);
  });

  it('follows rename rotation (then gzip of the rotated file) and copy-truncate: traces across the files stay readable', async () => {
    const path = join(dir, 'app.jsonl');
    const one = conv(1);
    const two = conv(2);
    writeFileSync(path, toLines([...one.slice(0, 4), ...two.slice(0, 2)]));
    const s = await open({ input: { kind: 'file', path }, follow: true, pollMs: 20 });
    const events = async (n: number): Promise<number> => (await s.traces({ limit: 10 })).traces.find((t) => t.trace_id === traceId(n))?.events ?? 0;

    const rotated = `${path}.20261124-120000-000`;
    renameSync(path, rotated);
    writeFileSync(path, toLines([...one.slice(4), ...two.slice(2, 4)]));
    await waitUntil(async () => (await events(1)) === 7, 'trace 1 complete after rename rotation');
    expect((await s.trace(traceId(1)))!.events).to.deep.equal(one);

    writeFileSync(rotated + '.gz', gzipSync(readFileSync(rotated)));
    unlinkSync(rotated);
    expect((await s.trace(traceId(1)))!.events).to.deep.equal(one);

    const copy = `${path}.20261124-130000-000`;
    copyFileSync(path, copy);
    truncateSync(path, 0);
    appendFileSync(path, toLines(two.slice(4)));
    await waitUntil(async () => (await events(2)) === 7, 'trace 2 complete after copy-truncate');
    expect((await s.trace(traceId(2)))!.events).to.deep.equal(two);
    expect((await s.trace(traceId(1)))!.events).to.deep.equal(one);
  });

  it('a file truncated without a copy takes its traces with it', async () => {
    const path = join(dir, 'app.jsonl');
    writeFileSync(path, toLines([...conv(1), ...conv(2)]));
    const s = await open({ input: { kind: 'file', path }, follow: true, pollMs: 20 });
    truncateSync(path, 0);
    appendFileSync(path, toLines(conv(3)));
    await waitUntil(async () => (await s.traces({})).total === 1, 'only the new trace');
    expect((await s.traces({})).state.evicted).to.equal(2);
    expect((await s.trace(traceId(3)))!.events).to.deep.equal(conv(3));
  });

  it('indexes standard input through a spool: segments cut at line ends, the oldest dropped past the budget with their traces', async () => {
    const stream = new PassThrough();
    const s = openFileSource({ input: { kind: 'stream', stream, name: '<stdin>' }, spool: { dir, segmentBytes: 8192, maxBytes: 40_000 }, pollMs: 20 });
    sources.push(s);
    const all = Array.from({ length: 60 }, (_, i) => conv(i));
    for (const c of all) stream.write(toLines(c));
    stream.end();
    await waitUntil(async () => !(await s.traces({})).state.live, 'the end of the stream');
    const page = await s.traces({ limit: 100, sort: 'start', order: 'asc' });
    expect(page.state.label, JSON.stringify(page.state)).to.equal("<stdin>");
    expect(page.state.evicted, JSON.stringify(page)).to.be.greaterThan(0);
    expect(page.total + page.state.evicted).to.equal(60);
    expect(page.traces[page.traces.length - 1]!.trace_id).to.equal(traceId(59));
    for (const t of page.traces) expect((await s.trace(t.trace_id))!.events, t.trace_id).to.deep.equal(all[parseInt(t.trace_id.slice(4), 16)]);
    expect(readdirSync(dir).filter((n) => n.startsWith('muxi-spool-'))).to.have.length(1);
    await s.close();
    expect(readdirSync(dir).filter((n) => n.startsWith('muxi-spool-'))).to.deep.equal([]);
  });

  it('a stream without a spool is read once and cannot be indexed', async () => {
    const stream = new PassThrough();
    stream.end(toLines(conv(1)));
    const s = openFileSource({ input: { kind: 'stream', stream } });
    sources.push(s);
    expect(() => s.watch(() => undefined)).to.throw(/spool/);
    let n = 0;
    const r = await s.events({}, (items) => { n += items.length; });
    expect([n, r.matched, r.skipped]).to.deep.equal([7, 7, 0]);
    let err: unknown;
    try { await s.events({}, () => undefined); } catch (e) { err = e; }
    expect(String(err)).to.match(/read only once/);
  });
});

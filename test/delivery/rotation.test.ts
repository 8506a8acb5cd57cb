import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Tracer, createFileSink, defaultConfig } from '../../src/index.js';
import { ROTATED_SUFFIX_RE, compareRotated, dedupeRotated, listRotated, parseRotatedName, rotatedName } from '../../src/sinks/rotated-names.js';
import type { TracingConfig } from '../../src/index.js';
import { nextBoundary } from '../../src/sinks/file-rotation.js';
import { tick } from '../helpers/delay.js';
import { readAllEvents, readAllLines, tempDir, waitFor } from './read-traces.js';

function cfg(file: string, extra: Partial<TracingConfig> = {}): TracingConfig {
  return { ...defaultConfig(), stdout: false, file, ...extra };
}

describe('rotated file names', () => {
  it('are PATH.<UTC YYYYMMDD-HHmmss-SSS>[.n] and parse back', () => {
    const d = new Date('2026-11-24T10:15:22.123Z');
    expect(rotatedName('traces/app.jsonl', d, 0)).to.equal('traces/app.jsonl.20261124-101522-123');
    expect(rotatedName('traces/app.jsonl', d, 2)).to.equal('traces/app.jsonl.20261124-101522-123.2');
    expect(ROTATED_SUFFIX_RE.test('.20261124-101522-123.2.gz')).to.equal(true);
    expect(ROTATED_SUFFIX_RE.test('.20261124-101522-123.gz.tmp')).to.equal(false);
    expect(parseRotatedName('traces/app.jsonl', 'app.jsonl.20261124-101522-123.gz')).to.include({ stamp: '20261124-101522-123', seq: 0, gz: true });
    expect(parseRotatedName('traces/app.jsonl', 'app.jsonl')).to.equal(undefined);
    expect(parseRotatedName('traces/app.jsonl', 'app.jsonl.old')).to.equal(undefined);
  });

  it('sort in time order, sequence after stamp, and dedupe an X / X.gz pair', () => {
    const p = 'app.jsonl';
    const names = ['app.jsonl.20261124-101522-124.gz', 'app.jsonl.20261124-101522-123.1.gz', 'app.jsonl.20261124-101522-123.gz', 'app.jsonl.20261124-101522-123'];
    const parsed = names.map((n) => parseRotatedName(p, n)!).sort(compareRotated);
    expect(parsed.map((f) => f.path)).to.deep.equal([
      'app.jsonl.20261124-101522-123', 'app.jsonl.20261124-101522-123.gz', 'app.jsonl.20261124-101522-123.1.gz', 'app.jsonl.20261124-101522-124.gz',
    ]);
    expect(dedupeRotated(parsed).map((f) => f.path)).to.deep.equal([
      'app.jsonl.20261124-101522-123', 'app.jsonl.20261124-101522-123.1.gz', 'app.jsonl.20261124-101522-124.gz',
    ]);
  });

  it('interval boundaries are aligned in UTC', () => {
    const now = Date.UTC(2026, 10, 24, 10, 15, 22, 123);
    expect(nextBoundary('1d', now)).to.equal(Date.UTC(2026, 10, 25));
    expect(nextBoundary('1h', now)).to.equal(Date.UTC(2026, 10, 24, 11));
    expect(nextBoundary('15m', now)).to.equal(Date.UTC(2026, 10, 24, 10, 30));
    expect(nextBoundary('1s', now)).to.equal(Date.UTC(2026, 10, 24, 10, 15, 23));
    expect(nextBoundary('1M', now)).to.equal(Date.UTC(2026, 11, 1));
    expect(nextBoundary('2M', Date.UTC(2026, 11, 5))).to.equal(Date.UTC(2027, 0, 1));
  });
});

describe('file rotation', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('loses nothing across rotation: 200,000 events from 40 concurrent producers, 256K files, gzip', async function () {
    this.timeout(120_000);
    const file = join(dir, 'big.jsonl');
    const t = new Tracer({ env: false, stdout: false, file, fileMaxSize: '256K', fileMaxFiles: 100_000, fileCompress: 'gzip' });
    const producers = 40;
    const perProducer = 5000;
    const ids: string[] = [];
    const produce = (p: number): Promise<void> =>
      t.startTrace({}, async () => {
        ids[p] = t.currentTraceId()!;
        for (let i = 0; i < perProducer; i++) {
          t.trace('load', 'tick', `producer ${p} event ${i}`, { data: { p, i } });
          if (i % 7 === 0) await null;
          if (i % 500 === 499) await tick();
        }
      });
    await Promise.all(Array.from({ length: producers }, (_, p) => produce(p)));
    await t.shutdown();

    const rotated = listRotated(file);
    expect(rotated.length).to.be.greaterThan(50);
    expect(rotated.every((f) => f.gz), 'every rotated file compressed after shutdown').to.equal(true);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).to.deep.equal([]);
    for (const f of rotated) expect(statSync(f.path).mode & 0o777).to.equal(0o640);

    const seen = new Map<string, number>();
    const next = new Array<number>(producers).fill(0);
    let total = 0;
    for (const line of readAllLines(file)) {
      const e = JSON.parse(line) as { trace_id: string; data: { p: number; i: number } };
      const { p, i } = e.data;
      expect(e.trace_id).to.equal(ids[p]);
      expect(i, `producer ${p} in order, exactly once`).to.equal(next[p]);
      next[p]!++;
      seen.set(`${p}:${i}`, 1);
      total++;
    }
    expect(total).to.equal(producers * perProducer);
    expect(seen.size).to.equal(producers * perProducer);
  });

  it('keeps at most fileMaxFiles rotated files, dropping the oldest', async () => {
    const file = join(dir, 'prune.jsonl');
    const sink = createFileSink(cfg(file, { fileMaxSize: '1K', fileMaxFiles: 3, fileCompress: 'gzip' }));
    const t = new Tracer({ env: false, stdout: false, sinks: [sink] });
    for (let i = 0; i < 60; i++) {
      t.trace('c', 'op', 'z'.repeat(200), { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', data: { i } });
      await t.flush();
    }
    await t.shutdown();
    await sink.idle();
    const left = dedupeRotated(listRotated(file));
    expect(sink.stats().rotations).to.be.greaterThan(10);
    expect(left).to.have.length(3);
    // what is left is the newest events, still in order, ending with the last one
    const is = readAllEvents(file).map((e) => (e.data as { i: number }).i);
    expect(is[is.length - 1]).to.equal(59);
    expect(is).to.deep.equal([...is].sort((a, b) => a - b));
    expect(is.length).to.be.lessThan(60);
  });

  it('rotates on an interval (1s) and writes nothing empty', async function () {
    this.timeout(15_000);
    const file = join(dir, 'interval.jsonl');
    const sink = createFileSink(cfg(file, { fileInterval: '1s', fileCompress: 'none' }));
    // Count the interval's ticks (each calls rotate()), to wait for ticks rather than for a time.
    let ticks = 0;
    const rotate = sink.rotate.bind(sink);
    sink.rotate = (): void => {
      ticks++;
      rotate();
    };
    const t = new Tracer({ env: false, stdout: false, sinks: [sink] });
    t.trace('c', 'op', 'before', { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    await waitFor(() => listRotated(file).length >= 1);
    t.trace('c', 'op', 'after', { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    await waitFor(() => listRotated(file).length >= 2);
    const [first, second] = listRotated(file);
    expect(readFileSync(first!.path, 'utf8')).to.include('"message":"before"');
    expect(readFileSync(second!.path, 'utf8')).to.include('"message":"after"');
    // with nothing new written, the next ticks make no empty rotated files
    const seen = ticks;
    await waitFor(() => ticks >= seen + 2);
    expect(listRotated(file)).to.have.length(2);
    await t.shutdown();
    expect(readAllEvents(file).map((e) => e.message)).to.deep.equal(['before', 'after']);
  });

  it('a rotation in the same millisecond as an existing name gets a sequence suffix', async () => {
    const file = join(dir, 'seq.jsonl');
    const sink = createFileSink(cfg(file, { fileCompress: 'none', fileMaxFiles: 100_000 }));
    const t = new Tracer({ env: false, stdout: false, sinks: [sink] });
    t.trace('c', 'op', 'x', { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    await t.flush();
    // The clock held at one millisecond whose name another process already took (a fixed
    // clock, not a race against the real one on a busy machine).
    const now = Date.now() + 1000;
    writeFileSync(rotatedName(file, new Date(now), 0), '');
    const realNow = Date.now;
    Date.now = () => now;
    try {
      sink.rotate();
    } finally {
      Date.now = realNow;
    }
    const mine = listRotated(file).filter((f) => f.seq > 0);
    expect(mine).to.have.length(1);
    expect(readFileSync(mine[0]!.path, 'utf8')).to.include('"message":"x"');
    await t.shutdown();
  });

  it('finishes, at the first write, what an interrupted compression left behind', async () => {
    const file = join(dir, 'recover.jsonl');
    const old = rotatedName(file, new Date(Date.UTC(2026, 0, 1)), 0);
    writeFileSync(old, '{"old":1}\n');
    writeFileSync(`${old}.gz.tmp`, 'partial');
    const sink = createFileSink(cfg(file, { fileCompress: 'gzip' }));
    await sink.idle();
    expect(existsSync(`${old}.gz.tmp`), 'nothing touched before the first write').to.equal(true);
    const t = new Tracer({ env: false, stdout: false, sinks: [sink] });
    t.trace('c', 'op', 'first', { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    await t.flush();
    await sink.idle();
    expect(existsSync(`${old}.gz.tmp`)).to.equal(false);
    expect(existsSync(old)).to.equal(false);
    expect(gunzipSync(readFileSync(`${old}.gz`)).toString()).to.equal('{"old":1}\n');
    await sink.close!();
  });
});

import { expect } from 'chai';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemorySink, Tracer, createFileSink, defaultConfig, failureCounts } from '../../src/index.js';
import type { Sink } from '../../src/index.js';
import { resetFailures } from '../../src/errors.js';
import { tick } from '../helpers/delay.js';
import { captureStderr, tempDir } from './read-traces.js';

const TID = '4bf92f3577b34da6a3ce929d0e0e4736';

function emit(t: Tracer, n: number, from = 0): void {
  for (let i = from; i < from + n; i++) t.trace('c', 'op', `event ${i}`, { traceId: TID, data: { i } });
}

describe('failure isolation', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    resetFailures();
  });
  afterEach(() => cleanup());

  it('a sink that throws: the others get everything, the error is reported once and counted', async () => {
    const mem = new MemorySink();
    const thrower: Sink = { name: 'thrower', write: () => { throw new Error('boom'); } };
    const t = new Tracer({ env: false, stdout: false, sinks: [thrower, mem] });
    const err = await captureStderr(async () => {
      emit(t, 1000);
      await t.flush();
    });
    expect(mem.events).to.have.length(1000);
    expect(err.match(/muxi-tracing: sink 'thrower' write failed: boom/g)).to.have.length(1);
    expect(failureCounts().get("sink 'thrower' write failed")).to.equal(1000);
    expect(t.stats().failures).to.equal(1000);
    await t.shutdown();
  });

  it('a sink whose flush rejects, and one whose flush never resolves: flush() returns after the bounded wait', async () => {
    const mem = new MemorySink();
    const rejecter: Sink = { name: 'rejecter', write: () => {}, flush: () => Promise.reject(new Error('nope')) };
    const hanger: Sink = { name: 'hanger', write: () => {}, flush: () => new Promise<void>(() => {}), close: () => new Promise<void>(() => {}) };
    const t = new Tracer({ env: false, stdout: false, flushTimeoutMs: 150, sinks: [rejecter, hanger, mem] });
    const err = await captureStderr(async () => {
      emit(t, 10);
      await t.flush();
      emit(t, 10, 10);
      await t.flush();
      await t.shutdown();
    });
    expect(mem.events).to.have.length(20);
    expect(err).to.include("sink 'rejecter' flush failed: nope");
    expect(err).to.include("sink 'hanger' flush timed out");
    expect(err.match(/sink 'hanger' flush timed out/g)).to.have.length(1);
    expect(failureCounts().get("sink 'hanger' flush timed out")).to.equal(3);
    expect(failureCounts().get("sink 'rejecter' flush failed")).to.equal(3);
  });

  it('a file that fails on write (ENOSPC, /dev/full): reported once, counted, the others get everything', async () => {
    const mem = new MemorySink();
    // retryMs 0: every batch retries at once, so no waiting for a retry window
    const file = createFileSink({ ...defaultConfig(), file: '/dev/full' }, { retryMs: 0 });
    const t = new Tracer({ env: false, stdout: false, sinks: [file, mem] });
    const err = await captureStderr(async () => {
      for (let round = 0; round < 5; round++) {
        emit(t, 200, round * 200);
        await t.flush();
      }
      await t.shutdown();
    });
    const user = mem.events.filter((e) => e.component === 'c');
    expect(user).to.have.length(1000);
    expect(err.match(/file sink write failed/g)).to.have.length(1);
    expect(failureCounts().get('file sink write failed')).to.be.at.least(2);
    expect(file.stats().lost).to.be.at.least(1000);
    const drops = mem.events.filter((e) => e.component === 'tracing' && e.operation === 'events_dropped');
    expect(drops.length).to.be.at.least(1);
    expect(drops[0]).to.include({ level: 'WARN' });
    expect(drops[0]!.data).to.include({ sink: 'file' });
    expect(t.stats().dropped).to.be.at.least(1000);
  });

  it('a file whose directory is removed and blocked mid-run: the app goes on, the file recovers when it can', async () => {
    const mem = new MemorySink();
    const sub = join(dir, 'logs');
    const path = join(sub, 'app.jsonl');
    const file = createFileSink({ ...defaultConfig(), file: path }, { retryMs: 0, checkMs: 0 });
    const t = new Tracer({ env: false, stdout: false, sinks: [file, mem] });
    const err = await captureStderr(async () => {
      emit(t, 100, 0);
      await t.flush();
      rmSync(sub, { recursive: true });
      writeFileSync(sub, 'a file where the directory was'); // reopening fails with ENOTDIR, even as root
      emit(t, 100, 100);
      await t.flush();
      await tick();
      emit(t, 100, 200);
      await t.flush();
      rmSync(sub);
      emit(t, 100, 300);
      await t.flush();
      await t.shutdown();
    });
    expect(mem.events.filter((e) => e.component === 'c')).to.have.length(400);
    expect(err.match(/file sink reopen failed/g)).to.have.length(1);
    expect(err).to.include('the live file was removed or moved');
    expect(file.stats().lost).to.be.at.least(200);
    const onDisk = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { component: string; data: { i: number } });
    const is = onDisk.filter((e) => e.component === 'c').map((e) => e.data.i);
    expect(is).to.deep.equal(Array.from({ length: 100 }, (_, k) => 300 + k));
    // the loss was announced in the other sinks and, after recovery, in the file itself
    expect(mem.events.some((e) => e.operation === 'events_dropped' && (e.data as { sink: string }).sink === 'file')).to.equal(true);
    expect(onDisk.some((e) => e.component === 'tracing')).to.equal(true);
  });
});

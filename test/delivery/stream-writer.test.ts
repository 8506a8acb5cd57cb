import { expect } from 'chai';
import { closeSync, openSync, readFileSync, write } from 'node:fs';
import { join } from 'node:path';
import { MemorySink, Tracer, failureCounts } from '../../src/index.js';
import { StreamWriter } from '../../src/sinks/stream-writer.js';
import { resetFailures } from '../../src/errors.js';
import { tick } from '../helpers/delay.js';
import { captureStderr, tempDir } from './read-traces.js';

const TID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A target that holds every write's callback until released: a congested pipe. */
function heldTarget(): { chunks: string[]; release(): void; write(chunk: Uint8Array, cb: (err?: Error | null) => void): boolean } {
  const chunks: string[] = [];
  let held: Array<() => void> = [];
  return {
    chunks,
    write(chunk, cb) {
      chunks.push(Buffer.from(chunk).toString('utf8'));
      held.push(() => cb());
      return true;
    },
    release() {
      const h = held;
      held = [];
      for (const f of h) f();
    },
  };
}

describe('StreamWriter (stdout and other Writable targets)', () => {
  beforeEach(() => resetFailures());

  it('batches lines into one write per turn', async () => {
    const target = heldTarget();
    const w = new StreamWriter(target, { maxBytes: 1 << 20, sync: false });
    for (let i = 0; i < 100; i++) w.push(`line ${i}`);
    expect(target.chunks).to.have.length(0);
    await tick();
    expect(target.chunks).to.have.length(1);
    expect(target.chunks[0]!.split('\n')).to.have.length(101);
    target.release();
    await w.flush();
  });

  it('bounds memory: past maxBytes new lines are dropped and counted (drop newest), order of the rest kept', async () => {
    const target = heldTarget();
    let overflow = 0;
    const reports: number[] = [];
    const w = new StreamWriter(target, { maxBytes: 1000, sync: false, onOverflow: () => overflow++, onDrop: (n) => reports.push(n) });
    for (let i = 0; i < 500; i++) w.push(`line ${String(i).padStart(4, '0')}`);
    expect(w.pending).to.be.at.most(1000);
    expect(w.dropped).to.equal(500 - w.accepted);
    expect(overflow).to.equal(1);
    const flushed = w.flush();
    target.release();
    await flushed;
    expect(reports).to.deep.equal([w.dropped]);
    const lines = target.chunks.join('').split('\n').filter(Boolean);
    expect(lines).to.deep.equal(Array.from({ length: w.accepted }, (_, i) => `line ${String(i).padStart(4, '0')}`));
  });

  it('flushSync() writes through the fd when the target has one', () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'out.txt');
      const fd = openSync(path, 'a');
      const target = { fd, write: (c: Uint8Array, cb: (err?: Error | null) => void) => write(fd, c, (err) => cb(err)) };
      const w = new StreamWriter(target, { maxBytes: 1 << 20, sync: false });
      w.push('a');
      w.push('b');
      w.flushSync();
      expect(readFileSync(path, 'utf8')).to.equal('a\nb\n');
      closeSync(fd);
    } finally {
      cleanup();
    }
  });

  it('a regular file behind the target (node app > file): every line, in order, byte for byte, without a loop turn', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'stdout.txt');
      const fd = openSync(path, 'a');
      let asyncWrites = 0;
      const target = { fd, write: (_c: Uint8Array, cb: (err?: Error | null) => void) => { asyncWrites++; cb(); return true; } };
      const w = new StreamWriter(target, { maxBytes: 16 << 20, sync: false });
      const texts = ['plain', 'é ü ß', '東京で会議', '🙂 pair', 'x'.repeat(70_000), '東'.repeat(25_000), 'short', 'mid '.repeat(500)];
      const want: string[] = [];
      for (let i = 0; i < 4000; i++) {
        const line = i % 40 < 8 ? `${i} ${texts[i % 8]!}` : `${i} ${texts[i % 4]!} ${'y'.repeat(i % 300)}`;
        want.push(line);
        expect(w.push(line)).to.equal(true);
      }
      // No loop turn yet: full batches were written inline, the rest waits for flushSync().
      w.flushSync();
      expect(readFileSync(path, 'utf8') === want.join('\n') + '\n', 'the file holds exactly the lines').to.equal(true);
      expect(asyncWrites, 'nothing went through the async write').to.equal(0);
      w.push('after');
      await w.flush();
      expect(readFileSync(path, 'utf8').endsWith('\nafter\n')).to.equal(true);
      closeSync(fd);
    } finally {
      cleanup();
    }
  });

  it('a regular file with a small TRACING_QUEUE_MAX_BYTES: a producer that never yields loses nothing', () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'small-queue.txt');
      const fd = openSync(path, 'w');
      const w = new StreamWriter({ fd, write: () => true }, { maxBytes: 4 * 1024, sync: false });
      for (let i = 0; i < 20_000; i++) expect(w.push(`${i} ${'z'.repeat(100)}`)).to.equal(true);
      w.flushSync();
      expect(w.dropped).to.equal(0);
      expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).to.have.length(20_000);
      closeSync(fd);
    } finally {
      cleanup();
    }
  });

  it('a target that fails is reported once; later lines are dropped and counted', async () => {
    let errors = 0;
    const w = new StreamWriter({ write: (_c, cb) => cb(new Error('EPIPE')) }, { maxBytes: 1 << 20, sync: true, onError: () => errors++ });
    w.push('a');
    w.push('b');
    await w.flush();
    expect(errors).to.equal(1);
    expect(w.dropped).to.equal(1);
  });

  it('the tracer stdout sink: overflow is one stderr line, stats().dropped and a tracing:events_dropped event', async () => {
    const target = heldTarget();
    const realWrite = process.stdout.write;
    process.stdout.write = target.write as unknown as typeof process.stdout.write;
    // When mocha's stdout is a regular file the sink would write to its fd directly (as for
    // `node app > file`); hide the fd so the held target sees every write wherever stdout goes.
    const fdOwn = Object.getOwnPropertyDescriptor(process.stdout, 'fd');
    Object.defineProperty(process.stdout, 'fd', { value: undefined, configurable: true, writable: true });
    const mem = new MemorySink();
    let t: Tracer | undefined;
    const err = await captureStderr(async () => {
      try {
        t = new Tracer({ env: false, stdout: true, format: 'json', queueMaxBytes: 4096, sinks: [mem] });
        for (let i = 0; i < 200; i++) t.trace('c', 'op', `event ${i}`, { traceId: TID });
        // the pipe drains: release held writes until flush() has resolved
        let done = false;
        const flushed = t.flush().then(() => (done = true));
        while (!done) {
          target.release();
          await tick();
        }
        await flushed;
        const closed = t.shutdown().then(() => (done = false));
        while (done) {
          target.release();
          await tick();
        }
        await closed;
      } finally {
        process.stdout.write = realWrite;
        if (fdOwn) Object.defineProperty(process.stdout, 'fd', fdOwn);
        else delete (process.stdout as { fd?: unknown }).fd;
      }
    });
    const written = target.chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { component: string; message: string; data?: unknown });
    const dropped = t!.stats().dropped;
    expect(dropped).to.be.greaterThan(0);
    expect(written.filter((e) => e.component === 'c')).to.have.length(200 - dropped);
    expect(err.match(/muxi-tracing: stdout sink queue full/g)).to.have.length(1);
    expect(failureCounts().get('stdout sink queue full')).to.equal(1);
    const notice = mem.events.find((e) => e.operation === 'events_dropped');
    expect(notice).to.include({ component: 'tracing', level: 'WARN' });
    expect(notice!.data).to.deep.equal({ sink: 'stdout', dropped });
    // the notice reaches stdout too, once it has room again
    expect(written.some((e) => e.component === 'tracing')).to.equal(true);
  });
});

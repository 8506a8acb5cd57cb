import { expect } from 'chai';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemorySink, Tracer, TracingConfigError, createFileSink, defaultConfig } from '../../src/index.js';
import { jsonLine } from '../../src/format/json.js';
import type { TracingConfig } from '../../src/index.js';
import { tick } from '../helpers/delay.js';
import { readAllEvents, tempDir } from './read-traces.js';

const TID = '4bf92f3577b34da6a3ce929d0e0e4736';

function cfg(file: string, extra: Partial<TracingConfig> = {}): TracingConfig {
  return { ...defaultConfig(), stdout: false, file, ...extra };
}

describe('file sink', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('creates missing directories (0750) and the file with mode 0640 at most', async () => {
    const file = join(dir, 'a', 'b', 'trace.jsonl');
    const old = process.umask(0);
    let t: Tracer;
    try {
      t = new Tracer({ env: false, stdout: false, file });
    } finally {
      process.umask(old);
    }
    t.trace('c', 'op', 'hello', { traceId: TID });
    await t.shutdown();
    expect(statSync(file).mode & 0o777).to.equal(0o640);
    expect(statSync(join(dir, 'a', 'b')).mode & 0o777).to.equal(0o750);
    const [e] = readAllEvents(file);
    expect(e).to.include({ component: 'c', operation: 'op', message: 'hello', trace_id: TID });
  });

  it('throws one TracingConfigError naming TRACING_FILE for an unwritable path', () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const file = join(blocker, 'trace.jsonl');
    let err: unknown;
    try {
      new Tracer({ env: false, stdout: false, file });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(TracingConfigError);
    expect((err as TracingConfigError).setting).to.equal('TRACING_FILE');
    expect((err as Error).message).to.include('TRACING_FILE').and.include(file);
  });

  it('a burst that never yields still rotates near TRACING_FILE_MAX_SIZE (at most one line over)', async () => {
    const file = join(dir, 'small.jsonl');
    const t = new Tracer({ env: false, stdout: false, file, fileMaxSize: '4K', fileMaxFiles: 100, fileCompress: 'none' });
    for (let i = 0; i < 200; i++) t.trace('c', 'op', `event ${i} ` + 'x'.repeat(100), { traceId: TID });
    await t.shutdown();
    const files = readdirSync(dir).filter((n) => n.startsWith('small.jsonl'));
    expect(files.length).to.be.greaterThan(5);
    let lines = 0;
    for (const n of files) {
      const text = readFileSync(join(dir, n), 'utf8');
      const longest = Math.max(...text.split('\n').map((l) => l.length + 1));
      expect(Buffer.byteLength(text), n).to.be.at.most(4096 + longest);
      lines += text.split('\n').filter(Boolean).length;
    }
    expect(lines).to.equal(200);
  });

  it('an impossible directory (under /proc, where a recursive mkdir never returns) is a TracingConfigError too', () => {
    const file = '/proc/muxi-tracing-no-such-dir/trace.jsonl';
    expect(() => new Tracer({ env: false, stdout: false, file })).to.throw(TracingConfigError, /TRACING_FILE/);
  });

  it('reads the TRACING_FILE* variables from the environment', async () => {
    const file = join(dir, 'env.jsonl');
    const t = new Tracer({ env: { TRACING_FILE: file, TRACING_STDOUT: 'false', TRACING_FILE_MAX_SIZE: '1K', TRACING_FILE_COMPRESS: 'none' } });
    for (let i = 0; i < 40; i++) {
      t.trace('c', 'op', 'x'.repeat(100), { traceId: TID, data: { i } });
      await t.flush();
    }
    await t.shutdown();
    const events = readAllEvents(file);
    expect(events.map((e) => (e.data as { i: number }).i)).to.deep.equal([...Array(40).keys()]);
  });

  it('batches writes off the caller stack: nothing on disk until the loop turns, everything after flush()', async () => {
    const file = join(dir, 'batch.jsonl');
    const t = new Tracer({ env: false, stdout: false, file });
    t.trace('c', 'op', 'one', { traceId: TID });
    expect(readFileSync(file, 'utf8')).to.equal('');
    await t.flush();
    expect(readFileSync(file, 'utf8').split('\n')).to.have.length(2);
    await t.shutdown();
  });

  it('sync mode: each line is in the file when the call returns', async () => {
    const file = join(dir, 'sync.jsonl');
    const t = new Tracer({ env: false, stdout: false, file, sync: true });
    for (let i = 0; i < 5; i++) {
      t.trace('c', 'op', `line ${i}`, { traceId: TID });
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      expect(lines).to.have.length(i + 1);
      expect(JSON.parse(lines[i]!).message).to.equal(`line ${i}`);
    }
    await t.shutdown();
  });

  it('TRACING_SYNC=true selects sync mode', async () => {
    const file = join(dir, 'sync-env.jsonl');
    const t = new Tracer({ env: { TRACING_FILE: file, TRACING_STDOUT: 'false', TRACING_SYNC: 'true' } });
    t.trace('c', 'op', 'now', { traceId: TID });
    expect(readFileSync(file, 'utf8')).to.include('"message":"now"');
    await t.shutdown();
  });

  it('a producer that never yields keeps memory bounded: 64 KiB batches are written inline', () => {
    const file = join(dir, 'busy.jsonl');
    const sink = createFileSink(cfg(file));
    const t = new Tracer({ env: false, stdout: false, sinks: [sink] });
    for (let i = 0; i < 3000; i++) t.trace('c', 'op', 'y'.repeat(60), { traceId: TID, data: { i } });
    // no await: whatever is on disk was written inline, in whole lines
    const text = readFileSync(file, 'utf8');
    expect(text.length).to.be.greaterThan(64 * 1024);
    expect(text.endsWith('\n')).to.equal(true);
    sink.flushSync();
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).to.have.length(3000);
  });

  it('writes exactly the JSON lines, in order, for multi-byte text and lines longer than a batch', async () => {
    const file = join(dir, 'exact.jsonl');
    const mem = new MemorySink();
    const sink = createFileSink(cfg(file, { fileMaxSize: '1G' }));
    const t = new Tracer({ env: false, stdout: false, sinks: [sink, mem], maxDataBytes: 1024 * 1024, maxStringBytes: 512 * 1024 });
    const texts = ['plain', 'é ü ß', '東京で会議', '🙂 emoji pair', 'quote " backslash \\ tab \t', 'x'.repeat(70_000), '東'.repeat(40_000), 'mixed é'.repeat(5000)];
    for (let i = 0; i < 3000; i++) {
      const s = texts[i % texts.length]!;
      t.trace('c', i % 7 === 0 ? 'op_long' : 'op', i % 3 === 0 ? s : `event ${i}`, { traceId: TID, data: { i, s: i % 5 === 0 ? s : 'short' } });
    }
    sink.flushSync(); // no loop turn in between: batches were written inline
    const want = mem.events.map((e) => jsonLine(e) + '\n').join('');
    expect(readFileSync(file, 'utf8') === want, 'file content equals the JSON lines').to.equal(true);
    await t.shutdown();
  });

  it('appends to an existing file and ends a torn last line first', async () => {
    const file = join(dir, 'torn.jsonl');
    writeFileSync(file, '{"timestamp":"x"');
    const t = new Tracer({ env: false, stdout: false, file });
    t.trace('c', 'op', 'after', { traceId: TID });
    await t.shutdown();
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).to.equal('{"timestamp":"x"');
    expect(JSON.parse(lines[1]!).message).to.equal('after');
  });

  it('flush() and shutdown() are idempotent; events after shutdown are not written', async () => {
    const file = join(dir, 'idem.jsonl');
    const t = new Tracer({ env: false, stdout: false, file });
    t.trace('c', 'op', 'a', { traceId: TID });
    await Promise.all([t.flush(), t.flush()]);
    const p1 = t.shutdown();
    const p2 = t.shutdown();
    expect(p1).to.equal(p2);
    await p1;
    await t.flush();
    t.trace('c', 'op', 'late', { traceId: TID });
    await tick();
    expect(readAllEvents(file).map((e) => e.message)).to.deep.equal(['a']);
  });
});

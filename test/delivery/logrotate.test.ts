/**
 * The live file moved or deleted by another program (logrotate): a moved file is followed to
 * the new one within about a second and nothing is lost; a deleted file loses only what was
 * written before the next check (at most ~100 ms of batches); TRACING_FILE_REOPEN_SIGNAL reopens
 * at once, as logrotate's postrotate expects.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { Tracer, TracingConfigError, createFileSink, defaultConfig } from '../../src/index.js';
import { configFromEnv } from '../../src/config.js';
import { resetFailures } from '../../src/errors.js';
import { repoRoot } from '../helpers/run-node.js';
import { captureStderr, tempDir } from './read-traces.js';

function numbers(path: string): number[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { data: { i: number } }).data.i);
}

/** Emits events `from..to-1`, one per turn of the event loop (as an app serving requests does). */
async function emitSlowly(t: Tracer, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    t.trace('app', 'tick', `event ${i}`, { data: { i } });
    await new Promise((r) => setImmediate(r));
  }
}

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('delivery: the live file moved or deleted by logrotate', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    resetFailures();
  });
  afterEach(() => cleanup());

  it('moved away (logrotate create): the sink follows to the new file, nothing is lost', async () => {
    const path = join(dir, 'app.jsonl');
    const t = new Tracer({ env: false, stdout: false, sinks: [createFileSink({ ...defaultConfig(), file: path })] });
    await captureStderr(async () => {
      await emitSlowly(t, 0, 100);
      await t.flush();
      renameSync(path, `${path}.1`);
      writeFileSync(path, '', { mode: 0o640 });
      let i = 100;
      // Keep writing until lines reach the new file (the check runs at most every 100 ms).
      while (numbers(path).length === 0) {
        await emitSlowly(t, i, i + 10);
        i += 10;
        await t.flush();
        if (i > 100_000) throw new Error('never reopened');
      }
      await emitSlowly(t, i, i + 50);
      await t.shutdown();
      const all = [...numbers(`${path}.1`), ...numbers(path)];
      expect(all).to.deep.equal(Array.from({ length: i + 50 }, (_, k) => k));
      expect(numbers(path).at(-1)).to.equal(i + 49);
    });
  });

  it('deleted: only what was written before the next check is lost; later events reach the new file', async () => {
    const path = join(dir, 'app.jsonl');
    const sink = createFileSink({ ...defaultConfig(), file: path });
    const t = new Tracer({ env: false, stdout: false, sinks: [sink] });
    const err = await captureStderr(async () => {
      await emitSlowly(t, 0, 50);
      await t.flush();
      rmSync(path);
      let i = 50;
      while (!existsSync(path)) {
        await emitSlowly(t, i, i + 5);
        i += 5;
        await t.flush();
        if (i > 100_000) throw new Error('never reopened');
      }
      await emitSlowly(t, i, i + 50);
      await t.shutdown();
      const kept = numbers(path);
      // Everything from the reopen on is there, in order, and the window was short.
      expect(kept.slice(-50)).to.deep.equal(Array.from({ length: 50 }, (_, k) => i + k));
      expect(kept[0]).to.be.at.most(i);
      expect(sink.stats().lost).to.equal(0); // written to the deleted file: gone, but not counted as a write failure
    });
    expect(err).to.include('the live file was removed or moved, reopening');
  });

  it('TRACING_FILE_REOPEN_SIGNAL reopens at once (the app has its own listener too, which still runs)', async () => {
    const path = join(dir, 'app.jsonl');
    const t = new Tracer({ env: false, stdout: false, file: path, fileReopenSignal: 'SIGUSR2' });
    let appSaw = 0;
    const appListener = (): void => { appSaw++; };
    process.on('SIGUSR2', appListener);
    try {
      await emitSlowly(t, 0, 20);
      renameSync(path, `${path}.1`); // logrotate moves it ...
      process.kill(process.pid, 'SIGUSR2'); // ... and postrotate signals
      await until(() => existsSync(path), 'the reopened file');
      await emitSlowly(t, 20, 40);
      await t.shutdown();
      expect(numbers(`${path}.1`)).to.deep.equal(Array.from({ length: 20 }, (_, k) => k));
      expect(numbers(path)).to.deep.equal(Array.from({ length: 20 }, (_, k) => 20 + k));
      expect(appSaw).to.equal(1);
      expect(process.listenerCount('SIGUSR2')).to.equal(1); // ours is removed on shutdown
    } finally {
      process.off('SIGUSR2', appListener);
    }
  });

  it('with no listener of the app, SIGHUP reopens the file and no longer ends the process (real process)', async () => {
    const path = join(dir, 'app.jsonl');
    const code = `
      const { tracer } = await import('./src/index.ts');
      for (let i = 0; i < 10; i++) tracer.trace('app', 'tick', 'before', { data: { i } });
      await tracer.flush();
      process.stdout.write('ready\\n');
      await new Promise((r) => process.stdin.once('data', r));
      for (let i = 10; i < 20; i++) tracer.trace('app', 'tick', 'after', { data: { i } });
      await tracer.flush();
      process.stdout.write('done\\n');
      process.stdin.destroy();`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, TRACING_FILE: path, TRACING_STDOUT: 'false', TRACING_FILE_REOPEN_SIGNAL: 'hup' },
    });
    let out = '';
    let errText = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { errText += d.toString(); });
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    await until(() => out.includes('ready'), 'the app to start');
    renameSync(path, `${path}.1`);
    child.kill('SIGHUP');
    await until(() => existsSync(path), 'the reopened file');
    child.stdin!.write('go\n');
    expect(await exited, errText).to.equal(0);
    expect(out).to.include('done');
    expect(numbers(`${path}.1`)).to.deep.equal(Array.from({ length: 10 }, (_, k) => k));
    expect(numbers(path)).to.deep.equal(Array.from({ length: 10 }, (_, k) => 10 + k));
  });

  it('TRACING_FILE_REOPEN_SIGNAL is validated', () => {
    expect(configFromEnv({ TRACING_FILE_REOPEN_SIGNAL: 'hup' }).fileReopenSignal).to.equal('SIGHUP');
    expect(configFromEnv({ TRACING_FILE_REOPEN_SIGNAL: 'SIGUSR1' }).fileReopenSignal).to.equal('SIGUSR1');
    expect(configFromEnv({ TRACING_FILE_REOPEN_SIGNAL: 'off' }).fileReopenSignal).to.equal(undefined);
    expect(() => configFromEnv({ TRACING_FILE_REOPEN_SIGNAL: 'SIGKILL' })).to.throw(TracingConfigError, /TRACING_FILE_REOPEN_SIGNAL="SIGKILL" is invalid: expected one of SIGHUP, SIGUSR1, SIGUSR2/);
    expect(() => new Tracer({ env: false, stdout: false, fileReopenSignal: 'SIGINT' as never })).to.throw(TracingConfigError, /fileReopenSignal/);
  });
});

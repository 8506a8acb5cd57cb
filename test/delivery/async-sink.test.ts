/**
 * A sink written the natural way, `async write(e) { await post(e) }`: its rejections never take
 * the app down, are counted and reported once, and the other sinks get everything; `flush()`
 * waits for the writes in flight.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { MemorySink, Tracer, failureCounts } from '../../src/index.js';
import type { Sink, TraceEvent } from '../../src/index.js';
import { resetFailures } from '../../src/errors.js';
import { repoRoot } from '../helpers/run-node.js';
import { captureStderr, tempDir } from './read-traces.js';

describe('delivery: async sinks', () => {
  beforeEach(() => resetFailures());

  it('a rejecting async write: the app lives, the others get every event, the failure is reported once and counted', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (r: unknown): void => { unhandled.push(r); };
    process.on('unhandledRejection', onUnhandled);
    try {
      const mem = new MemorySink();
      const down: Sink = { name: 'down', async write() { await Promise.resolve(); throw new Error('collector down'); } };
      const t = new Tracer({ env: false, stdout: false, sinks: [down, mem] });
      const err = await captureStderr(async () => {
        for (let i = 0; i < 500; i++) t.trace('app', 'op', `event ${i}`);
        await t.flush();
        await t.shutdown();
        t.trace('app', 'late', 'after shutdown'); // ignored, not a crash
        await new Promise((r) => setImmediate(r));
      });
      expect(mem.events.filter((e) => e.component === 'app')).to.have.length(500);
      expect(err.match(/muxi-tracing: sink 'down' write failed: collector down/g)).to.have.length(1);
      expect(failureCounts().get("sink 'down' write failed")).to.equal(500);
      expect(t.stats().failures).to.equal(500);
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('flush() waits for async writes in flight (a sink with no flush of its own)', async () => {
    const delivered: string[] = [];
    const slow: Sink = {
      name: 'slow',
      async write(e: TraceEvent) {
        await new Promise((r) => setTimeout(r, 1 + (delivered.length % 3)));
        delivered.push(e.message);
      },
    };
    const t = new Tracer({ env: false, stdout: false, sinks: [slow] });
    for (let i = 0; i < 50; i++) t.trace('app', 'op', `event ${i}`);
    await t.flush();
    expect(delivered).to.have.length(50);
    await t.shutdown();
  });

  it('an app whose external collector is down runs to the end, exits 0, and its file holds every event (real process)', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'app.jsonl');
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/async-sink-app.ts'], {
        cwd: repoRoot, encoding: 'utf8', timeout: 60_000,
        env: { ...process.env, TRACING_FILE: file, TRACING_STDOUT: 'false', CONVERSATIONS: '50' },
      });
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.equal('done 50\n');
      expect(r.stderr.match(/muxi-tracing: sink 'collector' write failed: collector down/g)).to.have.length(1);
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceEvent);
      expect(lines).to.have.length(50 * 4); // user:message, agent:process_start, agent:response, orchestrator:response
      expect(new Set(lines.map((e) => e.trace_id)).size).to.equal(50);
    } finally {
      cleanup();
    }
  });
});

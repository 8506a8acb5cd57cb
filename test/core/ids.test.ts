/**
 * Ids are random, W3C-shaped and independent strings: an id the app keeps (in a cache, a
 * database row, a pending promise's context) must not keep alive the block it was cut from.
 */
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { isSpanId, isTraceId, newSpanId, newTraceId } from '../../src/ids.js';
import { repoRoot } from '../helpers/run-node.js';

describe('core: ids', () => {
  it('are well-formed and distinct', () => {
    const traces = new Set<string>();
    const spans = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const t = newTraceId();
      const s = newSpanId();
      expect(isTraceId(t), t).to.equal(true);
      expect(isSpanId(s), s).to.equal(true);
      expect(t[12]).to.equal('4'); // a v4 UUID
      traces.add(t);
      spans.add(s);
    }
    expect(traces.size).to.equal(20_000);
    expect(spans.size).to.equal(20_000);
  });

  it('a kept id does not keep its block alive (one id kept per block of 512 or 1,024)', () => {
    // 2,000 blocks of each kind; keeping one id of each block would pin 2,000 x (8 + 16) KiB = 48 MiB if ids were views.
    const code = `
      const { newSpanId, newTraceId } = await import('./src/ids.ts');
      const kept = [];
      globalThis.gc();
      const before = process.memoryUsage().heapUsed;
      for (let b = 0; b < 2000; b++) {
        kept.push(newTraceId(), newSpanId());
        for (let i = 1; i < 512; i++) newTraceId();
        for (let i = 1; i < 1024; i++) newSpanId();
      }
      globalThis.gc();
      console.log(JSON.stringify({ grew: process.memoryUsage().heapUsed - before, kept: kept.length }));`;
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', code], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).to.equal(0);
    const { grew, kept } = JSON.parse(r.stdout) as { grew: number; kept: number };
    expect(kept).to.equal(4000);
    expect(grew).to.be.below(8 * 1024 * 1024);
  });
});

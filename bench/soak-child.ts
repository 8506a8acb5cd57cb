/**
 * The soak run's child: `node soak-child.js <conversations> <result.json>`, with TRACING_FILE
 * and the rotation settings in its environment (see `soak.ts`).
 * @module
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tracer } from 'muxi-tracing';
import { EVENTS_PER_CONVERSATION } from './workload/app.js';
import { mixinConversation } from './workload/mixins.js';
import type { SoakResult, SoakSample } from './soak.js';

const [nArg = '1000000', resultFile = ''] = process.argv.slice(2);
const n = Number(nArg);
const file = process.env['TRACING_FILE'] ?? '';
const dir = dirname(file);
const base = basename(file);
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});

function sample(conversations: number, t0: number): SoakSample {
  gc();
  const m = process.memoryUsage();
  let files = 0;
  let bytes = 0;
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(base)) continue;
    files++;
    try {
      bytes += statSync(join(dir, f)).size;
    } catch {
      // rotated away meanwhile
    }
  }
  return {
    conversations, seconds: (performance.now() - t0) / 1000, rssMB: m.rss / 2 ** 20, heapUsedMB: m.heapUsed / 2 ** 20,
    fds: readdirSync('/proc/self/fd').length, handles: process.getActiveResourcesInfo().length, files, diskMB: bytes / 2 ** 20,
  };
}

async function main(): Promise<void> {
  const call = mixinConversation();
  const samples: SoakSample[] = [];
  const every = Math.max(1, Math.floor(n / 20));
  const t0 = performance.now();
  samples.push(sample(0, t0));
  for (let i = 0; i < n; i++) {
    await call(i);
    if (i % 100 === 99) await new Promise((r) => setImmediate(r));
    if ((i + 1) % every === 0) samples.push(sample(i + 1, t0));
  }
  await tracer.flush();
  const s = tracer.stats();
  await tracer.shutdown();
  const result: SoakResult = { conversations: n, events: s.written, samples, lost: s.dropped };
  writeFileSync(resultFile, JSON.stringify({ ...result, expectedEvents: n * EVENTS_PER_CONVERSATION }));
}

main().catch((err: unknown) => {
  process.stderr.write(`soak child failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});

/**
 * The bounded-queue measurement: 1,000,000 events through a sink slower than the producer.
 * `node --expose-gc slow-sink.js <events> <result.json> [bytesPerSecond]`
 *
 * The sink is the stdout sink (the core's bounded, batching `StreamWriter`) over a target that
 * writes one chunk at a time at 2 MB/s by default (8 MB/s in quick mode), like a congested pipe or a slow disk. The
 * producer emits events as fast as it can, letting the event loop turn every 1,000 events (as
 * any app doing I/O does). Reported: peak RSS growth over the warmed-up baseline, events
 * accepted and dropped (the overflow policy), and the time taken.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { Tracer, createStdoutSink, defaultConfig } from 'muxi-tracing';

/** The sink's default throughput: 2 MB/s, one chunk at a time (a slow disk or a congested pipe). */
const DEFAULT_BYTES_PER_SECOND = 2_000_000;

/** What the measurement reports. */
export interface SlowSinkResult {
  events: number;
  bytesPerSecond: number;
  queueMaxBytes: number;
  baselineRssMB: number;
  peakRssMB: number;
  growthMB: number;
  accepted: number;
  dropped: number;
  bytesDelivered: number;
  produceMs: number;
  drainMs: number;
}

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 1_000_000);
  const resultFile = process.argv[3] ?? '';
  const bytesPerMs = Number(process.argv[4] ?? DEFAULT_BYTES_PER_SECOND) / 1000;
  let bytes = 0;
  let doneAt = 0;
  const slow = {
    write(chunk: Uint8Array, cb: (err?: Error | null) => void): boolean {
      bytes += chunk.length;
      const now = performance.now();
      doneAt = Math.max(doneAt, now) + chunk.length / bytesPerMs;
      setTimeout(cb, doneAt - now);
      return true;
    },
  };
  const config = { ...defaultConfig(), format: 'json' };
  const sink = createStdoutSink(config, { stream: slow });
  const t = new Tracer({ env: false, stdout: false, sinks: [sink] });
  const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
  const produce = async (from: number, n: number): Promise<void> => {
    for (let i = from; i < from + n; i++) {
      t.trace('bench', 'tick', 'a slow sink event', { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', data: { i, agent: 'agent-1' } });
      if (i % 1000 === 999) await tick();
    }
  };
  await produce(0, 20_000);
  await sink.writer.flush();
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage.rss() / 2 ** 20;
  const acc0 = sink.writer.accepted;
  const t0 = performance.now();
  await produce(0, events);
  const t1 = performance.now();
  await t.shutdown();
  const t2 = performance.now();
  const peak = process.resourceUsage().maxRSS / 1024;
  const r: SlowSinkResult = {
    events,
    bytesPerSecond: bytesPerMs * 1000,
    queueMaxBytes: config.queueMaxBytes,
    baselineRssMB: baseline,
    peakRssMB: peak,
    growthMB: peak - baseline,
    accepted: sink.writer.accepted - acc0,
    dropped: sink.writer.dropped,
    bytesDelivered: bytes,
    produceMs: t1 - t0,
    drainMs: t2 - t1,
  };
  writeFileSync(resultFile, JSON.stringify(r));
}

main().catch((err: unknown) => {
  process.stderr.write(`slow-sink bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});

/**
 * One measurement in a process of its own:
 * `node child.js <variant> <calls> <warmup> <result.json> <out-file> [yieldEvery]`.
 * Warms up, collects garbage, times `calls` awaited calls, then times `finish()` (flush and
 * shutdown: the events are on disk after it), and writes the figures and the process's peak
 * RSS to `result.json`.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { median } from './report.js';
import { variantNamed } from './variants/index.js';
import type { Prepare, Prepared } from './variants/types.js';

/** What a child reports. */
export interface ChildResult {
  variant: string;
  calls: number;
  warmup: number;
  /** Nanoseconds per call, the timed loop only. */
  loopNs: number;
  /** Nanoseconds per call including `finish()` (everything on disk). */
  totalNs: number;
  /** CPU time (user + system, every thread of the process) per call, including `finish()`. */
  cpuNs: number;
  /** Peak resident set size of the whole process, MB. */
  maxRssMB: number;
  counters: Record<string, number>;
  /** Paired in-process measurement against the bare call (the `disabled` variant). */
  paired?: { bareNs: number; subjectNs: number };
}

const hr = (): bigint => process.hrtime.bigint();
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});

async function loop(fn: (i: number) => Promise<unknown>, from: number, n: number, yieldEvery: number): Promise<number> {
  const t0 = hr();
  const end = from + n;
  for (let i = from; i < end; i++) {
    await fn(i);
    if (yieldEvery > 0 && i % yieldEvery === 0) await new Promise((r) => setImmediate(r));
  }
  return Number(hr() - t0);
}

/** Alternating blocks of the bare call and the subject, in the same process. */
async function paired(p: Prepared, calls: number, yieldEvery: number): Promise<{ bareNs: number; subjectNs: number }> {
  const blocks = 10;
  const per = Math.max(1, Math.floor(calls / blocks));
  const bare: number[] = [];
  const subj: number[] = [];
  for (let b = 0; b < blocks; b++) {
    bare.push((await loop(p.baseline!, 0, per, yieldEvery)) / per);
    subj.push((await loop(p.call, 0, per, yieldEvery)) / per);
  }
  return { bareNs: median(bare), subjectNs: median(subj) };
}

async function main(): Promise<void> {
  const [name = '', callsS = '0', warmS = '0', resultFile = '', outFile = '', yieldS = '0'] = process.argv.slice(2);
  const spec = variantNamed(name);
  if (!spec) throw new Error(`unknown variant ${name}`);
  const calls = Number(callsS);
  const warmup = Number(warmS);
  const yieldEvery = Number(yieldS);
  const mod = (await import(`./variants/${spec.module}.js`)) as { prepare: Prepare };
  const p = await mod.prepare({ outFile });
  await loop(p.call, 0, warmup, yieldEvery);
  if (p.baseline) await loop(p.baseline, 0, warmup, yieldEvery);
  gc();
  const pair = p.baseline ? await paired(p, calls, yieldEvery) : undefined;
  gc();
  const cpu0 = process.cpuUsage();
  const loopTotal = await loop(p.call, warmup, calls, yieldEvery);
  const t1 = hr();
  await p.finish();
  const finishNs = Number(hr() - t1);
  const cpu = process.cpuUsage(cpu0);
  const result: ChildResult = {
    variant: name,
    calls,
    warmup,
    loopNs: loopTotal / calls,
    totalNs: (loopTotal + finishNs) / calls,
    cpuNs: ((cpu.user + cpu.system) * 1000) / calls,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    counters: p.counters?.() ?? {},
    ...(pair ? { paired: pair } : {}),
  };
  writeFileSync(resultFile, JSON.stringify(result));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench child failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});

/**
 * Turns the per-round results into the table (Markdown, printed and written to RESULTS.md).
 * @module
 */
import { cpus, totalmem } from 'node:os';
import type { ChildResult } from './child.js';
import type { SlowSinkResult } from './slow-sink.js';
import type { VariantSpec } from './variants/index.js';

/** The median of a list (NaN when empty). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Everything the report needs. */
export interface RunInfo {
  date: string;
  mode: string;
  calls: number;
  warmup: number;
  rounds: number;
  yieldEvery: number;
  commit: string;
  loadStart: number[];
  loadEnd: number[];
  wallSeconds: number;
}

/** One row: a variant and its results over the rounds. */
export interface Row {
  spec: VariantSpec;
  results: ChildResult[];
  verified: string;
}

const f0 = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');

/** The Markdown report. */
export function renderReport(info: RunInfo, rows: Row[], slow: SlowSinkResult | undefined): string {
  const med = new Map(rows.map((r) => [r.spec.name, median(r.results.map((x) => x.totalNs))]));
  const cpuMed = new Map(rows.map((r) => [r.spec.name, median(r.results.map((x) => x.cpuNs))]));
  const pino = med.get('pino') ?? NaN;
  const otel = med.get('otel') ?? NaN;
  const cpuPino = cpuMed.get('pino') ?? NaN;
  const cpuOtel = cpuMed.get('otel') ?? NaN;
  const cpu = cpus();
  const out: string[] = [];
  out.push('# Benchmark results', '');
  out.push(`- Date: ${info.date} (${info.mode} mode, ${info.wallSeconds.toFixed(0)} s wall)`);
  out.push(`- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${info.loadStart.map(f2).join(' ')} at start, ${info.loadEnd.map(f2).join(' ')} at end`);
  out.push(`- Node ${process.version} (${process.platform}-${process.arch}); muxi-tracing at ${info.commit}, compiled by tsc (dist/)`);
  out.push(`- ${info.calls.toLocaleString('en-US')} awaited calls per variant per round after ${info.warmup.toLocaleString('en-US')} warm-up calls; ${info.rounds} rounds, round-robin (the order rotates each round), one child process per variant per round; medians reported${info.yieldEvery > 0 ? `; the loop yields to the event loop every ${info.yieldEvery} calls` : ''}`);
  out.push('- **wall** ns/call: elapsed time of the calls plus the final flush/shutdown (every line on disk), divided by the calls; "loop" is the calls alone',
    '- **CPU** ns/call: user + system CPU time of the whole process (every thread: GC, libuv pool) over the same window, divided by the calls. On a shared, oversubscribed machine wall time mostly measures the scheduler; CPU time is the steadier figure, so ratios are given for both', '');
  out.push('| variant | wall ns/call | loop ns/call | wall range | x pino | x OTel | CPU ns/call | CPU x pino | CPU x OTel | peak RSS MB | output check |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows.filter((x) => !x.spec.product)) {
    const ns = med.get(r.spec.name) ?? NaN;
    const c = cpuMed.get(r.spec.name) ?? NaN;
    const all = r.results.map((x) => x.totalNs);
    const range = all.length ? `${f0(Math.min(...all))}–${f0(Math.max(...all))}` : 'n/a';
    out.push(`| ${r.spec.label} | ${f0(ns)} | ${f0(median(r.results.map((x) => x.loopNs)))} | ${range} | ${f2(ns / pino)} | ${f2(ns / otel)} | ${f0(c)} | ${f2(c / cpuPino)} | ${f2(c / cpuOtel)} | ${f0(median(r.results.map((x) => x.maxRssMB)))} | ${r.verified} |`);
  }
  out.push('');
  const product = rows.filter((x) => x.spec.product);
  if (product.length) out.push(...productTable(product, med, cpuMed), '');
  const targets = [...targetLines(rows, med, pino, otel, slow, cpuMed, cpuPino, cpuOtel), ...productTargets(product, med, cpuMed)];
  if (targets.length) out.push('## Targets', '', ...targets, '');
  if (slow) {
    out.push('## Bounded queue: a slow sink', '');
    out.push(`${slow.events.toLocaleString('en-US')} events through the stdout sink's bounded writer over a target that writes one chunk at a time at ${(slow.bytesPerSecond / 1e6).toFixed(0)} MB/s (queue limit ${(slow.queueMaxBytes / 2 ** 20).toFixed(0)} MiB, TRACING_QUEUE_MAX_BYTES): ` +
      `RSS ${f0(slow.baselineRssMB)} MB before, peak ${f0(slow.peakRssMB)} MB, growth **${f0(slow.growthMB)} MB**; ${slow.accepted.toLocaleString('en-US')} accepted, ${slow.dropped.toLocaleString('en-US')} dropped and counted; produced in ${f0(slow.produceMs)} ms, drained in ${f0(slow.drainMs)} ms.`, '');
  }
  return out.join('\n');
}

function targetLines(rows: Row[], med: Map<string, number>, pino: number, otel: number, slow: SlowSinkResult | undefined,
  cpuMed: Map<string, number>, cpuPino: number, cpuOtel: number): string[] {
  const out: string[] = [];
  const mark = (ok: boolean): string => (ok ? 'met' : '**not met**');
  const json = med.get('json-file');
  const jsonRow = rows.find((r) => r.spec.name === 'json-file');
  const cj = cpuMed.get('json-file');
  if (json !== undefined && cj !== undefined && Number.isFinite(pino)) {
    out.push(`- JSON file sink at most 0.3x pino: wall ${f2(json / pino)}x (${mark(json / pino <= 0.3)}), CPU ${f2(cj / cpuPino)}x (${mark(cj / cpuPino <= 0.3)})`);
  }
  if (json !== undefined && cj !== undefined && Number.isFinite(otel)) {
    out.push(`- JSON file sink at most 1.0x OpenTelemetry: wall ${f2(json / otel)}x (${mark(json / otel <= 1)}), CPU ${f2(cj / cpuOtel)}x (${mark(cj / cpuOtel <= 1)})`);
  }
  if (jsonRow) {
    const rss = median(jsonRow.results.map((x) => x.maxRssMB));
    out.push(`- JSON file sink peak RSS at most 100 MB: ${f0(rss)} MB, ${mark(rss <= 100)}`);
  }
  const dis = rows.find((r) => r.spec.name === 'disabled');
  const pairs = dis?.results.flatMap((x) => (x.paired ? [x.paired.subjectNs - x.paired.bareNs] : [])) ?? [];
  if (pairs.length) {
    const d = median(pairs);
    const bare = median(dis!.results.map((x) => x.paired!.bareNs));
    out.push(`- Tracing disabled within 50 ns of the bare call: +${f0(d)} ns (bare ${f0(bare)} ns, measured in alternating blocks in the same process), ${mark(d <= 50)}`);
  }
  if (slow) out.push(`- ${slow.events.toLocaleString('en-US')} events through a slow sink${slow.events === 1_000_000 ? '' : ' (the target is for 1,000,000)'}, RSS growth under 64 MB: ${f0(slow.growthMB)} MB, ${mark(slow.growthMB < 64)}`);
  return out;
}

/** The product's paths (a whole conversation, an object call) beside their OpenTelemetry twins. */
function productTable(rows: Row[], med: Map<string, number>, cpuMed: Map<string, number>): string[] {
  const out: string[] = [];
  out.push('## The product\'s paths and their OpenTelemetry twins', '');
  out.push('One call is one whole conversation (13 events, 7 OpenTelemetry spans) or one traced call of the object workload; messages are 200–2,000 characters. ' +
    '"x OTel" is the ratio to the twin with a no-op exporter, "x OTLP" to the twin that serializes OTLP/JSON and writes it to a file (both measured in this run). ' +
    'The "floor" rows trace nothing: they run the untraced conversation and write the same 13 lines per conversation with the least code that can (made beforehand, or made by `JSON.stringify` of the events), a floor under any tracer that writes these lines.', '');
  out.push('| path | wall ns/call | ns/event | wall range | x OTel | x OTLP | CPU ns/call | CPU x OTel | CPU x OTLP | peak RSS MB | output check |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const ns = med.get(r.spec.name) ?? NaN;
    const c = cpuMed.get(r.spec.name) ?? NaN;
    const all = r.results.map((x) => x.totalNs);
    const range = all.length ? `${f0(Math.min(...all))}–${f0(Math.max(...all))}` : 'n/a';
    const tw = r.spec.twin !== undefined ? med.get(r.spec.twin) ?? NaN : NaN;
    const ot = r.spec.otlpTwin !== undefined ? med.get(r.spec.otlpTwin) ?? NaN : NaN;
    const ctw = r.spec.twin !== undefined ? cpuMed.get(r.spec.twin) ?? NaN : NaN;
    const cot = r.spec.otlpTwin !== undefined ? cpuMed.get(r.spec.otlpTwin) ?? NaN : NaN;
    const perEvent = ns / (r.spec.eventsPerCall ?? 2);
    const rat = (a: number, b: number): string => (r.spec.twin === undefined ? '' : f2(a / b));
    out.push(`| ${r.spec.label} | ${f0(ns)} | ${f0(perEvent)} | ${range} | ${rat(ns, tw)} | ${rat(ns, ot)} | ${f0(c)} | ${rat(c, ctw)} | ${rat(c, cot)} | ${f0(median(r.results.map((x) => x.maxRssMB)))} | ${r.verified} |`);
  }
  return out;
}

function productTargets(rows: Row[], med: Map<string, number>, cpuMed: Map<string, number>): string[] {
  const out: string[] = [];
  const mark = (ok: boolean): string => (ok ? 'met' : '**not met**');
  for (const r of rows) {
    const s = r.spec;
    if (s.twin === undefined || s.otlpTwin === undefined || s.floor) continue;
    const ns = med.get(s.name);
    const c = cpuMed.get(s.name);
    const tw = med.get(s.twin);
    const ot = med.get(s.otlpTwin);
    const ctw = cpuMed.get(s.twin);
    const cot = cpuMed.get(s.otlpTwin);
    if (ns === undefined || c === undefined || tw === undefined || ot === undefined || ctw === undefined || cot === undefined) continue;
    out.push(`- ${s.label}: at most 1.0x its OpenTelemetry twin: wall ${f2(ns / tw)}x (${mark(ns / tw <= 1)}), CPU ${f2(c / ctw)}x (${mark(c / ctw <= 1)}); ` +
      `at most 0.5x the OTLP/JSON twin: wall ${f2(ns / ot)}x (${mark(ns / ot <= 0.5)}), CPU ${f2(c / cot)}x (${mark(c / cot <= 0.5)})`);
  }
  return out;
}

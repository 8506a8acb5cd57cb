/**
 * The benchmark runner (`npm run bench [-- options]`). See the README's "Performance" section.
 *
 * Options: `--quick` (fewer calls and rounds, for CI), `--only a,b` (some variants:
 * bare, disabled, json-file, text-stdout, pino, otel, slow-sink), `--calls N`, `--warmup N`,
 * `--rounds N`, `--yield-every N` (let the event loop turn every N calls; default 0, a tight
 * loop), `--write` (write bench/RESULTS.md even for a partial or quick run).
 *
 * Design: every variant runs in a child process of its own, once per round, and the rounds go
 * round-robin over the variants with the order rotated each round. A fresh process per
 * measurement is what makes peak RSS per variant meaningful and keeps one library's garbage,
 * timers and JIT state from taxing the next; the round-robin spreads the drift of a shared
 * machine over every variant alike. Medians over rounds are reported; ratios are taken
 * between medians of the same run.
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './child.js';
import type { Row, RunInfo } from './report.js';
import { renderReport } from './report.js';
import type { PayloadResult } from './payloads.js';
import { renderPayloads } from './payloads.js';
import type { SlowSinkResult } from './slow-sink.js';
import type { SoakResult } from './soak.js';
import { SOAK_HEADING, renderSoak, replaceSection } from './soak.js';
import type { VariantSpec } from './variants/index.js';
import { VARIANTS } from './variants/index.js';
import { verify } from './verify.js';

interface Options {
  quick: boolean;
  only: string[] | undefined;
  calls: number;
  warmup: number;
  rounds: number;
  yieldEvery: number;
  slowEvents: number;
  write: boolean;
  /** `--payloads`: only the payload shapes (a full run includes them). */
  payloads: boolean;
  /** `--soak`: only the soak run (`--conversations N`, default 1,000,000); its section is kept in RESULTS.md. */
  soak: boolean;
  conversations: number;
}

// Compiled to bench/data/build/ (git-ignored): the repository is three levels up.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = `${root}bench/data/`;
const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const val = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(name + '='))?.slice(name.length + 1);
  };
  const num = (name: string, dflt: number): number => {
    const v = val(name);
    if (v === undefined) return dflt;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} wants a whole number, got ${v}`);
    return n;
  };
  const only = val('--only')?.split(',').map((s) => s.trim()).filter(Boolean);
  const known = [...VARIANTS.map((v) => v.name), 'slow-sink'];
  for (const o of only ?? []) if (!known.includes(o)) throw new Error(`--only: unknown variant '${o}' (known: ${known.join(', ')})`);
  return {
    quick,
    only,
    calls: num('--calls', quick ? 10_000 : 200_000),
    warmup: num('--warmup', quick ? 5_000 : 20_000),
    rounds: Math.max(1, num('--rounds', quick ? 3 : 5)),
    yieldEvery: num('--yield-every', 0),
    slowEvents: num('--slow-events', quick ? 200_000 : 1_000_000),
    write: argv.includes('--write'),
    payloads: argv.includes('--payloads'),
    soak: argv.includes('--soak'),
    conversations: num('--conversations', 1_000_000),
  };
}

/** Runs a script in a child with the given stdout; resolves when it exits (rejects on failure). */
function runChild(args: string[], env: NodeJS.ProcessEnv, stdoutFile: string | undefined): Promise<string> {
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  const child = spawn(process.execPath, ['--expose-gc', ...args], { env, stdio: ['ignore', out, 'pipe'] });
  if (typeof out === 'number') closeSync(out);
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(err);
      else reject(new Error(`${args[0]} ${args[1] ?? ''} exited with ${code ?? signal}\n${err}`));
    });
  });
}

function childEnv(spec: VariantSpec, outFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TRACING_')) env[k] = v;
  for (const [k, v] of Object.entries(spec.env)) env[k] = v === '$OUT' ? outFile : v;
  return env;
}

async function measure(spec: VariantSpec, o: Options, round: number): Promise<{ result: ChildResult; verified: string }> {
  const base = `${dataDir}${spec.name}-${process.pid}-${round}`;
  const outFile = `${base}.out`;
  const stdoutFile = spec.stdoutToFile ? `${base}.stdout` : undefined;
  const resultFile = `${base}.json`;
  try {
    const scale = spec.callsScale ?? 1;
    const calls = Math.max(1, Math.round(o.calls * scale));
    const warmup = Math.round(o.warmup * scale);
    const err = await runChild([here('./child.js'), spec.name, String(calls), String(warmup), resultFile, outFile, String(o.yieldEvery)],
      childEnv(spec, outFile), stdoutFile);
    if (err.trim()) process.stderr.write(`  [${spec.name} stderr] ${err.trim().replace(/\n/g, '\n  ')}\n`);
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as ChildResult;
    let verified: string;
    try {
      verified = verify(spec.check, result, outFile, stdoutFile ?? '');
    } catch (err) {
      // Kept in the table, not fatal: a variant that loses lines is a finding, not a crash.
      verified = `**FAILED**: ${(err as Error).message.replace(/ in \S+/, '')}`;
    }
    return { result, verified };
  } finally {
    for (const f of [outFile, resultFile, stdoutFile]) if (f) rmSync(f, { force: true });
    const prefix = basename(outFile) + '.';
    for (const f of readdirSync(dataDir)) if (f.startsWith(prefix)) rmSync(dataDir + f, { force: true });
  }
}

async function payloads(): Promise<PayloadResult[]> {
  const resultFile = `${dataDir}payloads-${process.pid}.json`;
  try {
    const err = await runChild([here('./payloads-child.js'), resultFile], childEnv({ env: {} } as unknown as VariantSpec, ''), undefined);
    if (err.trim()) process.stderr.write(`  [payloads stderr] ${err.trim().replace(/\n/g, '\n  ')}\n`);
    return JSON.parse(readFileSync(resultFile, 'utf8')) as PayloadResult[];
  } finally {
    rmSync(resultFile, { force: true });
  }
}

async function soak(o: Options): Promise<SoakResult> {
  const dir = `${dataDir}soak-${process.pid}/`;
  mkdirSync(dir, { recursive: true });
  const resultFile = `${dir}result.json`;
  const env = { TRACING_STDOUT: 'false', TRACING_FILE: `${dir}soak.jsonl`, TRACING_FILE_MAX_SIZE: '10M', TRACING_FILE_MAX_FILES: '5', TRACING_FILE_COMPRESS: 'gzip' };
  try {
    const err = await runChild([here('./soak-child.js'), String(o.conversations), resultFile], childEnv({ env } as unknown as VariantSpec, ''), undefined);
    if (err.trim()) process.stderr.write(`  [soak stderr] ${err.trim().replace(/\n/g, '\n  ')}\n`);
    return JSON.parse(readFileSync(resultFile, 'utf8')) as SoakResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function slowSink(o: Options): Promise<SlowSinkResult> {
  const resultFile = `${dataDir}slow-sink-${process.pid}.json`;
  try {
    const err = await runChild([here('./slow-sink.js'), String(o.slowEvents), resultFile, String(o.quick ? 8_000_000 : 2_000_000)], childEnv({ env: {} } as VariantSpec, ''), undefined);
    if (err.trim()) process.stderr.write(`  [slow-sink stderr] ${err.trim().replace(/\n/g, '\n  ')}\n`);
    return JSON.parse(readFileSync(resultFile, 'utf8')) as SlowSinkResult;
  } finally {
    rmSync(resultFile, { force: true });
  }
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'decorators'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes in src/ or decorators/` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  mkdirSync(dataDir, { recursive: true });
  if (o.soak) {
    const md = renderSoak(await soak(o));
    process.stdout.write(md + '\n');
    const results = `${root}bench/RESULTS.md`;
    let prev: string;
    try {
      prev = readFileSync(results, 'utf8');
    } catch {
      prev = '# Benchmark results\n';
    }
    const target = o.conversations === 1_000_000 ? results : `${dataDir}last-soak.md`;
    writeFileSync(target, target === results ? replaceSection(prev, SOAK_HEADING, md) : md + '\n');
    process.stderr.write(`written to ${target}\n`);
    return;
  }
  if (o.payloads) {
    const md = renderPayloads(await payloads());
    process.stdout.write(md + '\n');
    writeFileSync(`${dataDir}last-payloads.md`, md + '\n');
    process.stderr.write(`written to ${dataDir}last-payloads.md\n`);
    return;
  }
  const specs = VARIANTS.filter((v) => !o.only || o.only.includes(v.name));
  const doSlow = !o.only || o.only.includes('slow-sink');
  const started = Date.now();
  const loadStart = loadavg();
  const rows: Row[] = specs.map((spec) => ({ spec, results: [], verified: '' }));
  for (let r = 0; r < o.rounds && rows.length; r++) {
    const order = rows.map((_, i) => rows[(i + r) % rows.length]!);
    for (const row of order) {
      const { result, verified } = await measure(row.spec, o, r);
      row.results.push(result);
      if (!row.verified.startsWith('**FAILED**')) row.verified = verified;
      process.stderr.write(`round ${r + 1}/${o.rounds} ${row.spec.name.padEnd(12)} wall ${Math.round(result.totalNs).toString().padStart(7)} ns/call  CPU ${Math.round(result.cpuNs).toString().padStart(7)} ns/call  ${Math.round(result.maxRssMB)} MB  ${verified}\n`);
    }
  }
  const slow = doSlow ? await slowSink(o) : undefined;
  const complete = !o.only && !o.quick;
  const shapes = complete ? await payloads() : undefined;
  const info: RunInfo = {
    date: new Date().toISOString(), mode: o.quick ? 'quick' : 'full', calls: o.calls, warmup: o.warmup, rounds: o.rounds,
    yieldEvery: o.yieldEvery, commit: commit(), loadStart, loadEnd: loadavg(), wallSeconds: (Date.now() - started) / 1000,
  };
  const md = renderReport(info, rows, slow) + (shapes ? '\n' + renderPayloads(shapes) + '\n' : '');
  process.stdout.write(md + '\n');
  const target = complete || o.write ? `${root}bench/RESULTS.md` : `${dataDir}last-run.md`;
  // The soak section (`--soak`, a run of its own) is kept from the previous RESULTS.md.
  let soakSection = '';
  try {
    const prev = readFileSync(`${root}bench/RESULTS.md`, 'utf8');
    const at = prev.indexOf(SOAK_HEADING);
    if (at >= 0) {
      const next = prev.indexOf('\n## ', at + SOAK_HEADING.length);
      soakSection = prev.slice(at, next < 0 ? undefined : next).trim();
    }
  } catch {
    // no previous results
  }
  writeFileSync(target, md + (target.endsWith('RESULTS.md') && soakSection ? '\n' + soakSection + '\n' : '\n'));
  process.stderr.write(`written to ${target}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error)?.message ?? String(err)}\n`);
  process.exitCode = 1;
});

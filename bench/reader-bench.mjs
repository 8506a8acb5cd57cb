// Trace-source benchmark (the dashboard's data layer): the file source on a generated file of
// about 1 GiB / 3 million events. Measures the time to the first trace list, to the full index,
// peak RSS, one trace fetched on demand (during and after indexing), list and filter queries,
// statistics from the index, and the delay from a line appended to a watcher seeing it.
// Each run is a fresh process on a copy of the file (appends do not touch the generated one).
// Prints a table against the targets and writes bench/data/reader-last-run.md.
// A last run gives the index a small budget (READER_BENCH_BUDGET_MB, default 48) to show memory
// staying bounded on an input larger than the budget, the oldest traces evicted.
// Usage: npm run bench:reader   (env: READER_BENCH_MB=1024, READER_BENCH_RUNS=2, READER_BENCH_BUDGET_MB=48)
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
process.chdir(root);
const sizeMb = Number(process.env.READER_BENCH_MB ?? 1024);
const runs = Number(process.env.READER_BENCH_RUNS ?? 2);
const data = `bench/data/reader-${sizeMb}.jsonl`;
const work = `bench/data/reader-run-${process.pid}.jsonl`;
if (!existsSync('dist/src/reader/index.js')) throw new Error('dist/ missing: run npm run build first (npm run bench:reader does)');
mkdirSync('bench/data', { recursive: true });
if (!existsSync(data) || statSync(data).size < sizeMb * 1024 * 1024 * 0.99) {
  execFileSync(process.execPath, ['bench/reader-generate.mjs', data, String(sizeMb)], { stdio: 'inherit' });
}

const budgetMb = Number(process.env.READER_BENCH_BUDGET_MB ?? 48);

/** One child run on a fresh copy of the data. */
function run(env = {}) {
  copyFileSync(data, work);
  try {
    const out = execFileSync(process.execPath, ['bench/reader-child.mjs', work], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...env } });
    return JSON.parse(out.trim().split('\n').pop());
  } finally {
    rmSync(work, { force: true });
  }
}

const results = [];
for (let i = 0; i < runs; i++) {
  results.push(run());
  console.log(`run ${i + 1}/${runs}:`, JSON.stringify(results[results.length - 1]));
}
const bounded = run({ READER_INDEX_BYTES: String(budgetMb * 1024 * 1024) });
console.log(`budget ${budgetMb} MB:`, JSON.stringify(bounded));

const best = (k) => Math.min(...results.map((r) => r[k]));
const worst = (k) => Math.max(...results.map((r) => r[k]));
const r0 = results[0];
const rows = [
  ['first trace list', `${best('firstMs')} ms (${r0.firstRows} traces so far)`, '< 3000 ms', best('firstMs') < 3000],
  ['full index', `${best('loadMs')} ms (${r0.traces} traces, ${(r0.bytes / 1048576).toFixed(0)} MB, ${Math.round(r0.bytes / 1048576 / (best('loadMs') / 1000))} MB/s)`, '', undefined],
  ['peak RSS', `${worst('peakRssMb')} MB`, '< 300 MB', worst('peakRssMb') < 300],
  ['one trace (after indexing)', `p50 ${best('fetchP50')} ms, p99 ${best('fetchP99')} ms, max ${worst('fetchMax')} ms (${r0.fetched} traces)`, '< 100 ms', worst('fetchP99') < 100],
  ['one trace (while indexing)', `max ${worst('duringFetchMaxMs')} ms`, '< 100 ms', worst('duringFetchMaxMs') < 100],
  ['list: first page, newest first', `${best('listDefault')} ms`, '', undefined],
  ['list: sorted by duration', `${best('listByDuration')} ms`, '', undefined],
  ['list: facet + errors only', `${best('listFacet')} ms`, '', undefined],
  ['list: filter terms, first / cached', `${best('filterFirst')} / ${best('filterAgain')} ms`, '', undefined],
  ['statistics (from the index)', `${best('statsIndex')} ms`, '', undefined],
  ['live: appended line to watcher', `max ${worst('liveMaxMs')} ms (poll 250 ms)`, '< 1000 ms', worst('liveMaxMs') < 1000],
  [`index budget ${budgetMb} MB: peak RSS`, `${bounded.peakRssMb} MB (${bounded.traces} traces kept, ${bounded.evicted} evicted, oldest first)`, 'bounded', undefined],
];
const load = loadavg().map((x) => x.toFixed(2)).join(' ');
const lines = [
  `# Trace source benchmark (${new Date().toISOString()})`, '',
  `Input: ${data}, ${(r0.bytes / 1048576).toFixed(0)} MB, ${r0.traces} traces; ${runs} runs (best; worst for RSS and latencies).`,
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${load} (shared machine: figures are noisy).`, '',
  '| measure | result | target | met |', '|---|---|---|---|',
  ...rows.map(([m, v, t, ok]) => `| ${m} | ${v} | ${t} | ${ok === undefined ? '' : ok ? 'yes' : 'NO'} |`),
];
writeFileSync('bench/data/reader-last-run.md', lines.join('\n') + '\n');
console.log('\n' + lines.join('\n'));

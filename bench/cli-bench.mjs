// CLI benchmark: `muxi trace` (built, dist/cli/bin.js) against grep -F and jq on the same generated
// file (>= 500 MB). Prints a table of wall time, MB/s, peak RSS and ratios; writes bench/data/cli-last-run.md.
// Usage: npm run bench:cli   (env: CLI_BENCH_MB=520, CLI_BENCH_RUNS=2)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
process.chdir(root);
const sizeMb = Number(process.env.CLI_BENCH_MB ?? 520);
const runs = Number(process.env.CLI_BENCH_RUNS ?? 2);
const big = `bench/data/cli-bench-${sizeMb}.jsonl`;
const small = 'bench/data/cli-bench-50.jsonl';
mkdirSync('bench/data', { recursive: true });

function ensureJq() {
  if (spawnSync('jq', ['--version']).status === 0) return;
  console.log('jq not found: installing it with apt-get');
  execFileSync('sh', ['-c', 'apt-get install -y jq || (apt-get update && apt-get install -y jq)'], { stdio: 'inherit' });
}
function ensureData(path, mb) {
  if (existsSync(path) && statSync(path).size >= mb * 1024 * 1024 * 0.99) return;
  execFileSync(process.execPath, ['bench/cli-generate.mjs', path, String(mb)], { stdio: 'inherit' });
}
if (!existsSync('dist/cli/bin.js')) throw new Error('dist/cli/bin.js missing: run npm run build first (npm run bench:cli does)');
ensureJq();
ensureData(big, sizeMb);
ensureData(small, 50);

/** Runs `sh -c cmd` under /usr/bin/time; best wall time of `runs`, with its peak RSS. */
function measure(cmd) {
  let best;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'sh', '-c', cmd], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const m = /([\d.]+) (\d+)\s*$/.exec(r.stderr.trim());
    if (r.status !== 0 || !m) throw new Error(`failed: ${cmd}\n${r.stderr}`);
    const res = { secs: Number(m[1]), rssMb: Number(m[2]) / 1024, out: r.stdout.trim() };
    if (!best || res.secs < best.secs) best = res;
  }
  return best;
}

const muxi = `node dist/cli/bin.js trace`;
const cases = (file) => [
  { group: 'field filter (--component mcp, ~27% of lines match)', rows: [
    ['muxi trace --component mcp --json', `${muxi} --file ${file} --component mcp --json 2>/dev/null | wc -l`],
    ['muxi trace --component mcp (text)', `${muxi} --file ${file} --component mcp 2>/dev/null | wc -l`],
    ['grep -F \'"component":"mcp"\'', `grep -F '"component":"mcp"' ${file} | wc -l`],
    ['jq -cR \'fromjson? | select(.component=="mcp")\'', `jq -cR 'fromjson? | select(.component=="mcp")' ${file} | wc -l`],
  ] },
  { group: 'rare filter (--trace-id prefix, almost nothing matches)', rows: [
    ['muxi trace --trace-id abcd1234', `${muxi} --file ${file} --trace-id abcd1234 2>/dev/null | wc -l`],
    ['grep -F \'"trace_id":"abcd1234\'', `grep -F '"trace_id":"abcd1234' ${file} | wc -l`],
  ] },
  { group: 'statistics (every line parsed)', rows: [
    ['muxi trace stats --json', `${muxi} stats --file ${file} --json 2>/dev/null | wc -l`],
    ['jq -nR reduce: count per component:operation', `jq -nR 'reduce (inputs | fromjson? | select(type=="object")) as $e ({}; .[($e.component//"")+":"+($e.operation//"")] += 1)' ${file} | wc -l`],
  ] },
];

const fileMb = statSync(big).size / 1048576;
const lines = [];
const log = (s) => { console.log(s); lines.push(s); };
log(`# muxi trace CLI benchmark`);
log('');
log(`File: ${big} (${fileMb.toFixed(0)} MB). Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared with other work: figures are lower bounds). Best of ${runs} runs.`);
log('');
for (const c of cases(big)) {
  log(`## ${c.group}`);
  log('');
  log('| command | seconds | MB/s | peak RSS (MB) | output lines | vs muxi |');
  log('|---|---:|---:|---:|---:|---:|');
  let base;
  for (const [name, cmd] of c.rows) {
    const r = measure(cmd);
    base ??= r.secs;
    log(`| ${name.replaceAll('|', '\\|')} | ${r.secs.toFixed(2)} | ${(fileMb / r.secs).toFixed(0)} | ${r.rssMb.toFixed(0)} | ${r.out} | ${(r.secs / base).toFixed(2)}× |`);
  }
  log('');
}
const smallMb = statSync(small).size / 1048576;
const s = measure(`${muxi} --file ${small} --component mcp --json 2>/dev/null | wc -l`);
const b = measure(`${muxi} --file ${big} --component mcp --json 2>/dev/null | wc -l`);
log(`## memory as the file grows (field filter)`);
log('');
log(`| file | MB | peak RSS (MB) |`);
log('|---|---:|---:|');
log(`| ${small} | ${smallMb.toFixed(0)} | ${s.rssMb.toFixed(0)} |`);
log(`| ${big} | ${fileMb.toFixed(0)} | ${b.rssMb.toFixed(0)} |`);
log('');
log(`Load average at end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
writeFileSync('bench/data/cli-last-run.md', lines.join('\n') + '\n');

// `muxi trace stats --json` on about a million events through ClickHouse versus through a file of
// the same events: the real bin (dist/cli/bin.js) as a user runs it, 3 runs each, median wall time.
// ClickHouse is chdb (the real engine, embedded) behind the test suite's HTTP harness
// (test/cloud/chdb-http.ts) in this process; the file source reads the JSON-lines file. Both
// outputs are checked equal. Figures depend on the machine and its load: quote them with that.
// Usage: npm run bench:clickhouse [-- MB]   (default 360 MB, about 1,000,000 events)
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLargeSet } from '../test/cloud/large-set.ts';

const mb = Number(process.argv[2] ?? 360);
const runs = 3;
const dir = mkdtempSync(join(tmpdir(), 'muxi-bench-ch-'));

function run(args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    execFile(process.execPath, ['dist/cli/bin.js', 'trace', 'stats', '--json', ...args], { maxBuffer: 1 << 28, env: { ...process.env, TZ: 'UTC' } }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${args.join(' ')}: ${stderr || err.message}`));
      resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, stdout });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const t0 = Date.now();
  const set = await buildLargeSet(dir, mb);
  console.log(`set: ${set.events.toLocaleString('en-US')} events, ${(statSync(set.file).size / 1048576).toFixed(0)} MB file, built and loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (shared; figures are noisy)`);
  const file = [];
  const ch = [];
  let outFile;
  let outCh;
  for (let i = 0; i < runs; i++) {
    const a = await run(['--file', set.file]);
    const b = await run(['--clickhouse', set.http.url, '--ch-database', 'muxi']);
    file.push(a.ms);
    ch.push(b.ms);
    outFile = a.stdout;
    outCh = b.stdout;
  }
  const same = JSON.stringify(JSON.parse(outFile)) === JSON.stringify(JSON.parse(outCh));
  console.log('| source | runs (ms) | median (ms) |');
  console.log('|---|---|---|');
  console.log(`| file (${set.events.toLocaleString('en-US')} events) | ${file.map((x) => x.toFixed(0)).join(', ')} | ${median(file).toFixed(0)} |`);
  console.log(`| ClickHouse (chdb via HTTP harness) | ${ch.map((x) => x.toFixed(0)).join(', ')} | ${median(ch).toFixed(0)} |`);
  console.log(`ratio file / ClickHouse: ${(median(file) / median(ch)).toFixed(2)}; outputs equal: ${same}`);
  await set.close();
  if (!same) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

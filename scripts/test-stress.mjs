#!/usr/bin/env node
/**
 * `npm run test:stress [-- --runs N]`: runs the whole mocha suite (and the decorator suites, in
 * both compile modes) N times (default 20), with both cores kept busy by CPU-burning child
 * processes on every other run, and prints a table of failures per test (loaded and idle runs
 * apart). Exits 1 when any test failed in any run. Flakes are to be fixed at their cause, not by
 * raising timeouts; this is how to find them.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const runsArg = argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : 20;
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`test:stress: --runs wants a whole number >= 1, got ${argv[runsArg + 1]}`);
  process.exit(2);
}
const mocha = join(root, 'node_modules/mocha/bin/mocha.js');
const tmp = mkdtempSync(join(tmpdir(), 'muxi-stress-'));

/** Suites: the main one (.mocharc.json) and the decorator suite compiled both ways. */
const suites = [
  { name: 'main', args: [] },
  { name: 'decorators (legacy)', args: ['--no-config', '--timeout', '20000', '--exit', '.test-build/legacy/test/decorators/*.test.js'] },
  { name: 'decorators (standard)', args: ['--no-config', '--timeout', '20000', '--exit', '.test-build/std/test/decorators/*.test.js'] },
];

/** Keeps every core busy until stopped. */
function burn() {
  const kids = cpus().map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return () => { for (const k of kids) k.kill('SIGKILL'); };
}

/** Runs one suite with the JSON reporter; resolves with the failed tests' titles (or the crash). */
function runSuite(suite, out) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mocha, ...suite.args, '--reporter', 'json', '--reporter-option', `output=${out}`], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => {
      let report;
      try {
        report = JSON.parse(readFileSync(out, 'utf8'));
      } catch {
        resolve({ failed: [`${suite.name}: the suite itself failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' | ')}`], total: 0 });
        return;
      }
      resolve({ failed: report.failures.map((f) => `${suite.name}: ${f.fullTitle}`), total: report.stats.tests });
    });
  });
}

console.log(`test:stress: ${runs} runs of the whole suite, both cores loaded on every other run`);
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
execFileSync('npm', ['run', '--silent', 'test:decorators:build'], { cwd: root, stdio: 'inherit' });
const table = new Map(); // title -> { loaded, idle }
let loadedRuns = 0;
let idleRuns = 0;
try {
  for (let i = 0; i < runs; i++) {
    const loaded = i % 2 === 1;
    const stop = loaded ? burn() : () => {};
    const t0 = Date.now();
    let failed = [];
    let total = 0;
    try {
      for (const [k, suite] of suites.entries()) {
        const r = await runSuite(suite, join(tmp, `run-${i}-${k}.json`));
        failed = failed.concat(r.failed);
        total += r.total;
      }
    } finally {
      stop();
    }
    if (loaded) loadedRuns++;
    else idleRuns++;
    for (const title of failed) {
      const row = table.get(title) ?? { loaded: 0, idle: 0 };
      if (loaded) row.loaded++;
      else row.idle++;
      table.set(title, row);
    }
    console.log(`run ${i + 1}/${runs} (${loaded ? 'loaded' : 'idle'}): ${total} tests, ${failed.length} failed, ${((Date.now() - t0) / 1000).toFixed(0)} s${failed.length ? '\n  ' + failed.join('\n  ') : ''}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

console.log('');
console.log('| test | failures / runs | loaded | idle |');
console.log('|---|---:|---:|---:|');
const rows = [...table.entries()].sort((a, b) => (b[1].loaded + b[1].idle) - (a[1].loaded + a[1].idle));
for (const [title, r] of rows) console.log(`| ${title} | ${r.loaded + r.idle} / ${runs} | ${r.loaded} / ${loadedRuns} | ${r.idle} / ${idleRuns} |`);
const totalFailures = rows.reduce((a, [, r]) => a + r.loaded + r.idle, 0);
console.log(`| **all tests** | **${totalFailures}** failures in ${runs} runs | ${loadedRuns} loaded runs | ${idleRuns} idle runs |`);
process.exit(totalFailures === 0 ? 0 : 1);

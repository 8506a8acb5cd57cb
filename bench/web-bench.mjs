// Dashboard benchmark: the real `muxi trace --web` bin on the generated file of bench:reader
// (about 1 GiB / 3 million events), measured as a user meets it: the time from starting the
// command to the first trace list (over HTTP, and in Chromium when it is installed), the time to
// the whole input indexed, opening a trace (HTTP round trip with its events; in the browser, the
// waterfall drawn), the delay from a line written to the file to its trace on the live stream and
// in the open page, and the server's peak RSS. Prints a table against the targets of issue 14 and
// writes bench/data/web-last-run.md.
// Usage: npm run bench:web   (env: WEB_BENCH_MB=1024, CHROMIUM_PATH=/usr/bin/chromium)
/* global document, MutationObserver -- used inside page.evaluate, which runs in the browser */
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { jsonLine } from '../dist/src/format/json.js';

const root = fileURLToPath(new URL('../', import.meta.url));
process.chdir(root);
const sizeMb = Number(process.env.WEB_BENCH_MB ?? 1024);
const data = `bench/data/reader-${sizeMb}.jsonl`;
const work = `bench/data/web-run-${process.pid}.jsonl`;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
mkdirSync('bench/data', { recursive: true });
if (!existsSync(data) || statSync(data).size < sizeMb * 1024 * 1024 * 0.99) {
  execFileSync(process.execPath, ['bench/reader-generate.mjs', data, String(sizeMb)], { stdio: 'inherit' });
}
copyFileSync(data, work);

const now = () => performance.now();
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const ms = (x) => (x === undefined ? 'n/a' : x < 10 ? `${x.toFixed(1)} ms` : `${Math.round(x).toLocaleString('en-US')} ms`);
const hex = (n) => { let s = ''; for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(Math.random() * 16)]; return s; };

function get(port, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}
const getJson = async (port, path) => JSON.parse((await get(port, path)).body);

/** The peak RSS of a process (VmHWM), in MB. */
function peakRss(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : undefined;
}

/** A one-event conversation start with a fresh trace id, written now. */
function liveLine(tag) {
  const trace = hex(32);
  const e = { timestamp: new Date().toISOString(), level: 'TRACE', trace_id: trace, span_id: hex(16), component: 'user', operation: 'message', message: `User sent: live ${tag}`, user_id: 'bench', data: { message: `live ${tag}` } };
  return { trace, line: jsonLine(e) + '\n' };
}

const result = { sizeMb, bytes: statSync(work).size, cpus: cpus().length, load: loadavg()[0] };
// Chromium is started first (its own start-up is not the dashboard's), with a blank page ready.
let chromium;
if (existsSync(chromiumPath)) ({ chromium } = await import('playwright-core'));
let browser;
let page;
if (chromium) {
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}
const t0 = now();
const child = spawn(process.execPath, ['dist/cli/bin.js', 'trace', '--web', '--port', '0', '--file', work], { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (d) => { out += d; });
try {
  while (!out.includes('\n')) await new Promise((r) => setTimeout(r, 5));
  result.urlMs = now() - t0;
  const url = out.split('\n')[0];
  const port = Number(new URL(url).port);

  // The page opened as soon as the URL is printed, while the input is still being read; and the
  // first list over HTTP, polled until it holds rows.
  const shown = page?.goto(url).then(() => page.waitForSelector('tbody tr', { timeout: 60000 })).then(() => { result.pageFirstRowsFromStartMs = now() - t0; });
  for (;;) {
    const first = await getJson(port, '/api/traces?limit=50');
    if (first.traces.length > 0) { result.firstListMs = now() - t0; result.firstListTraces = first.total; break; }
    await new Promise((r) => setTimeout(r, 5));
  }
  await shown;

  // Whole input indexed.
  for (;;) {
    const p = await getJson(port, '/api/traces?limit=1&facetLimit=0');
    if (!p.state.loading) { result.indexedMs = now() - t0; result.traces = p.state.traces; result.evicted = p.state.evicted; break; }
    await new Promise((r) => setTimeout(r, 50));
  }

  // Opening a trace: 200 random ones over HTTP (round trip with all its events).
  const ids = (await getJson(port, '/api/traces?limit=1000&sort=duration_ms')).traces.map((t) => t.trace_id);
  const open = [];
  for (let i = 0; i < 200; i++) {
    const id = ids[Math.floor(Math.random() * ids.length)];
    const t = now();
    const d = await getJson(port, `/api/traces/${id}`);
    open.push(now() - t);
    if (!d.events || d.events.length === 0) throw new Error(`trace ${id}: no events`);
  }
  result.openP50 = pct(open, 50);
  result.openP99 = pct(open, 99);
  result.openMax = Math.max(...open);

  // The same in the browser: a click on a row until the waterfall is drawn.
  if (page) {
    await page.goto(url);
    await page.waitForSelector('tbody tr');
    const clicks = [];
    for (let i = 0; i < 10; i++) {
      // Timed inside the page (playwright's own click and wait add their round trips): from the
      // click on a row to the waterfall drawn with the trace's spans.
      clicks.push(await page.evaluate((n) => new Promise((resolve) => {
        const t = performance.now();
        const done = () => document.querySelector('.wf-row.crit') !== null;
        const mo = new MutationObserver(() => { if (done()) { mo.disconnect(); resolve(performance.now() - t); } });
        mo.observe(document.body, { childList: true, subtree: true });
        document.querySelectorAll('tbody tr')[n].click();
      }), i));
      await page.goBack();
      await page.waitForSelector('tbody tr');
    }
    result.pageOpenP50 = pct(clicks, 50);
    result.pageOpenMax = Math.max(...clicks);
  }

  // Live: a line appended to the file until its trace is on the stream, and in the page's list.
  const sse = await new Promise((resolve, reject) => {
    const seen = new Map();
    const req = request({ host: '127.0.0.1', port, path: '/api/stream', headers: { host: `127.0.0.1:${port}` } }, (res) => {
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const m = /^data: (.*)$/m.exec(block);
          if (m && block.includes('event: update')) for (const t of JSON.parse(m[1]).traces) if (!seen.has(t.trace_id)) seen.set(t.trace_id, now());
        }
      });
      resolve({ seen, stop: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
  if (page) {
    await page.goto(url);
    await page.waitForSelector('tbody tr');
  }
  const streamDelay = [];
  const pageDelay = [];
  for (let i = 0; i < 10; i++) {
    const { trace, line } = liveLine(i);
    const t = now();
    appendFileSync(work, line);
    while (!sse.seen.has(trace)) await new Promise((r) => setTimeout(r, 2));
    streamDelay.push(sse.seen.get(trace) - t);
    if (page) {
      await page.waitForSelector(`tbody tr:has-text("live ${i}")`, { timeout: 10000 });
      pageDelay.push(now() - t);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  sse.stop();
  result.liveStreamP50 = pct(streamDelay, 50);
  result.liveStreamMax = Math.max(...streamDelay);
  if (pageDelay.length) { result.livePageP50 = pct(pageDelay, 50); result.livePageMax = Math.max(...pageDelay); }
  result.peakRssMb = peakRss(child.pid);
} finally {
  await browser?.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.on('close', r));
  rmSync(work, { force: true });
}

const rows = [
  ['URL printed', ms(result.urlMs), ''],
  ['first trace list (HTTP), from the command', ms(result.firstListMs), '< 3 s'],
  ['first rows in Chromium, from the command', ms(result.pageFirstRowsFromStartMs), '< 3 s'],
  ['whole input indexed', `${ms(result.indexedMs)} (${result.traces?.toLocaleString('en-US')} traces, ${result.evicted} evicted)`, ''],
  ['peak RSS of the server', `${Math.round(result.peakRssMb)} MB`, '< 300 MB'],
  ['open a trace (HTTP): p50 / p99 / max', `${ms(result.openP50)} / ${ms(result.openP99)} / ${ms(result.openMax)}`, '< 100 ms'],
  ['open a trace in Chromium (click to waterfall): p50 / max', `${ms(result.pageOpenP50)} / ${ms(result.pageOpenMax)}`, '< 100 ms'],
  ['live: line written → on the stream: p50 / max', `${ms(result.liveStreamP50)} / ${ms(result.liveStreamMax)}`, '< 1 s'],
  ['live: line written → row in the page: p50 / max', `${ms(result.livePageP50)} / ${ms(result.livePageMax)}`, '< 1 s'],
];
const table = [
  `Dashboard benchmark: ${(result.bytes / 1048576).toFixed(0)} MiB input, ${result.cpus} cores, load ${result.load.toFixed(1)} at start`,
  '',
  '| measure | result | target |',
  '|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
].join('\n');
console.log(table);
writeFileSync('bench/data/web-last-run.md', table);

// One measured run of the file source on a big file (started by bench/reader-bench.mjs, in its own
// process so that its peak RSS is the source's). Prints one JSON object.
// Usage: node bench/reader-child.mjs FILE   (env READER_INDEX_BYTES: the index's memory budget)
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { jsonLine } from '../dist/src/format/json.js';
import { openFileSource, parseFilterTerms } from '../dist/src/reader/index.js';

const path = process.argv[2];
const ms = (t) => Math.round((performance.now() - t) * 10) / 10;
const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);

const t0 = performance.now();
const budget = process.env.READER_INDEX_BYTES ? Number(process.env.READER_INDEX_BYTES) : undefined;
const source = openFileSource({ input: { kind: 'file', path }, follow: true, index: true, maxIndexBytes: budget });
const first = await source.traces({ limit: 50 });
const firstMs = ms(t0);
const firstRows = first.total;
const during = [];
for (const t of first.traces.slice(0, 10)) {
  const t1 = performance.now();
  await source.trace(t.trace_id);
  during.push(ms(t1));
}
await source.ready();
const loadMs = ms(t0);
const mem = process.memoryUsage();
const loaded = await source.traces({ limit: 50 });

// One trace, fetched on demand: ids from all over the index.
const ids = [];
for (let k = 0; k < 10; k++) {
  const page = await source.traces({ sort: 'trace_id', offset: Math.floor((loaded.total - 20) * (k / 10)), limit: 20 });
  for (const t of page.traces) ids.push(t.trace_id);
}
const fetches = [];
let events = 0;
for (const id of ids) {
  const t1 = performance.now();
  const d = await source.trace(id);
  fetches.push(ms(t1));
  events += d?.events.length ?? 0;
}

const timed = async (fn) => { const t1 = performance.now(); await fn(); return ms(t1); };
const listDefault = await timed(() => source.traces({ limit: 50 }));
const listByDuration = await timed(() => source.traces({ sort: 'duration_ms', limit: 50 }));
const listFacet = await timed(() => source.traces({ agent: 'billing', errorsOnly: true, limit: 50 }));
const terms = parseFilterTerms('agent=billing level=ERROR');
const filterFirst = await timed(() => source.traces({ terms, limit: 50 }));
const filterAgain = await timed(() => source.traces({ terms, limit: 50, offset: 50 }));
const statsIndex = await timed(() => source.stats({}));

// Live: a line appended to the file reaches a watcher.
const live = [];
for (let k = 0; k < 5; k++) {
  const id = `feed${k}`.padEnd(32, '0').replace(/[^0-9a-f]/g, 'e');
  let resolve;
  const seen = new Promise((r) => { resolve = r; });
  const stop = source.watch((u) => { if (u.events.some((e) => e.trace_id === id)) resolve(); });
  const t1 = performance.now();
  appendFileSync(path, jsonLine({ timestamp: new Date().toISOString(), level: 'TRACE', trace_id: id, span_id: '00f067aa0ba902b7', component: 'user', operation: 'message', message: 'User sent: live' }) + '\n');
  await seen;
  live.push(ms(t1));
  stop();
}
await source.close();
clearInterval(sampler);
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({
  firstMs, firstRows, loadMs, traces: loaded.total, evicted: loaded.state.evicted, skipped: loaded.state.skipped, bytes: loaded.state.bytesTotal,
  peakRssMb: Math.round(Math.max(peak, maxRss) / 1048576), loadedHeapMb: Math.round(mem.heapUsed / 1048576), loadedBuffersMb: Math.round(mem.arrayBuffers / 1048576), duringFetchMaxMs: Math.max(...during),
  fetchP50: q(fetches, 50), fetchP99: q(fetches, 99), fetchMax: Math.max(...fetches), fetched: ids.length, fetchedEvents: events,
  listDefault, listByDuration, listFacet, filterFirst, filterAgain, statsIndex, liveMaxMs: Math.max(...live), liveMs: live,
}));

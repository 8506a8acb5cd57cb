// Benchmark of the `muxi trace --tui` viewer on 100,000 events (issue 6): time to first frame,
// cost of one frame after a key press, filter re-typing and trace opening on a full buffer, and
// how many frames a fast live feed costs (the frame cap). Renders the real App with Ink into a
// fake terminal (ink-testing-library). Run: npm run bench:tui  (builds dist/ first).
import { performance } from 'node:perf_hooks';

// React's production build, as `runTui` chooses (set before React loads, hence the dynamic imports).
process.env.NODE_ENV ??= 'production';
const { default: React } = await import('react');
const { render } = await import('ink-testing-library');
const { App } = await import('../dist/cli/tui/App.js');
const { ViewerModel } = await import('../dist/cli/tui/viewer-model.js');
const { compileFilterText } = await import('../dist/cli/tui/filter-adapter.js');
const { iterableSource } = await import('../dist/cli/tui/use-event-feed.js');
const { readerSource } = await import('../dist/cli/tui/reader-source.js');
const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');

const N = Number(process.env.TUI_BENCH_EVENTS ?? 100_000);
const WIDTH = 120;
const HEIGHT = 40;

// ---- events: whole conversations shaped like a MUXI app's trace (11 events each) ----
let seq = 0;
const hex = (n, len) => n.toString(16).padStart(len, '0').slice(-len);
const id = (len) => {
  let out = '';
  while (out.length < len) out += hex((Math.imul(++seq, 2654435761) >>> 0) ^ 0x5bd1e995, 8);
  return out.slice(0, len);
};
function conversation(i) {
  const trace = id(32);
  const t0 = Date.parse('2026-05-15T10:00:00.000Z') + i * 250;
  const agent = i % 3 ? 'weather' : 'travel';
  const [root, route, proc, llm, call, mcp] = [id(16), id(16), id(16), id(16), id(16), id(16)];
  const fail = i % 50 === 49;
  const err = fail ? { level: 'ERROR', error: { type: 'ToolError', message: 'upstream timeout' } } : {};
  const ev = (ms, span, parent, component, operation, message, extra = {}) => ({
    timestamp: new Date(t0 + ms).toISOString(), level: 'TRACE', trace_id: trace, span_id: span,
    ...(parent ? { parent_span_id: parent } : {}), component, operation, message, user_id: `u${i % 17}`, ...extra,
  });
  return [
    ev(0, root, undefined, 'user', 'message', `User sent: question number ${i}`),
    ev(2, route, root, 'orchestrator', 'route', `Routing message to agent '${agent}'`, { agent_id: agent }),
    ev(3, proc, root, 'agent', 'process_start', `Agent '${agent}' processing message`, { agent_id: agent }),
    ev(4, llm, proc, 'agent', 'llm_call', `Agent '${agent}' calling model 'gpt-x'`, { agent_id: agent }),
    ev(40, llm, proc, 'agent', 'llm_result', 'model answered', { agent_id: agent, duration_ms: 36, data: { usage: { input_tokens: 120, output_tokens: 30 } } }),
    ev(41, call, proc, 'agent', 'tool_call', `Agent '${agent}' calling tool 'forecast' on server 'meteo'`, { agent_id: agent, data: { params: { city: 'Paris' } } }),
    ev(42, mcp, call, 'mcp', 'tool_call', 'executing forecast'),
    ev(90, mcp, call, 'mcp', 'tool_result', 'forecast done', { duration_ms: 48, ...err }),
    ev(91, call, proc, 'agent', 'tool_result', `Agent '${agent}' received result from tool 'forecast'`, { agent_id: agent, duration_ms: 50, ...err }),
    ev(95, proc, root, 'agent', 'response', `Agent '${agent}' responded: sunny`, { agent_id: agent, duration_ms: 92 }),
    ev(96, root, undefined, 'orchestrator', 'response', 'Orchestrator responding to user: sunny', { duration_ms: 96 }),
  ];
}
const events = [];
for (let i = 0; events.length < N; i++) events.push(...conversation(i));
events.length = N;

const tick = () => new Promise((r) => setImmediate(r));
const ms = (x) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const rows = [];

async function until(check, limit = 120_000) {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > limit) throw new Error('timed out');
    await tick();
  }
}

// ---- 1. a file of N events: time to first frame with events, and to the frame with all of them ----
{
  const model = new ViewerModel({ compile: compileFilterText, follow: false, capacity: 200_000 });
  const t0 = performance.now();
  const app = render(React.createElement(App, { model, source: iterableSource(events, 8192), width: WIDTH, height: HEIGHT, title: 'bench' }));
  await until(() => app.frames.length > 0);
  const mount = performance.now() - t0;
  await until(() => (app.lastFrame() ?? '').includes('▶'));
  const first = performance.now() - t0;
  await until(() => model.ended && (app.lastFrame() ?? '').includes(`${N.toLocaleString('en-US')} of ${N.toLocaleString('en-US')} match`));
  const all = performance.now() - t0;
  rows.push(['load: first frame (cold start of React and Ink)', ms(mount)], ['load: first frame with events', ms(first)], ['load: frame with all events (end of input)', ms(all)], ['load: frames rendered while loading', String(app.frames.length)]);

  // ---- 2. per-frame cost on the full buffer: key press -> new frame ----
  const keyCost = async (key, n) => {
    const costs = [];
    for (let i = 0; i < n; i++) {
      const before = app.frames.length;
      const t = performance.now();
      app.stdin.write(key(i));
      await until(() => app.frames.length > before);
      costs.push(performance.now() - t);
    }
    return costs;
  };
  const nav = await keyCost((i) => (i % 2 ? 'j' : '\u001b[6~'), 200); // j / PgDn
  rows.push([`frame after a key (j, PgDn) on ${N.toLocaleString('en-US')} events: median`, ms(pct(nav, 0.5))], ['  p95', ms(pct(nav, 0.95))]);
  app.stdin.write('G');
  await tick();
  // the filter line: every key re-filters the whole buffer
  app.stdin.write('/');
  await until(() => (app.lastFrame() ?? '').includes('/ '));
  const typed = await keyCost((i) => 'component=mcp'[i], 'component=mcp'.length);
  rows.push([`frame after a filter keystroke (re-filter ${N.toLocaleString('en-US')} events): median`, ms(pct(typed, 0.5))], ['  max', ms(Math.max(...typed))]);
  app.stdin.write('\r');
  await tick();
  const open = await keyCost(() => '\r', 1);
  rows.push(['open a trace (Enter) on the full buffer', ms(open[0])]);
  app.unmount();
}

// ---- 1b. the same events from a JSON-lines file through the CLI's reader (parse included) ----
{
  const dir = mkdtempSync(join(tmpdir(), 'muxi-tui-bench-'));
  const file = join(dir, 'app.jsonl');
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const model = new ViewerModel({ compile: compileFilterText, follow: false, capacity: 200_000 });
  const t0 = performance.now();
  const app = render(React.createElement(App, { model, source: readerSource({ input: { kind: 'file', path: file } }), width: WIDTH, height: HEIGHT, title: 'bench' }));
  await until(() => (app.lastFrame() ?? '').includes('▶'));
  const first = performance.now() - t0;
  await until(() => model.ended && (app.lastFrame() ?? '').includes('end of input'));
  rows.push(['file (reader + JSON parse): first frame with events', ms(first)], ['file: frame with all events', ms(performance.now() - t0)]);
  app.unmount();
  rmSync(dir, { recursive: true, force: true });
}

// ---- 3. live feeds, following: as fast as possible, then paced at 20,000 events/s for 2 s ----
{
  const model = new ViewerModel({ compile: compileFilterText, follow: true, capacity: 50_000 });
  const source = async (push) => {
    for (let i = 0; i < events.length; i += 100) await push(events.slice(i, i + 100));
  };
  const t0 = performance.now();
  const app = render(React.createElement(App, { model, source, width: WIDTH, height: HEIGHT, title: 'bench' }));
  await until(() => model.ended);
  const elapsed = performance.now() - t0;
  rows.push(['live feed, unpaced: events per second ingested (50,000-event buffer)', Math.round(N / (elapsed / 1000)).toLocaleString('en-US')],
    ['live feed, unpaced: dropped (whole traces)', `${model.buffer.droppedEvents.toLocaleString('en-US')} events, ${model.buffer.droppedTraces.toLocaleString('en-US')} traces`]);
  app.unmount();
}
{
  const model = new ViewerModel({ compile: compileFilterText, follow: true, capacity: 50_000 });
  const rate = 20_000;
  const seconds = 2;
  const source = async (push) => {
    const start = performance.now();
    let sent = 0;
    while (sent < rate * seconds) {
      const due = Math.min(rate * seconds, Math.floor(((performance.now() - start) / 1000) * rate));
      if (due > sent) {
        await push(events.slice(sent % N, (sent % N) + (due - sent)));
        sent = due;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const t0 = performance.now();
  const app = render(React.createElement(App, { model, source, width: WIDTH, height: HEIGHT, title: 'bench' }));
  await until(() => model.ended);
  const elapsed = performance.now() - t0;
  rows.push([`live feed, ${rate.toLocaleString('en-US')} events/s: frames rendered (capped at 20/s)`, `${app.frames.length} in ${ms(elapsed)} (${(app.frames.length / (elapsed / 1000)).toFixed(1)}/s)`]);
  app.unmount();
}

// ---- 4. model only (no rendering) ----
{
  const model = new ViewerModel({ compile: compileFilterText, follow: true, capacity: 200_000 });
  let t = performance.now();
  model.dispatch({ type: 'append', events });
  rows.push([`model: append ${N.toLocaleString('en-US')} events at once`, ms(performance.now() - t)]);
  model.dispatch({ type: 'openFilter' });
  t = performance.now();
  model.dispatch({ type: 'editFilter', text: 'agent=weather level>=WARN' });
  rows.push(['model: re-filter the buffer (agent=weather level>=WARN)', ms(performance.now() - t)]);
}

const w = Math.max(...rows.map((r) => r[0].length));
console.log(`muxi trace --tui benchmark: ${N.toLocaleString('en-US')} events, ${WIDTH}x${HEIGHT} terminal, Node ${process.version}, NODE_ENV=${process.env.NODE_ENV}`);
for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
process.exit(0);

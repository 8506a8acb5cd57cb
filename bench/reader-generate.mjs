// Generates the trace-source benchmark's input: MUXI conversations of about 15 events (user
// message, routing, agent start, model calls with token usage, tool calls seen by the agent and
// the MCP server, responses), eight at a time interleaved as concurrent conversations are
// written, in our JSON-line form (the built `jsonLine`), with ~0.2% app-log lines. Seeded.
// Usage: node bench/reader-generate.mjs OUT_PATH SIZE_MB   (needs `npm run build`)
import { createWriteStream } from 'node:fs';
import { jsonLine } from '../dist/src/format/json.js';

const out = process.argv[2] ?? 'bench/data/reader-1024.jsonl';
const targetBytes = Number(process.argv[3] ?? 1024) * 1024 * 1024;
let seed = 20261124;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const hex = (n) => { let s = ''; for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)]; return s; };
const agents = { weather: ['get_forecast', 'get_alerts'], calendar: ['list_events', 'create_event'], search: ['web_search', 'fetch_page'], billing: ['get_invoice'] };
const models = ['gpt-4o', 'claude-sonnet-4', 'llama-3.1-70b'];
const asks = [
  'What is the weather like in Paris this weekend, and should I bring an umbrella?',
  'Move my 3pm meeting with the design team to tomorrow morning and tell everyone.',
  'Find the three most cited papers on retrieval-augmented generation from last year.',
  'Why was I charged twice on my last invoice? Please check and refund the duplicate.',
  'Is there a storm warning for Tokyo on Friday?',
];
let clock = Date.parse('2026-05-15T00:00:00.000Z');

/** One conversation as a list of events (timestamps filled in when written). */
function conversation() {
  const trace = hex(32);
  const user = 'user-' + Math.floor(rnd() * 2000);
  const agent = pick(Object.keys(agents));
  const ask = pick(asks);
  const model = pick(models);
  const root = hex(16);
  const route = hex(16);
  const proc = hex(16);
  const ev = [];
  const add = (span, parent, component, operation, message, extra = {}) => ev.push({ span, parent, component, operation, message, ...extra });
  add(root, undefined, 'user', 'message', `User sent: ${ask}`, { user, data: { message: ask } });
  add(route, root, 'orchestrator', 'route', `Routing message to agent '${agent}'`, { user, agent, data: { agent_id: agent } });
  add(proc, root, 'agent', 'process_start', `Agent '${agent}' processing message`, { user, agent });
  const calls = 1 + (rnd() < 0.6 ? 1 : 0);
  for (let i = 0; i < calls; i++) {
    const llm = hex(16);
    add(llm, proc, 'agent', 'llm_call', `Agent '${agent}' calling model '${model}'`, { user, agent, data: { model, messages: 1 + i * 2 } });
    const inp = 200 + Math.floor(rnd() * 3000);
    const outp = 20 + Math.floor(rnd() * 500);
    add(llm, proc, 'agent', 'llm_result', `Model '${model}' answered (${inp}+${outp} tokens)`, { user, agent, duration_ms: Math.round(rnd() * 20000) / 10, data: { model, output: 'Calling a tool.', usage: { input_tokens: inp, output_tokens: outp, total_tokens: inp + outp } } });
    const tool = pick(agents[agent]);
    const tc = hex(16);
    const mc = hex(16);
    const params = { city: 'Paris', days: 3 };
    add(tc, proc, 'agent', 'tool_call', `Agent '${agent}' calling tool '${tool}' on server '${agent}-mcp'`, { user, agent, data: { server: `${agent}-mcp`, tool, params } });
    add(mc, tc, 'mcp', 'tool_call', `Executing '${tool}'`, { user, agent, data: { server: `${agent}-mcp`, tool, params } });
    const failed = rnd() < 0.02;
    const d = Math.round(rnd() * 8000) / 10;
    add(mc, tc, 'mcp', 'tool_result', `Finished '${tool}'`, { user, agent, level: failed ? 'ERROR' : 'TRACE', duration_ms: d, data: { server: `${agent}-mcp`, tool, result: failed ? { isError: true } : { ok: 1 } } });
    add(tc, proc, 'agent', 'tool_result', `Agent '${agent}' received result from tool '${tool}'`, { user, agent, level: failed ? 'ERROR' : 'TRACE', duration_ms: d + 1.5, data: { server: `${agent}-mcp`, tool } });
  }
  add(proc, root, 'agent', 'response', `Agent '${agent}' responded: rain on Saturday`, { user, agent, duration_ms: Math.round(rnd() * 50000) / 10 });
  add(root, undefined, 'orchestrator', 'response', 'Orchestrator responding to user: rain on Saturday', { user, duration_ms: Math.round(rnd() * 60000) / 10 });
  return { trace, ev, next: 0 };
}

const ws = createWriteStream(out);
let written = 0;
let events = 0;
let traces = 0;
let buf = '';
const live = [];
while (written < targetBytes) {
  while (live.length < 8) { live.push(conversation()); traces++; }
  const i = Math.floor(rnd() * live.length);
  const c = live[i];
  const e = c.ev[c.next++];
  clock += Math.floor(rnd() * 6);
  const event = { timestamp: new Date(clock).toISOString(), level: e.level ?? 'TRACE', trace_id: c.trace, span_id: e.span, component: e.component, operation: e.operation, message: e.message };
  if (e.parent) event.parent_span_id = e.parent;
  if (e.user) event.user_id = e.user;
  if (e.agent) event.agent_id = e.agent;
  if (e.data) event.data = e.data;
  if (e.duration_ms !== undefined) event.duration_ms = e.duration_ms;
  buf += jsonLine(event) + '\n';
  events++;
  if (rnd() < 0.002) buf += `2026-05-15 10:00:00 INFO app: request handled in ${Math.floor(rnd() * 100)}ms\n`;
  if (c.next === c.ev.length) live.splice(i, 1);
  if (buf.length > 1 << 20) {
    written += Buffer.byteLength(buf);
    if (!ws.write(buf)) await new Promise((r) => ws.once('drain', r));
    buf = '';
  }
}
if (buf) { written += Buffer.byteLength(buf); ws.write(buf); }
ws.end();
await new Promise((r) => ws.on('finish', r));
console.log(`wrote ${out}: ${(written / 1048576).toFixed(0)} MB, ${events} events, ${traces} conversations (${(events / traces).toFixed(1)} events each)`);

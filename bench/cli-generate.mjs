// Generates a realistic trace file for the CLI benchmark: MUXI conversations (user, orchestrator,
// agents, tools, model calls with token usage) as contract JSON lines, with ~0.5% non-event lines.
// Usage: node bench/cli-generate.mjs OUT_PATH SIZE_MB
import { createWriteStream } from 'node:fs';

const out = process.argv[2] ?? 'bench/data/cli-bench.jsonl';
const targetBytes = Number(process.argv[3] ?? 512) * 1024 * 1024;
const agents = ['weather', 'calendar', 'search', 'billing'];
const tools = { weather: ['get_forecast', 'get_alerts'], calendar: ['list_events'], search: ['web_search', 'fetch_page'], billing: ['invoice'] };
const models = ['gpt-4o', 'claude-sonnet', 'llama-3'];
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const hex = (n) => { let s = ''; for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)]; return s; };
let t = Date.parse('2026-05-15T00:00:00.000Z');

function ev(traceId, parent, component, operation, message, extra = {}) {
  t += Math.floor(rnd() * 20);
  const e = { timestamp: new Date(t).toISOString(), level: extra.level ?? 'TRACE', trace_id: traceId, span_id: hex(16) };
  if (parent) e.parent_span_id = parent;
  Object.assign(e, { component, operation, message });
  if (extra.user_id) e.user_id = extra.user_id;
  if (extra.agent_id) e.agent_id = extra.agent_id;
  if (extra.data) e.data = extra.data;
  if (extra.duration_ms !== undefined) e.duration_ms = extra.duration_ms;
  return JSON.stringify(e);
}

let conv = 0;
function conversation() {
  const tr = hex(24) + (conv++).toString(16).padStart(8, '0');
  const root = hex(16);
  const user = 'user-' + Math.floor(rnd() * 500);
  const agent = agents[Math.floor(rnd() * agents.length)];
  const lines = [];
  const msg = 'What is the weather like in Paris this weekend, and should I bring an umbrella?';
  lines.push(ev(tr, undefined, 'user', 'message', `User sent: ${msg}`, { user_id: user, data: { message: msg } }));
  lines.push(ev(tr, root, 'orchestrator', 'route', `Routing message to agent '${agent}'`, { user_id: user, agent_id: agent }));
  lines.push(ev(tr, root, 'agent', 'process_start', `Agent '${agent}' processing message`, { user_id: user, agent_id: agent }));
  const model = models[Math.floor(rnd() * models.length)];
  const calls = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < calls; i++) {
    lines.push(ev(tr, root, 'agent', 'llm_call', `Agent '${agent}' calling model '${model}'`, { agent_id: agent, data: { model } }));
    lines.push(ev(tr, root, 'agent', 'llm_result', `Model '${model}' answered`, { agent_id: agent, duration_ms: Math.round(rnd() * 2000 * 10) / 10,
      data: { model, usage: { input_tokens: 200 + Math.floor(rnd() * 2000), output_tokens: 20 + Math.floor(rnd() * 400) } } }));
    const list = tools[agent];
    const tool = list[Math.floor(rnd() * list.length)];
    const params = { city: 'Paris', days: 3 };
    lines.push(ev(tr, root, 'agent', 'tool_call', `Agent '${agent}' calling tool '${tool}' on server '${agent}-mcp'`, { agent_id: agent, data: { server: `${agent}-mcp`, tool, params } }));
    lines.push(ev(tr, root, 'mcp', 'tool_call', `Executing ${tool} on ${agent}-mcp`, { agent_id: agent, data: { server: `${agent}-mcp`, tool, params } }));
    const failed = rnd() < 0.02;
    const d = Math.round(rnd() * 800 * 10) / 10;
    lines.push(ev(tr, root, 'mcp', 'tool_result', `${tool} finished`, { agent_id: agent, level: failed ? 'ERROR' : 'TRACE', duration_ms: d, data: { server: `${agent}-mcp`, tool, result: { temp: 18, rain: 0.4 } } }));
    lines.push(ev(tr, root, 'agent', 'tool_result', `Agent '${agent}' received result from tool '${tool}'`, { agent_id: agent, level: failed ? 'ERROR' : 'TRACE', duration_ms: d + 1.5, data: { server: `${agent}-mcp`, tool } }));
  }
  lines.push(ev(tr, root, 'agent', 'response', `Agent '${agent}' responded: Light rain is expected on Saturday; bring an umbrella.`, { agent_id: agent, duration_ms: Math.round(rnd() * 5000) }));
  lines.push(ev(tr, root, 'orchestrator', 'response', 'Orchestrator responding to user: Light rain is expected on Saturday; bring an umbrella.', { user_id: user, duration_ms: Math.round(rnd() * 6000) }));
  if (rnd() < 0.05) lines.push(`2026-05-15 10:00:00 INFO app: request handled in ${Math.floor(rnd() * 100)}ms`);
  return lines.join('\n') + '\n';
}

const ws = createWriteStream(out);
let written = 0;
let buf = '';
while (written < targetBytes) {
  buf += conversation();
  if (buf.length > 1 << 20) {
    written += Buffer.byteLength(buf);
    if (!ws.write(buf)) await new Promise((r) => ws.once('drain', r));
    buf = '';
  }
}
if (buf) ws.write(buf);
ws.end();
await new Promise((r) => ws.on('finish', r));
console.log(`wrote ${out} (${(written / 1048576).toFixed(0)} MB)`);

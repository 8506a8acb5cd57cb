import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TraceEvent } from 'muxi-tracing';
import { readJsonLines } from '../helpers/trace-lines.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The PRD §7 flow of one user message in the demo (the agent thinks before and after its tool call). */
const FLOW = [
  'user:message', 'orchestrator:route', 'agent:process_start', 'agent:llm_call', 'agent:llm_result',
  'agent:tool_call', 'mcp:tool_call', 'mcp:tool_result', 'agent:tool_result', 'agent:llm_call', 'agent:llm_result',
  'agent:response', 'orchestrator:response',
];

const CONVERSATION = [
  { user: 'alice', message: "What's the weather in Paris?", agent: 'weather', tool: 'get_weather', answer: 'It is sunny, 21°C in Paris.' },
  { user: 'bob', message: 'Please calculate 12 * (3 + 4)', agent: 'math', tool: 'calculate', answer: 'The answer is 84 (12 * (3 + 4) = 84).' },
  { user: 'alice', message: 'Are there any weather alerts for Tokyo?', agent: 'weather', tool: 'get_alerts', failed: true,
    answer: 'Sorry, I could not get the alerts for Tokyo: alerts service unavailable for Tokyo' },
  { user: 'alice', message: 'And the weather in London?', agent: 'weather', tool: 'get_weather', answer: 'It is light rain, 14°C in London.' },
];

/** The PRD wording of each event of a conversation, by position in FLOW (llm_result wording is free). */
function wording(c: (typeof CONVERSATION)[number]): Array<string | undefined> {
  return [
    `User sent: ${c.message}`,
    `Routing message to agent '${c.agent}'`,
    `Agent '${c.agent}' processing message`,
    `Agent '${c.agent}' calling model 'fake-${c.agent}-1'`,
    undefined,
    `Agent '${c.agent}' calling tool '${c.tool}' on server 'tools'`,
    `MCP server 'tools' executing tool '${c.tool}'`,
    undefined,
    `Agent '${c.agent}' received result from tool '${c.tool}'`,
    `Agent '${c.agent}' calling model 'fake-${c.agent}-1'`,
    undefined,
    `Agent '${c.agent}' responded: ${c.answer}`,
    `Orchestrator responding to user: ${c.answer}`,
  ];
}

const LINE = /^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})\] \| (\w+)\s* \| ([0-9a-f]{8}) \| (\w+):(\w+) - (.*)$/;

function runDemo(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'samples/demo.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('samples: npm run demo', function () {
  this.timeout(120_000);
  let dir: string;
  let out: { code: number | null; stdout: string; stderr: string };
  let file: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-demo-'));
    file = join(dir, 'demo.jsonl');
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TRACING_') && k !== 'FORCE_COLOR') env[k] = v;
    out = await runDemo({ ...env, TRACING_FILE: file, NO_COLOR: '1' });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits cleanly and says how to view the file', () => {
    expect(out.code, out.stderr).to.equal(0);
    expect(out.stdout).to.include(`View them with: npx muxi trace --file ${file}`);
    expect(out.stderr).to.not.include('muxi-tracing:');
  });

  it('prints the PRD §7 flow in the text format, event for event, one trace id per conversation', () => {
    const blocks = out.stdout.split(/^(?=(?!muxi> )\w+> )/m).filter((b) => /^(?!muxi> )\w+> /.test(b));
    expect(blocks).to.have.length(CONVERSATION.length);
    const ids = new Set<string>();
    CONVERSATION.forEach((c, i) => {
      const block = blocks[i]!;
      expect(block.startsWith(`${c.user}> ${c.message}\n`)).to.equal(true);
      expect(block).to.include(`muxi> ${c.answer}`);
      const lines = block.split('\n').map((l) => LINE.exec(l)).filter((m): m is RegExpExecArray => m !== null);
      expect(lines.map((m) => `${m[4]}:${m[5]}`), c.message).to.deep.equal(FLOW);
      expect(new Set(lines.map((m) => m[3])).size).to.equal(1);
      ids.add(lines[0]![3]!);
      const words = wording(c);
      lines.forEach((m, j) => { if (words[j] !== undefined) expect(m[6], FLOW[j]).to.equal(words[j]); });
      const levels = lines.map((m) => m[2]);
      const errorAt = c.failed ? [FLOW.indexOf('mcp:tool_result'), FLOW.indexOf('agent:tool_result')] : [];
      levels.forEach((l, j) => expect(l, FLOW[j]).to.equal(errorAt.includes(j) ? 'ERROR' : 'TRACE'));
      expect(lines[4]![6]).to.match(/\(\d+ input \+ \d+ output tokens\)$/);
    });
    expect(ids.size).to.equal(CONVERSATION.length);
  });

  it('writes the same flow as JSON lines, as a span tree per trace, with usage and durations', () => {
    const events = readJsonLines(file);
    const traces = [...new Set(events.map((e) => e.trace_id))];
    expect(traces).to.have.length(CONVERSATION.length);
    const printed = out.stdout.split('\n').map((l) => LINE.exec(l)).filter((m) => m !== null).map((m) => m[3]);
    traces.forEach((tid, i) => {
      const c = CONVERSATION[i]!;
      const ev = events.filter((e) => e.trace_id === tid);
      expect(tid).to.match(/^[0-9a-f]{32}$/);
      expect(printed).to.include(tid.slice(0, 8));
      expect(ev.map((e) => `${e.component}:${e.operation}`)).to.deep.equal(FLOW);
      const words = wording(c);
      ev.forEach((e, j) => {
        if (words[j] !== undefined) expect(e.message).to.equal(words[j]);
        expect(e.user_id).to.equal(c.user);
        expect(e.timestamp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      });
      const [root, route, agent, llm, llmResult, tool, mcp, mcpResult, toolResult, , , response, final] = ev as TraceEvent[] & { length: 13 };
      expect(root!.parent_span_id).to.equal(undefined);
      expect(route!.parent_span_id).to.equal(root!.span_id);
      expect(agent!.parent_span_id).to.equal(root!.span_id);
      expect(llm!.parent_span_id).to.equal(agent!.span_id);
      expect(tool!.parent_span_id).to.equal(agent!.span_id);
      expect(mcp!.parent_span_id).to.equal(tool!.span_id);
      expect(final!.span_id).to.equal(root!.span_id);
      expect(response!.span_id).to.equal(agent!.span_id);
      expect(mcpResult!.span_id).to.equal(mcp!.span_id);
      expect(toolResult!.span_id).to.equal(tool!.span_id);
      for (const e of [llmResult!, mcpResult!, toolResult!, response!, final!]) expect(e.duration_ms).to.be.a('number');
      const usage = llmResult!.data?.['usage'] as { input_tokens: number; output_tokens: number };
      expect(usage.input_tokens).to.be.greaterThan(0);
      expect(usage.output_tokens).to.be.greaterThan(0);
      expect(mcpResult!.level).to.equal(c.failed ? 'ERROR' : 'TRACE');
    });
  });

  it("has the MCP server's own events in the caller's traces, under the mcp:tool_call span", () => {
    const events = readJsonLines(file);
    const server = readJsonLines(join(dir, 'mcp-server.jsonl'));
    expect(server.map((e) => `${e.component}:${e.operation}`)).to.deep.equal([
      'tools:weather_start', 'tools:weather_end', 'tools:calculate_start', 'tools:calculate_end',
      'tools:alerts_start', 'tools:alerts_error', 'tools:weather_start', 'tools:weather_end',
    ]);
    for (const e of server) {
      const call = events.find((x) => x.trace_id === e.trace_id && x.component === 'mcp' && x.operation === 'tool_call');
      expect(call, e.operation).to.not.equal(undefined);
      expect(e.parent_span_id).to.equal(call!.span_id);
    }
    expect(server[5]!.level).to.equal('ERROR');
    expect(server[5]!.error?.message).to.equal('alerts service unavailable for Tokyo');
  });
});

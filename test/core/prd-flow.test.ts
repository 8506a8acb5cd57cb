/**
 * The PRD §7 example flow, produced by the component methods alone, checked as the stdout
 * sink writes it in both formats: the PRD text template and JSON lines.
 */
import { expect } from 'chai';
import { MemorySink, Tracer, defaultConfig } from '../../src/index.js';
import { createStdoutSink } from '../../src/sinks/stdout.js';
import { EVENT_FIELDS, closesSpan } from '../../src/event.js';
import { jsonLine } from '../../src/format/json.js';
import type { TraceEvent } from '../../src/index.js';
import { CaptureStream } from '../helpers/capture-stream.js';
import { isolated } from '../helpers/delay.js';

const p2 = (n: number): string => String(n).padStart(2, '0');
/** Local time as `YYYY-MM-DD HH:mm:ss.SSS`, computed independently of the formatter. */
function localTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

const EXPECTED = [
  ['user', 'message', "User sent: What's the weather in Paris?"],
  ['orchestrator', 'route', "Routing message to agent 'weather-agent'"],
  ['agent', 'process_start', "Agent 'weather-agent' processing message"],
  ['agent', 'tool_call', "Agent 'weather-agent' calling tool 'get_weather' on server 'weather-server'"],
  ['agent', 'tool_result', "Agent 'weather-agent' received result from tool 'get_weather'"],
  ['agent', 'response', "Agent 'weather-agent' responded: It is 18°C and sunny in Paris."],
  ['orchestrator', 'response', 'Orchestrator responding to user: It is 18°C and sunny in Paris.'],
] as const;

async function runFlow(): Promise<{ mem: MemorySink; text: CaptureStream; json: CaptureStream; traceId: string }> {
  const mem = new MemorySink();
  const text = new CaptureStream();
  const json = new CaptureStream();
  const t = new Tracer({
    env: false,
    stdout: false,
    sinks: [
      mem,
      createStdoutSink(defaultConfig(), { stream: text }),
      createStdoutSink({ ...defaultConfig(), format: 'json' }, { stream: json }),
    ],
  });
  let traceId = '';
  await isolated(async () => {
    const question = "What's the weather in Paris?";
    traceId = t.userMessage(question, 'user-42');
    t.orchestratorRoute(question, 'weather-agent');
    await new Promise((r) => setTimeout(r, 2));
    t.agentProcessing('weather-agent');
    t.agentToolCall('weather-agent', 'weather-server', 'get_weather', { city: 'Paris' });
    await new Promise((r) => setTimeout(r, 2));
    t.agentToolResult('weather-agent', 'weather-server', 'get_weather', { temperature: 18, conditions: 'sunny' });
    t.agentResponse('weather-agent', 'It is 18°C and sunny in Paris.');
    t.orchestratorResponse('It is 18°C and sunny in Paris.');
  });
  await t.flush();
  return { mem, text, json, traceId };
}

describe('core: PRD §7 flow', () => {
  const savedTz = process.env['TZ'];
  // A zone with a half-hour offset, so local time visibly differs from UTC.
  before(() => { process.env['TZ'] = 'Asia/Kolkata'; });
  after(() => {
    if (savedTz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = savedTz;
  });

  it('emits the seven events in order with the PRD wording', async () => {
    const { mem, traceId } = await runFlow();
    expect(mem.events.map((e) => [e.component, e.operation, e.message])).to.deep.equal(EXPECTED.map((r) => [...r]));
    for (const e of mem.events) expect(e.trace_id).to.equal(traceId);
    expect(mem.events[0]!.user_id).to.equal('user-42');
    expect(mem.events[3]!.data).to.deep.equal({ server: 'weather-server', tool: 'get_weather', params: { city: 'Paris' } });
  });

  it('writes the PRD text template: local time, padded level, 8-hex trace id', async () => {
    const { mem, text, traceId } = await runFlow();
    const lines = text.lines();
    expect(lines).to.have.length(EXPECTED.length);
    lines.forEach((line, i) => {
      const e = mem.events[i]!;
      const [component, operation, message] = EXPECTED[i]!;
      expect(line).to.equal(`[${localTime(e.timestamp)}] | TRACE    | ${traceId.slice(0, 8)} | ${component}:${operation} - ${message}`);
      expect(line).to.match(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \| TRACE {4}\| [0-9a-f]{8} \| /);
    });
    // Local time, not UTC: Asia/Kolkata is UTC+05:30, so the minutes differ from the ISO timestamp's.
    const first = mem.events[0]!;
    expect(lines[0]!.slice(1, 24)).to.not.equal(first.timestamp.slice(0, 23).replace('T', ' '));
    expect(text.text).to.not.include('\u001b'); // not a TTY: no colour
  });

  it('writes JSON lines in the contract form', async () => {
    const { mem, json, traceId } = await runFlow();
    const lines = json.lines();
    expect(lines).to.have.length(EXPECTED.length);
    const root = mem.events[0]!;
    lines.forEach((line, i) => {
      const e = mem.events[i]!;
      expect(line).to.equal(jsonLine(e));
      expect(line).to.not.include('\n');
      const o = JSON.parse(line) as Record<string, unknown>;
      const keys = Object.keys(o);
      expect(keys, 'field order').to.deep.equal(EVENT_FIELDS.filter((f) => f in o));
      expect(o['timestamp']).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(new Date(o['timestamp'] as string).toISOString()).to.equal(o['timestamp']);
      expect(o['level']).to.equal('TRACE');
      expect(o['trace_id']).to.equal(traceId).and.match(/^[0-9a-f]{32}$/);
      expect(o['span_id']).to.match(/^[0-9a-f]{16}$/);
      for (const [k, v] of Object.entries(o)) expect(v, k).to.not.equal(null);
      expect('duration_ms' in o, `duration_ms on ${o['operation']}`).to.equal(closesSpan(o['operation'] as string));
      if ('duration_ms' in o) expect(o['duration_ms']).to.be.a('number').and.at.least(0);
      expect(o).to.not.have.property('error');
      if (i === 0 || i === lines.length - 1) expect(o).to.not.have.property('parent_span_id');
      else expect(o['parent_span_id']).to.match(/^[0-9a-f]{16}$/);
    });
    const ev = lines.map((l) => JSON.parse(l) as TraceEvent);
    // Span structure: root = user:message, closed by orchestrator:response.
    expect(ev[6]!.span_id).to.equal(root.span_id);
    expect(ev[1]!.parent_span_id).to.equal(root.span_id);
    expect(ev[2]!.parent_span_id).to.equal(root.span_id);
    expect(ev[3]!.parent_span_id).to.equal(ev[2]!.span_id);
    expect(ev[4]!.span_id).to.equal(ev[3]!.span_id);
    expect(ev[5]!.span_id).to.equal(ev[2]!.span_id);
    expect(ev[2]!.agent_id).to.equal('weather-agent');
    expect(ev[0]).to.not.have.property('agent_id');
    expect(ev[4]!.duration_ms!).to.be.at.least(1);
  });
});

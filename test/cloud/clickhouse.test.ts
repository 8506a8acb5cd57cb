/**
 * The shipped ClickHouse schema (samples/cloud/schema.sql) loaded into a real ClickHouse
 * engine (chdb, embedded), fed the tracer's real JSON-lines output, queried as a user would.
 */
import { expect } from 'chai';
import { Session } from 'chdb';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Tracer } from '../../src/index.js';
import { EVENT_FIELDS } from '../../src/event.js';
import type { TraceEvent } from '../../src/index.js';
import { readJsonLines } from '../helpers/trace-lines.js';
import { SCHEMA, interpolatedQuantile, loadJsonLines, loadSchema, rows as query, statements } from './chdb-helpers.js';

/** What each conversation does: the agent, its tool, and how the tool call ends. */
interface Conversation { user: string; text: string; agent: string; server: string; tool: string; outcome: 'ok' | 'isError' | 'throws' }

const CONVERSATIONS: Conversation[] = [
  { user: 'u-1', text: 'Weather in Paris?', agent: 'weather-agent', server: 'weather', tool: 'get_forecast', outcome: 'ok' },
  { user: 'u-2', text: 'What is 1/0?', agent: 'calc-agent', server: 'math', tool: 'divide', outcome: 'isError' },
  { user: 'u-1', text: 'Weather in Oslo?', agent: 'weather-agent', server: 'weather', tool: 'get_forecast', outcome: 'ok' },
  { user: 'u-3', text: 'Search the docs', agent: 'search-agent', server: 'docs', tool: 'search', outcome: 'throws' },
  { user: 'u-2', text: 'What is 6*7?', agent: 'calc-agent', server: 'math', tool: 'multiply', outcome: 'ok' },
  { user: 'u-3', text: 'Weather in Rome?', agent: 'weather-agent', server: 'weather', tool: 'get_forecast', outcome: 'isError' },
];

/** Drives one MUXI conversation through the component methods, in its own trace. */
async function converse(t: Tracer, c: Conversation, i: number): Promise<string> {
  return t.startTrace({ userId: c.user }, async () => {
    const traceId = t.userMessage(c.text, c.user);
    t.orchestratorRoute(c.text, c.agent);
    t.agentProcessing(c.agent);
    for (let k = 0; k < 2; k++) {
      if (c.outcome === 'throws' && k === 1) {
        // What @Traced / TracedAgent emit when callTool throws: agent:tool_call_error with the error.
        const span = t.startSpan({ component: 'agent', operation: 'tool_call', agentId: c.agent,
          message: `Agent '${c.agent}' calling tool '${c.tool}' on server '${c.server}'`, data: { server: c.server, tool: c.tool } });
        await sleep(1 + i);
        const err = new RangeError(`index ${i} out of range`);
        span.end('tool_call_error', { message: `Agent '${c.agent}' tool '${c.tool}' failed`, level: 'ERROR', error: err });
        continue;
      }
      t.agentToolCall(c.agent, c.server, c.tool, { q: c.text, k });
      await sleep(1 + i + k);
      const result = c.outcome === 'isError' && k === 1
        ? { isError: true, content: [{ type: 'text', text: 'tool failed' }] }
        : { content: [{ type: 'text', text: `answer ${i}.${k}` }] };
      t.agentToolResult(c.agent, c.server, c.tool, result);
    }
    t.agentResponse(c.agent, `reply ${i}`);
    t.orchestratorResponse(`reply ${i}`);
    return traceId;
  });
}

describe('cloud: ClickHouse schema with the tracer\'s real output (chdb)', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  let events: TraceEvent[];
  let traceIds: string[];
  let db: Session;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-cloud-'));
    file = join(dir, 'traces.jsonl');
    const t = new Tracer({ env: false, stdout: false, file });
    traceIds = [];
    for (const [i, c] of CONVERSATIONS.entries()) traceIds.push(await converse(t, c, i));
    await t.shutdown();
    events = readJsonLines(file);

    db = new Session(join(dir, 'db'));
    loadSchema(db);
    await loadJsonLines(db, file);
  });

  after(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = <T>(sql: string): T[] => query<T>(db, sql);

  it('the tracer wrote the conversations as JSON lines', () => {
    expect(new Set(events.map((e) => e.trace_id))).to.have.keys(traceIds);
    expect(events.filter((e) => e.operation === 'tool_call_error')).to.have.length(1);
  });

  it('has a column for every field of the JSON line', () => {
    const cols = rows<{ name: string }>('DESCRIBE TABLE muxi_traces').map((r) => r.name);
    expect(cols).to.include.members([...EVENT_FIELDS]);
    const bufferCols = rows<{ name: string }>('DESCRIBE TABLE muxi_traces_buffer').map((r) => r.name);
    expect(bufferCols).to.deep.equal(cols);
  });

  it('the buffer flushed every line into the main table, none left behind', () => {
    expect(Number(rows<{ n: number }>('SELECT count() AS n FROM muxi_traces')[0]!.n)).to.equal(events.length);
    // A Buffer table reads through to its destination: the same rows, not twice as many.
    expect(Number(rows<{ n: number }>('SELECT count() AS n FROM muxi_traces_buffer')[0]!.n)).to.equal(events.length);
  });

  it('returns the events of one trace in order, field for field', () => {
    const id = traceIds[3]!;
    const got = rows<Record<string, unknown>>(`SELECT toString(timestamp) AS ts, * EXCEPT timestamp
      FROM muxi_traces WHERE trace_id = '${id}' ORDER BY timestamp, (operation = 'message') DESC, (operation = 'response') ASC`);
    const want = events.filter((e) => e.trace_id === id);
    expect(got.map((r) => `${String(r.component)}:${String(r.operation)}`)).to.have.members(want.map((e) => `${e.component}:${e.operation}`));
    expect(got[0]!.operation).to.equal('message');
    for (const w of want) {
      const r = got.find((g) => g.span_id === w.span_id && g.operation === w.operation)!;
      expect(r, `${w.component}:${w.operation}`).to.not.equal(undefined);
      expect(String(r.ts).replace(' ', 'T') + 'Z').to.equal(w.timestamp);
      expect(r.level).to.equal(w.level);
      expect(r.parent_span_id).to.equal(w.parent_span_id ?? '');
      expect(r.message).to.equal(w.message);
      expect(r.user_id).to.equal(w.user_id ?? '');
      expect(r.agent_id).to.equal(w.agent_id ?? '');
      expect(r.duration_ms).to.equal(w.duration_ms ?? null);
      expect(r.data === '' ? undefined : JSON.parse(r.data as string)).to.deep.equal(w.data);
      expect(r.error === '' ? undefined : JSON.parse(r.error as string)).to.deep.equal(w.error);
    }
  });

  it('computes p90 tool latency from duration_ms of tool_result events', () => {
    const d = events.filter((e) => e.operation === 'tool_result').map((e) => e.duration_ms!);
    expect(d.length).to.equal(11);
    const want = interpolatedQuantile(d, 0.9);
    const [r] = rows<{ p90: number; n: number }>(`SELECT quantile(0.9)(duration_ms) AS p90, count() AS n
      FROM muxi_traces WHERE operation = 'tool_result'`);
    expect(Number(r!.n)).to.equal(11);
    expect(r!.p90).to.be.closeTo(want, 1e-6);
  });

  it('counts errors per agent, with the error type of thrown tool calls', () => {
    const got = rows<{ agent_id: string; errors: string; types: string[] }>(`SELECT agent_id, count() AS errors,
      arraySort(groupUniqArrayIf(error_type, error_type != '')) AS types
      FROM muxi_traces WHERE level = 'ERROR' GROUP BY agent_id ORDER BY agent_id`);
    const want = new Map<string, number>();
    for (const e of events) if (e.level === 'ERROR') want.set(e.agent_id!, (want.get(e.agent_id!) ?? 0) + 1);
    expect(got.map((r) => [r.agent_id, Number(r.errors)])).to.deep.equal([...want].sort((a, b) => a[0].localeCompare(b[0])));
    expect(got.find((r) => r.agent_id === 'search-agent')!.types).to.deep.equal(['RangeError']);
    const [m] = rows<{ error_message: string }>(`SELECT error_message FROM muxi_traces WHERE operation = 'tool_call_error'`);
    expect(m!.error_message).to.equal('index 3 out of range');
  });

  it('finds a trace by user and by a word of the message (skip indexes in use)', () => {
    const got = rows<{ trace_id: string }>(`SELECT DISTINCT trace_id FROM muxi_traces
      WHERE user_id = 'u-1' AND hasToken(message, 'Oslo')`);
    expect(got.map((r) => r.trace_id)).to.deep.equal([traceIds[2]]);
  });

  it('takes rows as Vector sends them (data/error as JSON text, unknown fields skipped)', () => {
    const e = events.find((x) => x.operation === 'tool_call_error')!;
    // What the remap in vector.yaml makes of a line: data/error encoded when present; Vector may add fields.
    const vectorRow: Record<string, unknown> = { ...e, trace_id: 'ffffffffffffffffffffffffffffffff', host: 'web-1', source_type: 'file' };
    if (e.data !== undefined) vectorRow.data = JSON.stringify(e.data);
    if (e.error !== undefined) vectorRow.error = JSON.stringify(e.error);
    db.query(`INSERT INTO muxi_traces SETTINGS input_format_skip_unknown_fields = 1, date_time_input_format = 'best_effort'
      FORMAT JSONEachRow ${JSON.stringify(vectorRow)}`);
    const [r] = rows<{ error_type: string; error_message: string; data: string }>(`SELECT error_type, error_message, data FROM muxi_traces WHERE trace_id = 'ffffffffffffffffffffffffffffffff'`);
    expect(r!.error_type).to.equal('RangeError');
    expect(r!.error_message).to.equal(e.error!.message);
    expect(r!.data === '' ? undefined : JSON.parse(r!.data)).to.deep.equal(e.data);
  });
});

describe('cloud: the PRD §9.3 DDL order (chdb)', () => {
  it('cannot create the buffer before its table, which is why schema.sql creates it after', () => {
    const db = new Session();
    try {
      const [main, buffer] = statements(readFileSync(SCHEMA, 'utf8'));
      expect(() => db.query(buffer!)).to.throw(/muxi_traces/);
      db.query(main!);
      db.query(buffer!);
      const engine = db.query(`SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = 'muxi_traces_buffer'`, 'TSVRaw');
      expect(engine).to.match(/^Buffer\(/);
      expect(engine).to.include('muxi_traces');
    } finally {
      db.close();
    }
  });
});

/**
 * The sample app's real output (`samples/demo.ts`, what `npm run demo` runs: a traced MUXI app
 * and its MCP server process) loaded into ClickHouse (chdb) with the shipped schema, and queried
 * as a user would. Expectations are computed from the JSON lines the two processes wrote.
 */
import { expect } from 'chai';
import { Session } from 'chdb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceEvent } from '../../src/index.js';
import { runTsx } from '../helpers/run-node.js';
import { readJsonLines } from '../helpers/trace-lines.js';
import { interpolatedQuantile, loadJsonLines, loadSchema, rows } from './chdb-helpers.js';

/** Runs the demo writing its trace to `file`; resolves with its exit code (killed after 60 s). */
function runDemo(file: string): Promise<number | null> {
  return runTsx(['samples/demo.ts'], { TRACING_FILE: file, TRACING_STDOUT: 'false', TRACING_EXTERNAL_SINK: '' }, 60_000);
}

describe('cloud: the sample app\'s output in ClickHouse (chdb)', function () {
  this.timeout(90_000);
  let dir: string;
  let app: TraceEvent[];
  let server: TraceEvent[];
  let all: TraceEvent[];
  let db: Session;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-demo-ch-'));
    const file = join(dir, 'demo.jsonl');
    expect(await runDemo(file)).to.equal(0);
    app = readJsonLines(file);
    server = readJsonLines(join(dir, 'mcp-server.jsonl')); // the demo's MCP server process writes beside it
    all = [...app, ...server];
    db = new Session(join(dir, 'db'));
    loadSchema(db);
    await loadJsonLines(db, file);
    await loadJsonLines(db, join(dir, 'mcp-server.jsonl'));
  });

  after(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every line of both processes', () => {
    expect(app.length).to.be.greaterThan(10);
    expect(server.length).to.be.greaterThan(0);
    expect(Number(rows<{ n: number }>(db, 'SELECT count() AS n FROM muxi_traces')[0]!.n)).to.equal(all.length);
  });

  it('returns one trace in order, the MCP server\'s events inside the caller\'s trace', () => {
    const traceId = all.find((e) => e.level === 'ERROR')?.trace_id ?? app[0]!.trace_id;
    const got = rows<{ ts: string; component: string; operation: string; span_id: string }>(db, `
      SELECT toString(timestamp) AS ts, component, operation, span_id FROM muxi_traces
      WHERE trace_id = '${traceId}' ORDER BY timestamp, (operation = 'message') DESC, (operation = 'response') ASC`);
    const want = all.filter((e) => e.trace_id === traceId);
    expect(got.map((r) => `${r.component}:${r.operation}:${r.span_id}`)).to.have.members(want.map((e) => `${e.component}:${e.operation}:${e.span_id}`));
    expect(got.map((r) => r.ts)).to.deep.equal([...got.map((r) => r.ts)].sort());
    expect(`${got[0]!.component}:${got[0]!.operation}`).to.equal('user:message');
    const serverComponents = new Set(server.map((e) => e.component));
    expect(got.some((r) => serverComponents.has(r.component)), 'server events in the trace').to.equal(true);
  });

  it('links each MCP server span to the caller\'s mcp tool-call span (a join on parent_span_id)', () => {
    const got = rows<{ operation: string; parent_ops: string[] }>(db, `
      SELECT s.operation AS operation, groupUniqArray(concat(p.component, ':', p.operation)) AS parent_ops
      FROM muxi_traces AS s INNER JOIN muxi_traces AS p ON s.trace_id = p.trace_id AND s.parent_span_id = p.span_id
      WHERE s.component IN (${[...new Set(server.map((e) => `'${e.component}'`))].join(', ')})
      GROUP BY s.operation ORDER BY s.operation`);
    expect(got.map((r) => r.operation)).to.have.members([...new Set(server.map((e) => e.operation))]);
    for (const r of got) expect(r.parent_ops, r.operation).to.include('mcp:tool_call');
  });

  it('computes p90 tool latency per component like the lines say', () => {
    const got = rows<{ component: string; p90: number; n: number }>(db, `
      SELECT component, quantile(0.9)(duration_ms) AS p90, count() AS n FROM muxi_traces
      WHERE operation = 'tool_result' GROUP BY component ORDER BY component`);
    const byComponent = new Map<string, number[]>();
    for (const e of all) if (e.operation === 'tool_result') byComponent.set(e.component, [...byComponent.get(e.component) ?? [], e.duration_ms!]);
    expect(got.map((r) => r.component)).to.deep.equal([...byComponent.keys()].sort());
    for (const r of got) {
      const d = byComponent.get(r.component)!;
      expect(Number(r.n)).to.equal(d.length);
      expect(r.p90).to.be.closeTo(interpolatedQuantile(d, 0.9), 1e-6);
    }
  });

  it('counts errors per agent, and error types from the error column', () => {
    const got = rows<{ agent_id: string; errors: number }>(db, `
      SELECT agent_id, count() AS errors FROM muxi_traces WHERE level = 'ERROR' GROUP BY agent_id ORDER BY agent_id`);
    const want = new Map<string, number>();
    for (const e of all) if (e.level === 'ERROR') want.set(e.agent_id ?? '', (want.get(e.agent_id ?? '') ?? 0) + 1);
    expect(got.map((r) => [r.agent_id, Number(r.errors)])).to.deep.equal([...want].sort((a, b) => a[0].localeCompare(b[0])));
    expect(want.size, 'the demo has a failing tool call').to.be.greaterThan(0);
    const types = rows<{ error_type: string }>(db, `SELECT error_type FROM muxi_traces WHERE error != '' ORDER BY timestamp`).map((r) => r.error_type);
    expect(types).to.deep.equal(all.filter((e) => e.error).sort((a, b) => a.timestamp.localeCompare(b.timestamp)).map((e) => e.error!.type));
  });
});

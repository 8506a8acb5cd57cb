/**
 * The ClickHouse source against the real ClickHouse engine (chdb) behind the HTTP harness, on
 * the sample app's real output: every filter gives the events the file source's predicate
 * gives, statistics, trace lists and traces equal the file source's on the same events, hostile
 * filter values are only ever bound parameters, and following neither repeats nor misses rows.
 */
import { expect } from 'chai';
import type { TraceEvent } from '../../src/index.js';
import { ClickHouseSourceError } from '../../src/reader/clickhouse-connection.js';
import { openClickHouseSource } from '../../src/reader/clickhouse-source.js';
import type { ClickHouseSource } from '../../src/reader/clickhouse-source.js';
import { openFileSource } from '../../src/reader/file-source.js';
import type { FileSource } from '../../src/reader/file-source.js';
import { compileFilter } from '../../src/reader/filter.js';
import { FilterError, parseFilterTerms } from '../../src/reader/filter-terms.js';
import type { FilterTerm } from '../../src/reader/filter-terms.js';
import type { TraceListQuery, TraceSortKey } from '../../src/reader/source.js';
import { TRACE_SORT_KEYS } from '../../src/reader/source.js';
import type { ChFixture } from './ch-fixture.js';
import { DB, demoFixture } from './ch-fixture.js';

const NOW = Date.parse('2100-01-01T00:00:00Z');

async function lines(source: ClickHouseSource | FileSource, terms: readonly FilterTerm[]): Promise<string[]> {
  const out: string[] = [];
  await source.events({ terms, now: NOW }, (items) => { for (const it of items) out.push(it.kind === 'event' ? it.line : `raw ${it.line}`); });
  return out;
}

function expected(fx: ChFixture, terms: readonly FilterTerm[]): string[] {
  const f = compileFilter(terms, { now: NOW });
  return fx.lines.filter((_, i) => f(fx.events[i]!));
}

describe('cloud: the ClickHouse source (chdb behind the HTTP harness, the demo\'s output)', function () {
  this.timeout(120_000);
  let fx: ChFixture;
  let ch: ClickHouseSource;
  let file: FileSource;
  let sample: { user: string; agent: string; tool: string; server: string; errType: string; errMsg: string; trace: string; span: string; parent: string; mid: string };

  before(async () => {
    fx = await demoFixture();
    ch = openClickHouseSource({ url: `${fx.http.url}/${DB}`, pollMs: 20 });
    file = openFileSource({ input: { kind: 'file', path: fx.file } });
    await file.ready();
    const ev = fx.events;
    const withErr = ev.find((e) => e.error !== undefined);
    const tool = ev.find((e) => typeof e.data?.['tool'] === 'string' && typeof e.data?.['server'] === 'string');
    const child = ev.find((e) => e.parent_span_id !== undefined)!;
    sample = {
      user: ev.find((e) => e.user_id !== undefined)!.user_id!, agent: ev.find((e) => e.agent_id !== undefined)!.agent_id!,
      tool: String(tool?.data?.['tool']), server: String(tool?.data?.['server']),
      errType: withErr?.error?.type ?? 'Error', errMsg: (withErr?.error?.message ?? 'x').slice(0, 6),
      trace: ev[0]!.trace_id, span: child.span_id, parent: child.parent_span_id!, mid: ev[Math.floor(ev.length / 2)]!.timestamp,
    };
  });

  after(async () => {
    await ch?.close();
    await file?.close();
    await fx?.close();
  });

  it('holds every event of the demo (app and MCP server), in the table order, as the JSON lines the tracer wrote', async () => {
    expect(fx.events.length).to.be.greaterThan(20);
    expect(new Set(fx.events.map((e) => e.component))).to.include.members(['user', 'orchestrator', 'agent', 'mcp']);
    expect(await lines(ch, [])).to.deep.equal(fx.lines);
  });

  it('gives, for every filter, exactly the events the file source\'s predicate gives', async () => {
    const s = sample;
    const texts = [
      'component=agent', 'operation=tool_call', 'op!=tool_call', 'component~=AG', 'level>=WARN', 'level=ERROR', 'level<INFO', 'level!=TRACE',
      'level>debug', 'duration>5', 'duration<=1', 'duration!=0', 'duration>=0', `trace_id=${s.trace.slice(0, 4)}`, `trace=${s.trace}`,
      `trace!=${s.trace}`, `trace~=${s.trace.slice(3, 9).toUpperCase()}`, `span=${s.span.slice(0, 5)}`, `parent=${s.parent}`, 'parent~=a', `parent!=${s.parent}`,
      `user=${s.user}`, `user!=${s.user}`, `user~=${s.user.slice(1, 3)}`, `agent=${s.agent}`, `agent!=${s.agent}`, 'message~=weather',
      'weather', 'WEATHER', 'agent', `error=${s.errType}`, `error!=${s.errType}`, `error~=${s.errMsg}`, `error~=${s.errType.toLowerCase()}:`,
      `data.tool=${s.tool}`, `data.server~=${s.server.slice(0, 3)}`, `data.tool!=${s.tool}`, 'data.usage.input_tokens>10', 'data.usage.input_tokens>=0',
      'data.usage.output_tokens<5', 'data.nothing!=x', 'data.nothing=x', `since=${s.mid}`, `until=${s.mid}`, 'since=1000d', 'until=1d',
      '/tool/', '/TOOL/i', '/^Agent/', '/(weather|search)/', '/"tool":/', `component=agent level>=INFO ${s.agent}`, '"calling tool"',
    ];
    for (const t of texts) {
      const terms = parseFilterTerms(t);
      expect(await lines(ch, terms), t).to.deep.equal(expected(fx, terms));
    }
    // Case-sensitive text (--grep) and a data value compared whole (objects as JSON text).
    const usage = fx.events.find((e) => e.data?.['usage'] !== undefined)?.data?.['usage'];
    const more: FilterTerm[][] = [
      [{ kind: 'text', value: 'Agent', caseSensitive: true }], [{ kind: 'text', value: 'agent', caseSensitive: true }],
      [{ kind: 'field', field: 'data.usage', op: '=', value: JSON.stringify(usage) }],
      [{ kind: 'field', field: 'duration_ms', op: '<', value: 'Infinity' }],
    ];
    for (const terms of more) expect(await lines(ch, terms), JSON.stringify(terms)).to.deep.equal(expected(fx, terms));
    let matchedSome = 0;
    for (const t of texts) if (expected(fx, parseFilterTerms(t)).length > 0) matchedSome++;
    expect(matchedSome, 'filters that select something').to.be.greaterThan(30);
  });

  it('sends hostile filter values only as bound parameters: correct results, no error, no extra rows, nothing run', async () => {
    const hostile = [`' OR 1=1 --`, `\\'`, `{p0:String}`, `{p1:Int64}`, `\\`, `a\\b\\\\c`, '\u0000', `x\u0000' OR '1'='1`, 'ünïcødé 🎉 ☃',
      `"; DROP TABLE ${DB}.muxi_traces; --`, `') OR (1=1`, '\n\t\r', '%s%n', '$1', '\\N', `'; SELECT 1; --`];
    const before = fx.http.queries.length;
    const fields = ['component', 'operation', 'user_id', 'agent_id', 'message', 'error', 'data.tool', 'data.a.b'];
    for (const v of hostile) {
      const cases: FilterTerm[][] = [
        ...fields.flatMap((field) => (['=', '!=', '~='] as const).map((op) => [{ kind: 'field', field, op, value: v } as FilterTerm])),
        [{ kind: 'text', value: v, caseSensitive: false }], [{ kind: 'text', value: v, caseSensitive: true }],
        [{ kind: 'regex', source: v.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), flags: 'i' }],
      ];
      for (const terms of cases) {
        const got = await lines(ch, terms);
        expect(got, JSON.stringify(terms)).to.deep.equal(expected(fx, terms));
        if (terms[0]!.kind === 'text') expect((await ch.stats({ terms, now: NOW })).stats.events, `stats ${JSON.stringify(terms)}`).to.equal(got.length);
      }
      for (const field of ['trace_id', 'span_id', 'parent_span_id', 'level', 'duration_ms', 'since', 'until']) {
        const terms: FilterTerm[] = [{ kind: 'field', field, op: '=', value: v }];
        let err: unknown;
        try { await lines(ch, terms); } catch (e) { err = e; }
        expect(err, `${field}=${JSON.stringify(v)}`).to.be.instanceOf(FilterError);
      }
    }
    const sent = fx.http.queries.slice(before);
    expect(sent.length).to.be.greaterThan(hostile.length * 20);
    for (const q of sent) {
      for (const v of hostile) if (v.length > 3 && !/^\{p\d:\w+\}$/.test(v)) expect(q.query, 'a value in the SQL text').to.not.include(v);
    }
    expect(sent.some((q) => Object.values(q.params).includes(`' OR 1=1 --`)), 'the value arrives as a parameter').to.equal(true);
    expect(sent.some((q) => Object.values(q.params).includes('\u0000')), 'NUL arrives intact').to.equal(true);
    expect(await lines(ch, [])).to.have.length(fx.lines.length);
  });

  it('computes the statistics in ClickHouse, equal to the file source\'s (with and without filters)', async () => {
    for (const t of ['', 'component=agent', 'level>=WARN', `user=${sample.user}`, `since=${sample.mid}`, 'duration>1', 'nothing-matches-this']) {
      const terms = parseFilterTerms(t);
      const a = await ch.stats({ terms, now: NOW });
      const b = await file.stats({ terms, now: NOW });
      expect(a.stats, t).to.deep.equal(b.stats);
      expect(a.matched).to.equal(b.matched);
    }
    const sent = fx.http.queries.slice(-12).map((q) => q.query).join('\n');
    expect(sent).to.match(/countIf|uniqExact|groupArrayIf/);
    expect(sent, 'stats never select whole rows').to.not.match(/SELECT toUnixTimestamp64Milli\(timestamp\) AS ms, level/);
  });

  it('lists traces as the file source does: every sort column, both orders, pages, facets, selections, time range, errors only, terms', async () => {
    const agent = sample.agent;
    const queries: TraceListQuery[] = [
      {}, { limit: 3, offset: 2 }, { errorsOnly: true }, { user: sample.user }, { agent }, { user: 'nobody' },
      { since: sample.mid }, { until: sample.mid }, { terms: parseFilterTerms('component=mcp') }, { terms: parseFilterTerms('weather'), agent },
      { facetLimit: 1 }, { facetLimit: 0 },
      ...TRACE_SORT_KEYS.flatMap((sort: TraceSortKey) => [{ sort, order: 'asc' as const, limit: 4 }, { sort, order: 'desc' as const, limit: 4, offset: 1 }]),
    ];
    for (const q of queries) {
      const a = await ch.traces({ ...q, now: NOW });
      const b = await file.traces({ ...q, now: NOW });
      const pick = (p: typeof a): unknown => ({ traces: p.traces, total: p.total, offset: p.offset, limit: p.limit, facets: p.facets });
      expect(pick(a), JSON.stringify(q)).to.deep.equal(pick(b));
    }
    const all = await ch.traces({ limit: 1000 });
    expect(all.total).to.be.greaterThan(2);
    expect(all.state.label).to.equal(`clickhouse://${new URL(fx.http.url).host}/${DB}.muxi_traces`);
    expect(all.state.traces).to.equal(all.total);
  });

  it('reads one trace by id or prefix as the file source does; bad ids are FilterErrors', async () => {
    const ids = [...new Set(fx.events.map((e) => e.trace_id))];
    for (const id of ids) {
      const a = await ch.trace(id);
      expect(a, id).to.deep.equal(await file.trace(id));
      expect(await ch.trace(id.slice(0, 6).toUpperCase())).to.deep.equal(a);
      expect(a!.events.length).to.equal(fx.events.filter((e: TraceEvent) => e.trace_id === id).length);
    }
    expect(await ch.trace('0123456789abcdef0123456789abcdef')).to.equal(undefined);
    for (const bad of ['xyz!', 'abc', "' OR 1=1"]) {
      let err: unknown;
      try { await ch.trace(bad); } catch (e) { err = e; }
      expect(err, bad).to.be.instanceOf(FilterError);
    }
  });

  it('says which trace prefix is ambiguous', async () => {
    const [a, b] = fx.events.filter((e, i, all) => all.findIndex((x) => x.trace_id === e.trace_id) === i).slice(0, 2);
    await fx.http.run(`CREATE DATABASE twins`);
    await fx.http.run(`CREATE TABLE twins.muxi_traces AS ${DB}.muxi_traces`);
    await fx.http.run(`INSERT INTO twins.muxi_traces SELECT * REPLACE (concat('abcd', substring(trace_id, 5)) AS trace_id) FROM (SELECT * FROM ${DB}.muxi_traces WHERE trace_id IN ('${a!.trace_id}', '${b!.trace_id}'))`);
    const twins = openClickHouseSource({ url: fx.http.url, database: 'twins' });
    try {
      let err: unknown;
      try { await twins.trace('abcd'); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(FilterError);
      expect((err as Error).message).to.match(/matches more than one trace/);
      expect((await twins.trace('abcd' + a!.trace_id.slice(4)))!.summary.trace_id).to.equal('abcd' + a!.trace_id.slice(4));
    } finally {
      await twins.close();
    }
  });

  it('an RE2-incompatible regular expression is a FilterError naming why', async () => {
    let err: unknown;
    try { await lines(ch, parseFilterTerms('/(?=Agent)A/')); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(FilterError);
    expect((err as Error).message).to.match(/RE2/);
  });

  it('reports a missing table and an unreadable schema as one clear line', async () => {
    const none = openClickHouseSource({ url: fx.http.url, database: DB, table: 'nope' });
    try {
      let err: unknown;
      try { await none.stats({}); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(ClickHouseSourceError);
      expect((err as Error).message).to.match(/has no table 'nope' in database 'muxi'.*schema\.sql/);
    } finally {
      await none.close();
    }
  });
});

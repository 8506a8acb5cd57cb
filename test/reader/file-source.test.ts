import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openFileSource } from '../../src/reader/file-source.js';
import { InputError } from '../../src/reader/files.js';
import { FilterError, parseFilterTerms } from '../../src/reader/filter-terms.js';
import type { TraceSource, TraceSummary } from '../../src/reader/source.js';
import { conversation, interleave, toLines, traceId } from '../helpers/conversations.js';

const T0 = Date.parse('2026-05-15T10:00:00.000Z');
const sum = (s: TraceSummary): Partial<TraceSummary> => s;

describe('reader/file source: trace summaries, list queries and one trace', () => {
  let dir: string;
  let sources: TraceSource[];
  /** A file source whose first read has ended. */
  const open = async (...a: Parameters<typeof openFileSource>): Promise<TraceSource> => {
    const s = openFileSource(...a);
    sources.push(s);
    await s.ready();
    return s;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-source-'));
    sources = [];
  });
  afterEach(async () => {
    for (const s of sources) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Three users, two agents, interleaved; conversation i starts at T0 + i s. */
  function writeSet(path: string): void {
    const convs = [
      conversation({ trace: traceId(1), user: 'alice', agent: 'weather', start: T0, message: 'rain in Paris?', tokens: [100, 10] }),
      conversation({ trace: traceId(2), user: 'bob', agent: 'math', start: T0 + 1000, message: '12 * 7', error: true, tokens: [5, 1], tool: 'calc' }),
      conversation({ trace: traceId(3), user: 'alice', agent: 'math', start: T0 + 2000, message: 'sqrt 2', tool: 'calc' }),
      conversation({ trace: traceId(4, 'ffee'), agent: 'weather', start: T0 + 3000, message: 'sunny "Lisbon"?' }),
    ];
    writeFileSync(path, toLines(interleave(convs)) + 'INFO not an event\n');
  }

  it('summarizes each trace: times, user, first message, agents, spans, events, errors, tokens', async () => {
    const path = join(dir, 'app.jsonl');
    writeSet(path);
    const page = await (await open({ input: { kind: 'file', path } })).traces({ sort: 'start', order: 'asc' });
    expect(page.total).to.equal(4);
    expect(page.traces.map(sum)[1]).to.deep.equal({
      trace_id: traceId(2), start: '2026-05-15T10:00:01.000Z', end: '2026-05-15T10:00:01.060Z', duration_ms: 60,
      user_id: 'bob', first_message: '12 * 7', agents: ['math'], spans: 4, events: 7, errors: 2, input_tokens: 5, output_tokens: 1,
    });
    expect(page.traces[3]!.user_id).to.equal(undefined);
    expect(page.traces[3]!.first_message).to.equal('sunny "Lisbon"?');
    expect(page.state).to.include({ label: path, loading: false, traces: 4, evicted: 0, skipped: 1 });
  });

  it('sorts on any column, pages, counts the total and facets (each ignoring its own selection)', async () => {
    const path = join(dir, 'app.jsonl');
    writeSet(path);
    const s = await open({ input: { kind: 'file', path } });
    const ids = async (q: Parameters<TraceSource['traces']>[0]): Promise<string[]> => (await s.traces(q)).traces.map((t) => t.trace_id.slice(-1));
    expect(await ids({})).to.deep.equal(['4', '3', '2', '1']); // newest first by default
    expect(await ids({ sort: 'input_tokens' })).to.deep.equal(['1', '4', '3', '2']); // 100, 10, 10 (later first), 5
    expect(await ids({ sort: 'user_id', order: 'asc' })).to.deep.equal(['4', '1', '3', '2']); // '', alice, alice, bob
    expect(await ids({ sort: 'errors', limit: 1 })).to.deep.equal(['2']);
    expect(await ids({ sort: 'start', order: 'asc', offset: 1, limit: 2 })).to.deep.equal(['2', '3']);
    const p = await s.traces({ user: 'alice' });
    expect(p.total).to.equal(2);
    expect(p.facets.users).to.deep.equal([{ value: 'alice', count: 2 }, { value: 'bob', count: 1 }]);
    expect(p.facets.agents).to.deep.equal([{ value: 'math', count: 1 }, { value: 'weather', count: 1 }]);
    expect((await s.traces({ agent: 'math', user: 'alice' })).traces.map((t) => t.trace_id)).to.deep.equal([traceId(3)]);
    expect((await s.traces({ errorsOnly: true })).total).to.equal(1);
    expect((await s.traces({ since: '2026-05-15T10:00:01.500Z' })).total).to.equal(2);
    expect((await s.traces({ until: '2026-05-15T10:00:01.000Z' })).total).to.equal(2);
    for (const bad of [{ sort: 'nope' as never }, { limit: 0 }, { offset: -1 }, { since: 'yesterday-ish' }]) {
      let err: unknown;
      try { await s.traces(bad); } catch (e) { err = e; }
      expect(err, JSON.stringify(bad)).to.be.instanceOf(FilterError);
    }
  });

  it('applies filter terms to traces: a trace matches when one of its events matches every term', async () => {
    const path = join(dir, 'app.jsonl');
    writeSet(path);
    const s = await open({ input: { kind: 'file', path } });
    const match = async (text: string): Promise<string[]> =>
      (await s.traces({ terms: parseFilterTerms(text), sort: 'start', order: 'asc' })).traces.map((t) => t.trace_id.slice(-1));
    expect(await match('agent=math')).to.deep.equal(['2', '3']);
    expect(await match('level=ERROR')).to.deep.equal(['2']);
    expect(await match('lisbon')).to.deep.equal(['4']); // free text, any case, in data and message
    expect(await match('data.tool=calc operation=tool_call')).to.deep.equal(['2', '3']);
    // both terms hold in trace 1, but never on the same event:
    expect(await match('user=alice operation=tool_call')).to.deep.equal([]);
    expect(await match('user=alice operation=message')).to.deep.equal(['1', '3']);
    const p = await s.traces({ terms: parseFilterTerms('agent=math'), user: 'alice' });
    expect(p.total).to.equal(1);
    expect(p.facets.users).to.deep.equal([{ value: 'alice', count: 1 }, { value: 'bob', count: 1 }]);
  });

  it('fetches one trace by id or prefix, its events in written order; refuses bad or ambiguous ids', async () => {
    const path = join(dir, 'app.jsonl');
    writeSet(path);
    const s = await open({ input: { kind: 'file', path } });
    const d = await s.trace(traceId(2));
    expect(d!.summary.trace_id).to.equal(traceId(2));
    expect(d!.events.map((e) => `${e.component}:${e.operation}`)).to.deep.equal([
      'user:message', 'agent:process_start', 'agent:llm_result', 'agent:tool_call', 'mcp:tool_result', 'agent:tool_result', 'orchestrator:response']);
    expect(d!.events[4]).to.deep.equal(conversation({ trace: traceId(2), user: 'bob', agent: 'math', start: T0 + 1000, message: '12 * 7', error: true, tokens: [5, 1], tool: 'calc' })[4]);
    expect((await s.trace('FFEE'))!.summary.trace_id).to.equal(traceId(4, 'ffee'));
    expect(await s.trace('abcdef')).to.equal(undefined);
    for (const bad of ['a1b2', 'xyz!', 'ab']) {
      let err: unknown;
      try { await s.trace(bad); } catch (e) { err = e; }
      expect(err, bad).to.be.instanceOf(FilterError);
    }
  });

  it('indexes rotated siblings and .gz files with the live file; a trace spans them', async () => {
    const path = join(dir, 'app.jsonl');
    const ev = conversation({ trace: traceId(7), user: 'u', agent: 'a', start: T0, message: 'across files' });
    const other = conversation({ trace: traceId(8), user: 'v', agent: 'b', start: T0 + 5, message: 'other' });
    writeFileSync(`${path}.20261124-100000-000.gz`, gzipSync(toLines([...other.slice(0, 3), ...ev.slice(0, 2)])));
    writeFileSync(`${path}.20261124-110000-000`, toLines([...ev.slice(2, 5), ...other.slice(3)]));
    writeFileSync(path, toLines(ev.slice(5)));
    const s = await open({ input: { kind: 'file', path } });
    const page = await s.traces({ sort: 'trace_id', order: 'asc' });
    expect(page.traces.map((t) => [t.trace_id, t.events])).to.deep.equal([[traceId(7), 7], [traceId(8), 7]]);
    expect((await s.trace(traceId(7)))!.events).to.deep.equal(ev);
    expect((await s.trace(traceId(8)))!.events).to.deep.equal(other);
  });

  it('a missing input is an InputError from every method that reads it', async () => {
    const s = openFileSource({ input: { kind: 'file', path: join(dir, 'nope.jsonl') } });
    sources.push(s);
    for (const call of [() => s.traces({}), () => s.trace('abcd'), () => s.stats({}), () => s.events({}, () => undefined)]) {
      let err: unknown;
      try { await call(); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(InputError);
      expect((err as Error).message).to.match(/nope\.jsonl': no such file/);
    }
  });

  it('evicts the oldest traces whole past the memory budget and says how many', async () => {
    const path = join(dir, 'big.jsonl');
    const convs = Array.from({ length: 3000 }, (_, i) => conversation({ trace: traceId(i), user: `u${i % 7}`, agent: 'a', start: T0 + i * 100, message: `m${i}` }));
    writeFileSync(path, toLines(convs.flat()));
    const s = await open({ input: { kind: 'file', path }, maxIndexBytes: 400_000 });
    const page = await s.traces({ limit: 1000, sort: 'start', order: 'asc' });
    expect(page.state.evicted).to.be.greaterThan(1000);
    expect(page.state.evicted + page.total).to.equal(3000);
    // the newest are kept, whole
    expect(page.traces[page.traces.length - 1]!.trace_id).to.equal(traceId(2999));
    const oldestKept = page.traces[0]!.trace_id;
    expect(parseInt(oldestKept.slice(4), 16)).to.equal(page.state.evicted);
    for (const t of page.traces) expect(t.events).to.equal(7);
    expect((await s.trace(oldestKept))!.events).to.have.length(7);
    expect(await s.trace(traceId(0))).to.equal(undefined);
    // statistics still cover every event read
    expect((await s.stats({})).stats).to.include({ events: 21000, traces: 3000 });
  });
});

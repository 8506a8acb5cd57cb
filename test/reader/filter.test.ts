import { expect } from 'chai';
import { FilterError, parseFilterTerms, tokenize } from '../../src/reader/filter-terms.js';
import { parseFilter } from '../../src/reader/filter.js';
import { filterFromFlags } from '../../src/reader/filter-options.js';
import type { TraceEvent } from '../../src/event.js';
import { makeEvent, tid } from '../helpers/trace-lines.js';

const ev = (over: Partial<TraceEvent>): TraceEvent => makeEvent(over);

describe('reader/filter: the shared filter syntax', () => {
  it('tokenizes words and quoted phrases', () => {
    expect(tokenize(' a  "b c" d="e f" ')).to.deep.equal([
      { raw: 'a', quoted: false }, { raw: 'b c', quoted: true }, { raw: 'd=e f', quoted: false },
    ]);
    expect(() => tokenize('"open')).to.throw(FilterError);
  });

  it('field=value matches exactly (tool_call is not tool_call_error)', () => {
    const f = parseFilter('component=agent operation=tool_call');
    expect(f(ev({ component: 'agent', operation: 'tool_call' }))).to.equal(true);
    expect(f(ev({ component: 'agent', operation: 'tool_call_error' }))).to.equal(false);
    expect(f(ev({ component: 'mcp', operation: 'tool_call' }))).to.equal(false);
  });

  it('field~=text is a case-insensitive substring; != negates', () => {
    expect(parseFilter('message~=WEATHER')(ev({ message: 'the weather today' }))).to.equal(true);
    expect(parseFilter('agent!=weather')(ev({ agent_id: 'weather' }))).to.equal(false);
    expect(parseFilter('agent!=weather')(ev({ agent_id: 'search' }))).to.equal(true);
  });

  it('free text searches message, data and error in any case; quotes keep phrases and operators', () => {
    expect(parseFilter('Paris')(ev({ message: 'x', data: { city: 'paris' } }))).to.equal(true);
    expect(parseFilter('"bring an umbrella"')(ev({ message: 'Please bring an Umbrella' }))).to.equal(true);
    expect(parseFilter('"a=b"')(ev({ message: 'set a=b' }))).to.equal(true);
    expect(parseFilter('timeout')(ev({ error: { type: 'Error', message: 'Timeout after 5s' } }))).to.equal(true);
    expect(parseFilter('nothing-here')(ev({ message: 'x' }))).to.equal(false);
  });

  it('/regex/flags is a regular expression over message and data', () => {
    expect(parseFilter('/time(d)?out/i')(ev({ message: 'TIMEDOUT' }))).to.equal(true);
    expect(() => parseFilter('/([/')).to.throw(FilterError, /regular expression/);
  });

  it('level compares by rank; = is exact', () => {
    expect(parseFilter('level>=WARN')(ev({ level: 'ERROR' }))).to.equal(true);
    expect(parseFilter('level>=warn')(ev({ level: 'INFO' }))).to.equal(false);
    expect(parseFilter('level=INFO')(ev({ level: 'ERROR' }))).to.equal(false);
    expect(() => parseFilter('level>=LOUD')).to.throw(FilterError, /unknown level/);
  });

  it('trace ids match in full or by a prefix of at least 4 hex digits', () => {
    const id = tid('abcd12');
    expect(parseFilter(`trace=${id}`)(ev({ trace_id: id }))).to.equal(true);
    expect(parseFilter('trace_id=ABCD')(ev({ trace_id: id }))).to.equal(true);
    expect(parseFilter('trace_id=abce')(ev({ trace_id: id }))).to.equal(false);
    expect(() => parseFilter('trace_id=abc')).to.throw(FilterError, /at least 4/);
    expect(() => parseFilter('trace_id=xyz12')).to.throw(FilterError, /hexadecimal/);
  });

  it('data.<path> reaches inside data; duration compares numbers', () => {
    const e = ev({ data: { tool: 'search', usage: { input_tokens: 1500 } }, duration_ms: 120 });
    expect(parseFilter('data.tool=search data.usage.input_tokens>1000 duration>=120')(e)).to.equal(true);
    expect(parseFilter('data.tool=other')(e)).to.equal(false);
    expect(parseFilter('duration<100')(e)).to.equal(false);
    expect(() => parseFilter('duration>abc')).to.throw(FilterError, /not a number/);
  });

  it('since/until take ISO times and relative durations', () => {
    const now = Date.parse('2026-05-15T10:30:00.000Z');
    const f = parseFilter('since=15m until=2026-05-15T10:25:00Z', { now });
    expect(f(ev({ timestamp: '2026-05-15T10:20:00.000Z' }))).to.equal(true);
    expect(f(ev({ timestamp: '2026-05-15T10:10:00.000Z' }))).to.equal(false);
    expect(f(ev({ timestamp: '2026-05-15T10:26:00.000Z' }))).to.equal(false);
    expect(() => parseFilter('since=yesterdayish')).to.throw(FilterError, /not a time/);
  });

  it('rejects unknown fields with the list of known ones, and keeps URLs as free text', () => {
    expect(() => parseFilter('colour=red')).to.throw(FilterError, /unknown filter field 'colour'.*component/);
    expect(parseFilterTerms('http://x/?a=b')).to.deep.equal([{ kind: 'text', value: 'http://x/?a=b', caseSensitive: false }]);
  });

  it('derives raw needles only where the JSON encoding is certain', () => {
    expect(parseFilter('component=agent').needles).to.deep.equal(['"agent"']);
    expect(parseFilter('trace=ABCD1234').needles).to.deep.equal(['"abcd1234']);
    expect(parseFilter('level>=ERROR').needles).to.deep.equal(['"ERROR"']);
    expect(parseFilter('component="a\\"b"').needles).to.deep.equal([]);
    expect(parseFilter('weather').needles).to.deep.equal([]);
    expect(parseFilter('').empty).to.equal(true);
  });

  it('combines command-line flags with filter text (AND), --grep being case-sensitive', () => {
    const f = filterFromFlags({ component: 'agent', level: 'WARN', grep: 'Paris', filter: 'data.tool=search' });
    const base = { component: 'agent', level: 'WARN' as const, message: 'in Paris', data: { tool: 'search' } };
    expect(f(ev(base))).to.equal(true);
    expect(f(ev({ ...base, message: 'in paris' }))).to.equal(false);
    expect(f(ev({ ...base, level: 'INFO' }))).to.equal(false);
    expect(f.needles).to.include('Paris');
    expect(filterFromFlags({ grep: '/pa(r)is/i' })(ev({ message: 'PARIS' }))).to.equal(true);
  });
});

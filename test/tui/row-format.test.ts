import { expect } from 'chai';
import { columnsFor, fit, formatDuration, formatRow, prettyLines } from '../../cli/tui/row-format.js';
import { compileFilterText, termsToText } from '../../cli/tui/filter-adapter.js';
import { parseFilterTerms } from '../../src/reader/filter-terms.js';
import type { FilterTerm } from '../../src/reader/filter-terms.js';
import { conversation } from './make-events.js';

describe('tui/row-format', () => {
  it('formats durations briefly', () => {
    expect(formatDuration(undefined)).to.equal('');
    expect(formatDuration(0.25)).to.equal('250µs');
    expect(formatDuration(2.5)).to.equal('2.50ms');
    expect(formatDuration(12)).to.equal('12ms');
    expect(formatDuration(12.54)).to.equal('12.5ms');
    expect(formatDuration(1234)).to.equal('1.23s');
    expect(formatDuration(125_000)).to.equal('2m05s');
  });

  it('fits text to a width with an ellipsis', () => {
    expect(fit('abc', 5)).to.equal('abc  ');
    expect(fit('abc', 5, 'right')).to.equal('  abc');
    expect(fit('abcdef', 4)).to.equal('abc…');
  });

  it('lays a row out in fixed columns as wide as the terminal, message escaped', () => {
    const e = { ...conversation({ agent: 'weather' })[8]!, message: 'line1\nline2\u001b[2J' };
    const c = columnsFor(120);
    const row = formatRow(e, c);
    expect(row.length).to.equal(118);
    expect(row).to.include('agent:tool_result').and.include('weather').and.include('50ms');
    expect(row).to.include('line1\\nline2\\x1b[2J');
    expect(row.includes('\n') || row.includes('\u001b')).to.equal(false);
    expect(row.slice(13, 21)).to.equal(e.trace_id.slice(0, 8));
  });

  it('costs the same for a huge message: cut before escaping, still ends in an ellipsis', () => {
    const e = { ...conversation()[0]!, message: 'x'.repeat(5_000_000) + '\u001b' };
    const c = columnsFor(120);
    const row = formatRow(e, c);
    expect(row.length).to.equal(118);
    expect(row.endsWith('x…')).to.equal(true);
    const lines = prettyLines(e);
    expect(Math.max(...lines.map((l) => l.length))).to.be.at.most(2001);
  });

  it('pretty-prints an event as escaped JSON lines', () => {
    const e = { ...conversation()[0]!, message: 'a\u202eb' };
    const lines = prettyLines(e);
    expect(lines[0]).to.equal('{');
    expect(lines).to.include('  "message": "a\\u202eb",');
  });
});

describe('tui/filter-adapter', () => {
  it('compiles filter text with the CLI syntax and reports errors without throwing', () => {
    const evs = conversation();
    const f = compileFilterText('component=agent operation~=tool');
    expect(f.ok && evs.filter(f.match!).map((e) => e.operation)).to.deep.equal(['tool_call', 'tool_result']);
    expect(compileFilterText('  ')).to.deep.equal({ ok: true, match: undefined });
    const bad = compileFilterText('nope=1');
    expect(bad.ok).to.equal(false);
  });

  it('writes terms back as text that parses to the same terms', () => {
    const terms: FilterTerm[] = [
      { kind: 'field', field: 'component', op: '=', value: 'agent' },
      { kind: 'field', field: 'message', op: '~=', value: 'hello "big" world' },
      { kind: 'field', field: 'level', op: '>=', value: 'WARN' },
      { kind: 'regex', source: 'a b\\d"', flags: 'i' },
      { kind: 'text', value: 'x=y', caseSensitive: false },
      { kind: 'text', value: 'plain', caseSensitive: false },
    ];
    expect(parseFilterTerms(termsToText(terms))).to.deep.equal(terms);
  });
});

import { expect } from 'chai';
import { LineScanner } from '../../src/reader/line-scanner.js';

function collect(maxLineBytes?: number): { s: LineScanner; lines: string[]; oversized: () => number } {
  const lines: string[] = [];
  let over = 0;
  const s = new LineScanner((b, a, e) => lines.push(b.toString('utf8', a, e)), { maxLineBytes, onOversized: () => { over++; } });
  return { s, lines, oversized: () => over };
}

describe('reader/LineScanner', () => {
  it('splits lines across chunk boundaries and strips \\r', () => {
    const { s, lines } = collect();
    s.push(Buffer.from('one\r\ntw'));
    s.push(Buffer.from('o'));
    s.push(Buffer.from('\nthree\n\nfour'));
    expect(lines).to.deep.equal(['one', 'two', 'three', '']);
    expect(s.pendingBytes).to.equal(4);
    s.end();
    expect(lines).to.deep.equal(['one', 'two', 'three', '', 'four']);
  });

  it('holds a partial line until its newline, even across many chunks', () => {
    const { s, lines } = collect();
    for (const c of 'abcdef') s.push(Buffer.from(c));
    expect(lines).to.deep.equal([]);
    s.push(Buffer.from('\r'));
    s.push(Buffer.from('\nx\n'));
    expect(lines).to.deep.equal(['abcdef', 'x']);
  });

  it('copies held bytes, so a reused read buffer does not corrupt the partial line', () => {
    const { s, lines } = collect();
    const buf = Buffer.from('hello');
    s.push(buf);
    buf.write('XXXXX');
    s.push(Buffer.from(' world\n'));
    expect(lines).to.deep.equal(['hello world']);
  });

  it('drops an oversized line (within one chunk or spread over many) and keeps going', () => {
    const { s, lines, oversized } = collect(10);
    s.push(Buffer.from('short\n' + 'x'.repeat(20) + '\nok\n'));
    s.push(Buffer.from('y'.repeat(8)));
    s.push(Buffer.from('y'.repeat(8)));
    s.push(Buffer.from('y'.repeat(8) + '\nafter\n'));
    expect(lines).to.deep.equal(['short', 'ok', 'after']);
    expect(oversized()).to.equal(2);
  });

  it('reset() forgets the partial line', () => {
    const { s, lines } = collect();
    s.push(Buffer.from('half'));
    s.reset();
    s.push(Buffer.from('new\n'));
    expect(lines).to.deep.equal(['new']);
  });
});

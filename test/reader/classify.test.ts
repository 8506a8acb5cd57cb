import { expect } from 'chai';
import { decodeLine, looksLikeObject, parseEventLine } from '../../src/reader/classify.js';
import { line, makeEvent } from '../helpers/trace-lines.js';

describe('reader/classify', () => {
  it('parses a contract JSON line into its event', () => {
    const e = makeEvent({ data: { a: 1 }, duration_ms: 3.5, user_id: 'u' });
    expect(parseEventLine(line(e))).to.deep.equal(e);
    expect(parseEventLine('  ' + line(e) + '  ')).to.deep.equal(e);
  });

  it('rejects lines that are not trace events', () => {
    const good = line();
    const bad = [
      '', 'INFO app started', '2026-05-15 10:00:00 | INFO | hello', good.slice(0, -5), '[1,2,3]', 'null', '{}',
      '{"timestamp":"x","level":"LOUD","trace_id":"a","span_id":"b","component":"c","operation":"d","message":"m"}',
      '{"timestamp":"x","level":"TRACE","trace_id":"a","span_id":"b","component":"c","operation":"d"}',
      good.replace('"message":"', '"message":1,"x":"'),
      '{"timestamp":"x","level":"TRACE","trace_id":"a","span_id":"b","component":"c","operation":"d","message":"m","duration_ms":"5"}',
      '{not json}',
    ];
    for (const b of bad) expect(parseEventLine(b), b).to.equal(undefined);
  });

  it('decodes valid UTF-8 (including a real U+FFFD) and refuses invalid bytes', () => {
    const ok = Buffer.from('héllo \ufffd ok');
    expect(decodeLine(ok, 0, ok.length)).to.equal('héllo \ufffd ok');
    const bad = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    expect(decodeLine(bad, 0, bad.length)).to.equal(undefined);
  });

  it('shape-checks raw bytes cheaply', () => {
    const b = Buffer.from('x {"a":1} \n');
    expect(looksLikeObject(b, 2, 9)).to.equal(true);
    expect(looksLikeObject(b, 0, 9)).to.equal(false);
    expect(looksLikeObject(Buffer.from('{"a":'), 0, 5)).to.equal(false);
  });
});

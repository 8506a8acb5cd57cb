import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { parseFilter } from '../../src/reader/filter.js';
import type { ReadItem } from '../../src/reader/processor.js';
import { LineProcessor } from '../../src/reader/processor.js';
import type { ReadOptions } from '../../src/reader/read.js';
import { readTrace } from '../../src/reader/read.js';
import { line } from '../helpers/trace-lines.js';

async function readAll(opts: ReadOptions): Promise<{ items: ReadItem[]; batches: number; skipped: number; files: string[] }> {
  const items: ReadItem[] = [];
  let batches = 0;
  const s = await readTrace(opts, (b) => { batches++; items.push(...b); });
  return { items, batches, skipped: s.skipped, files: s.files };
}
const messages = (items: ReadItem[]): string[] => items.map((i) => (i.kind === 'event' ? i.event.message : `raw:${i.line}`));

describe('reader/readTrace', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'muxi-read-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads rotated siblings oldest first (gz transparently), then the live file', async () => {
    const live = join(dir, 't.jsonl');
    writeFileSync(live + '.20261124-100000-000.gz', gzipSync(line({ message: 'one' }) + '\n' + line({ message: 'two' }) + '\n'));
    writeFileSync(live + '.20261124-110000-000', line({ message: 'three' }) + '\n');
    writeFileSync(live, line({ message: 'four' }) + '\n' + line({ message: 'five (no newline)' }));
    const r = await readAll({ source: { kind: 'file', path: live } });
    expect(messages(r.items)).to.deep.equal(['one', 'two', 'three', 'four', 'five (no newline)']);
    expect(r.files).to.have.length(3);
  });

  it('skips the garbage corpus and counts it, with and without the raw prefilter', async () => {
    const p = join(dir, 'g.jsonl');
    const ok = line({ component: 'agent', message: 'kept' });
    const parts: Buffer[] = [
      Buffer.from(ok + '\n'),
      Buffer.from('2026-05-15 10:00:00 INFO app log line\n'),
      Buffer.from(ok.slice(0, 40) + '\n'),
      Buffer.concat([Buffer.from('{"component":"agent","m":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}\n')]),
      Buffer.from('\u0000\u0001binary\u001b[2J\n'),
      Buffer.from('{"component":"agent"}\n'),
      Buffer.from('x'.repeat(10 * 1024 * 1024) + '\n'),
      Buffer.from(line({ component: 'mcp', message: 'other' }) + '\n'),
      Buffer.from(ok + '\n'),
    ];
    writeFileSync(p, Buffer.concat(parts));
    const all = await readAll({ source: { kind: 'file', path: p }, maxLineBytes: 1024 * 1024 });
    expect(messages(all.items)).to.deep.equal(['kept', 'other', 'kept']);
    expect(all.skipped).to.equal(6);
    const filtered = await readAll({ source: { kind: 'file', path: p }, filter: parseFilter('component=agent') });
    expect(messages(filtered.items)).to.deep.equal(['kept', 'kept']);
    // The prefilter rules out lines without reading them; only object-shaped ones escape the count.
    expect(filtered.skipped).to.be.within(5, 6);
    const passed = await readAll({ source: { kind: 'file', path: p }, all: true, maxLineBytes: 1024 * 1024 });
    expect(passed.items.filter((i) => i.kind === 'raw')).to.have.length(5);
  });

  it('reads a stream (stdin) in batches as chunks arrive', async () => {
    const chunks = [line({ message: 'a' }) + '\n' + line({ message: 'b' }).slice(0, 30), line({ message: 'b' }).slice(30) + '\n', 'junk\n'];
    const r = await readAll({ source: { kind: 'stream', stream: Readable.from(chunks.map((c) => Buffer.from(c))) } });
    expect(messages(r.items)).to.deep.equal(['a', 'b']);
    expect(r.batches).to.equal(2);
    expect(r.skipped).to.equal(1);
  });

  it('LineProcessor applies every needle and the predicate', () => {
    const out: ReadItem[] = [];
    const p = new LineProcessor(out, { filter: parseFilter('component=agent operation=tool_call') });
    p.push(Buffer.from([
      line({ component: 'agent', operation: 'tool_call', message: 'yes' }),
      line({ component: 'agent', operation: 'tool_call_error', message: 'no' }),
      line({ component: 'mcp', operation: 'tool_call', agent_id: 'agent', message: 'no' }),
    ].join('\n') + '\n'));
    expect(messages(out)).to.deep.equal(['yes']);
    expect(p.counts).to.include({ lines: 3, matched: 1, skipped: 0 });
  });
});

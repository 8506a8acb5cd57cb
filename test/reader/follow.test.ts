import { expect } from 'chai';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FileFollower } from '../../src/reader/follow.js';
import type { ReadItem } from '../../src/reader/processor.js';
import { LineProcessor } from '../../src/reader/processor.js';
import type { ReadOptions } from '../../src/reader/read.js';
import { readTrace } from '../../src/reader/read.js';
import { line } from '../helpers/trace-lines.js';

/** The JSON lines of events with these messages, each ending in a newline. */
const lines = (...m: string[]): string => m.map((x) => line({ message: x }) + '\n').join('');

/** Polls are called by hand: deterministic, no timers. */
function setup(dir: string): { path: string; f: FileFollower; seen: () => string[]; write: (...m: string[]) => void } {
  const path = join(dir, 'live.jsonl');
  writeFileSync(path, '');
  const out: ReadItem[] = [];
  const f = new FileFollower(path, new LineProcessor(out), 64);
  const write = (...m: string[]): void => appendFileSync(path, lines(...m));
  const seen = (): string[] => out.map((i) => (i.kind === 'event' ? i.event.message : i.line));
  return { path, f, seen, write };
}

/**
 * Follows `path` with readTrace (polling every 20 ms) and resolves with the event messages seen:
 * after a batch that brings their count to n, `at[n]` runs; reading stops once `stopAt` were seen.
 */
async function followMessages(path: string, opts: Pick<ReadOptions, 'lines'>, at: Record<number, () => void>,
  stopAt: number): Promise<string[]> {
  const ac = new AbortController();
  const got: string[] = [];
  await readTrace({ source: { kind: 'file', path }, follow: true, pollMs: 20, signal: ac.signal, ...opts }, (items) => {
    for (const i of items) if (i.kind === 'event') got.push(i.event.message);
    at[got.length]?.();
    if (got.length === stopAt) ac.abort();
  });
  return got;
}

describe('reader/FileFollower (poll-based tail -F)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'muxi-follow-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers appended lines and holds a partial line until its newline', async () => {
    const { path, f, seen, write } = setup(dir);
    write('a');
    await f.open();
    const partial = line({ message: 'b' });
    appendFileSync(path, partial.slice(0, 50));
    await f.poll();
    expect(seen()).to.deep.equal(['a']);
    appendFileSync(path, partial.slice(50) + '\n');
    await f.poll();
    expect(seen()).to.deep.equal(['a', 'b']);
    await f.close();
  });

  it('survives rename rotation: drains the old file, then reads the new one from its start', async () => {
    const { path, f, seen, write } = setup(dir);
    write('1');
    await f.open();
    write('2');
    renameSync(path, path + '.20261124-100000-000');
    appendFileSync(path + '.20261124-100000-000', line({ message: '3 (late write to old file)' }) + '\n');
    write('4');
    await f.poll();
    write('5');
    await f.poll();
    expect(seen()).to.deep.equal(['1', '2', '3 (late write to old file)', '4', '5']);
    await f.close();
  });

  it('survives copy-truncate, recovering lines written before the copy from the rotated copy', async () => {
    const { path, f, seen, write } = setup(dir);
    write('1');
    await f.open();
    write('2', '3');
    copyFileSync(path, path + '.20261124-100000-000');
    truncateSync(path, 0);
    write('4');
    await f.poll();
    write('5');
    await f.poll();
    expect(seen()).to.deep.equal(['1', '2', '3', '4', '5']);
    await f.close();
  });

  it('notices a truncation even when the file grew past the old position, and reads a gz copy', async () => {
    const { path, f, seen, write } = setup(dir);
    write('1');
    await f.open();
    write('2');
    writeFileSync(path + '.20261124-100000-000.gz', gzipSync(readFileSync(path)));
    truncateSync(path, 0);
    write('3 is a much longer message, long enough to pass the old read position');
    await f.poll();
    expect(seen()).to.deep.equal(['1', '2', '3 is a much longer message, long enough to pass the old read position']);
    await f.close();
  });

  it('survives delete and recreate, waiting while the file is absent', async () => {
    const { path, f, seen, write } = setup(dir);
    write('1');
    await f.open();
    write('2');
    unlinkSync(path);
    await f.poll();
    await f.poll();
    write('3');
    await f.poll();
    expect(seen()).to.deep.equal(['1', '2', '3']);
    await f.close();
  });

  it('readTrace with follow: the last N matching events first (from rotated files when needed), then new ones', async () => {
    const path = join(dir, 'app.jsonl');
    writeFileSync(path + '.20261124-100000-000', lines('r1', 'r2', 'r3'));
    writeFileSync(path, lines('l1', 'l2'));
    const got = await followMessages(path, { lines: 3 }, { 3: () => appendFileSync(path, lines('new')) }, 4);
    expect(got).to.deep.equal(['r3', 'l1', 'l2', 'new']);
  });

  it('readTrace with follow and lines=all: every rotated and live line first, then new ones', async () => {
    const path = join(dir, 'app.jsonl');
    writeFileSync(path + '.20261124-100000-000', lines('r1', 'r2'));
    writeFileSync(path, lines('l1'));
    const got = await followMessages(path, { lines: 'all' }, { 3: () => appendFileSync(path, lines('new')) }, 4);
    expect(got).to.deep.equal(['r1', 'r2', 'l1', 'new']);
  });

  it('readTrace with follow waits for a live file that is momentarily absent (only rotated siblings exist)', async () => {
    const path = join(dir, 'app.jsonl');
    writeFileSync(path + '.20261124-100000-000', lines('r1'));
    const got = await followMessages(path, {}, { 1: () => writeFileSync(path, lines('live')) }, 2);
    expect(got).to.deep.equal(['r1', 'live']);
  });

  it('readTrace with follow waits for a file that does not exist yet (tail -F), in a directory that does', async () => {
    const path = join(dir, 'later.jsonl');
    const timer = setTimeout(() => writeFileSync(path, lines('first')), 60);
    const got = await followMessages(path, {}, {}, 1);
    clearTimeout(timer);
    expect(got).to.deep.equal(['first']);
  });
});

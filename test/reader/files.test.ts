import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverFiles, InputError, sortRotated } from '../../src/reader/files.js';

describe('reader/files: the live file and its rotated siblings', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'muxi-files-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sorts siblings oldest first by stamp then sequence, one per rotation, ignoring others', () => {
    const names = [
      'app.jsonl.20261124-101522-123.gz', 'app.jsonl.20261124-101522-123.2.gz', 'app.jsonl.20261124-101522-123.10',
      'app.jsonl.20261123-090000-000', 'app.jsonl.20261123-090000-000.gz', 'app.jsonl', 'app.jsonl.bak',
      'other.jsonl.20261120-000000-000', 'app.jsonl.2026-11-24',
    ];
    expect(sortRotated('app.jsonl', names)).to.deep.equal([
      'app.jsonl.20261123-090000-000', 'app.jsonl.20261124-101522-123.gz', 'app.jsonl.20261124-101522-123.2.gz',
      'app.jsonl.20261124-101522-123.10',
    ]);
  });

  it('finds the set of a live path', async () => {
    const live = join(dir, 'app.jsonl');
    for (const n of ['app.jsonl', 'app.jsonl.20261124-101522-123.gz', 'app.jsonl.20261101-000000-000', 'x.log']) writeFileSync(join(dir, n), '');
    expect(await discoverFiles(live)).to.deep.equal({
      rotated: [join(dir, 'app.jsonl.20261101-000000-000'), join(dir, 'app.jsonl.20261124-101522-123.gz')], live,
    });
  });

  it('reads the rotated siblings alone while the live file is momentarily absent', async () => {
    writeFileSync(join(dir, 'app.jsonl.20261101-000000-000'), '');
    expect(await discoverFiles(join(dir, 'app.jsonl'))).to.deep.equal({ rotated: [join(dir, 'app.jsonl.20261101-000000-000')], live: undefined });
  });

  it('says clearly when the path is missing or a directory', async () => {
    const missing = await discoverFiles(join(dir, 'nope.jsonl')).catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(InputError).with.property('message').match(/nope\.jsonl': no such file/);
    mkdirSync(join(dir, 'd'));
    const isDir = await discoverFiles(join(dir, 'd')).catch((e: unknown) => e);
    expect(isDir).to.be.instanceOf(InputError).with.property('message').match(/is a directory/);
  });
});

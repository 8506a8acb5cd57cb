import { expect } from 'chai';
import { appendFileSync, copyFileSync, mkdtempSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { line } from '../helpers/trace-lines.js';
import { collect, startBin, waitFor } from './run-bin.js';

describe('cli/bin: muxi trace -f (spawns the real bin)', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'muxi-follow-bin-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the last N matches, then follows through rename rotation, copy-truncate and delete/recreate; every line once; SIGINT exits 0', async () => {
    const live = join(dir, 'app.jsonl');
    const ev = (m: string, component = 'agent'): string => line({ message: m, component }) + '\n';
    writeFileSync(live, Array.from({ length: 15 }, (_, i) => ev(`old${i}`)).join('') + ev('not-agent', 'mcp'));
    const child = startBin(['trace', '-f', '-n', '3', '--poll-ms', '50', '--file', live, '--component', 'agent', '--json']);
    const done = collect(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    const messages = (): string[] => out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { message: string }).message);
    const has = (m: string) => (): boolean => messages().includes(m);

    await waitFor(has('old14'), 'the backlog');
    appendFileSync(live, ev('a1'));
    const partial = ev('a2');
    appendFileSync(live, partial.slice(0, 40));
    await waitFor(has('a1'), 'a1');
    appendFileSync(live, partial.slice(40));
    // Rename rotation: the old file gets one late line, then a new live file appears.
    appendFileSync(live, ev('r1'));
    renameSync(live, live + '.20261124-100000-000');
    appendFileSync(live + '.20261124-100000-000', ev('r2-late'));
    writeFileSync(live, ev('r3'));
    await waitFor(has('r3'), 'r3 after rename rotation');
    // Copy-truncate, racing the poll: lines before the copy are read either live or from the copy.
    appendFileSync(live, ev('c1') + ev('c2'));
    copyFileSync(live, live + '.20261124-110000-000');
    truncateSync(live, 0);
    appendFileSync(live, ev('c3'));
    await waitFor(has('c3'), 'c3 after copy-truncate');
    // Delete and recreate.
    appendFileSync(live, ev('d1'));
    unlinkSync(live);
    // d1 is read from the deleted file (still open), while the path is missing; then it comes back
    await waitFor(has('d1'), 'd1 from the deleted file');
    writeFileSync(live, ev('d2'));
    await waitFor(has('d2'), 'd2 after delete/recreate');

    child.kill('SIGINT');
    const r = await done;
    expect(r.code).to.equal(0);
    expect(messages()).to.deep.equal(['old12', 'old13', 'old14', 'a1', 'a2', 'r1', 'r2-late', 'r3', 'c1', 'c2', 'c3', 'd1', 'd2']);
    expect(r.stderr).to.equal('');
  });
});

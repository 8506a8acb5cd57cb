import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runTui, TuiUnavailableError } from '../../cli/tui/index.js';
import { openKeyboard } from '../../cli/tui/terminal.js';
import { filterTextOf } from '../../cli/tui/reader-source.js';
import type { RunTui } from '../../cli/tui-launch.js';
import type { TraceCliOptions } from '../../cli/options.js';
import { conversations } from './make-events.js';

// The CLI's loader calls runTui with its own options type: this must keep compiling.
const asCliSees: RunTui = runTui;

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string };
  let text = '';
  (s as unknown as PassThrough).on('data', (c: Buffer) => { text += c.toString(); });
  Object.assign(s, { isTTY, columns: 120, rows: 40, text: () => text });
  return s;
}

describe('tui/run-tui', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-tui-run-'));
    writeFileSync(join(dir, 'app.jsonl'), conversations(2).map((e) => JSON.stringify(e)).join('\n') + '\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses with TuiUnavailableError when standard output is not a terminal (embedded use)', async () => {
    const stdout = fakeStream(false);
    let err: unknown;
    try {
      await runTui({ events: conversations(1), stdout, stderr: fakeStream(false) });
    } catch (e) {
      err = e;
    }
    // By name: mocha may load this file through require, and runTui loads its runner through import,
    // so the test can see two copies of the class (the published ESM build has one).
    expect((err as Error).name).to.equal(TuiUnavailableError.name);
    expect((err as Error).message).to.include('standard output is not a terminal');
    expect(stdout.text()).to.equal('');
  });

  it('with muxi trace options and no terminal, says so on stderr and prints as muxi trace would', async () => {
    const stdout = fakeStream(false);
    const stderr = fakeStream(false);
    const o: TraceCliOptions = {
      command: 'trace', input: { kind: 'file', path: join(dir, 'app.jsonl') }, filters: { component: 'mcp' },
      follow: false, lines: 10, json: true, all: false, tui: true, format: undefined, pollMs: 250,
    } as TraceCliOptions;
    expect(asCliSees).to.equal(runTui);
    const code = await runTui({ ...o, stdout, stderr });
    expect(code).to.equal(0);
    expect(stderr.text()).to.match(/--tui needs a terminal \(standard output is not a terminal\); printing instead/);
    const lines = stdout.text().trim().split('\n');
    expect(lines.length).to.equal(4);
    expect(lines.every((l) => JSON.parse(l).component === 'mcp')).to.equal(true);
  });

  it('reads keys from the terminal device when standard input is piped, and says so when there is none', () => {
    const piped = new PassThrough() as unknown as NodeJS.ReadStream;
    expect(() => openKeyboard(piped, join(dir, 'no-such-tty'))).to.throw(/no terminal to read keys from \(standard input is not one and .* cannot be opened: ENOENT\)/);
    expect(() => openKeyboard(piped, join(dir, 'app.jsonl'))).to.throw(/no terminal to read keys from \(.* is not a terminal\)/);
    const tty = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.ReadStream;
    expect(openKeyboard(tty).stream).to.equal(tty);
  });

  it('shows the command-line filters as filter text', () => {
    expect(filterTextOf({ component: 'agent', level: 'WARN', filter: 'weather' }).text).to.equal('component=agent level>=WARN weather');
    expect(filterTextOf({ filter: 'bogus=1' }).error).to.match(/unknown filter field/);
  });
});

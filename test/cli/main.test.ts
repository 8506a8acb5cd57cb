import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCli, UsageError } from '../../cli/args.js';
import { TRACE_HELP } from '../../cli/help.js';
import { main } from '../../cli/main.js';
import type { TraceCliOptions } from '../../cli/options.js';
import { lineFormatter } from '../../cli/trace.js';
import { runTuiOrPrint } from '../../cli/tui-launch.js';
import { progressLine } from '../../cli/stats.js';
import { line, makeEvent } from '../helpers/trace-lines.js';
import { fakeIo } from './fake-io.js';

const noStdin = (): boolean => false;

describe('cli: argument parsing and commands in-process', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-main-'));
    file = join(dir, 'a.jsonl');
    writeFileSync(file, [line({ component: 'agent', message: 'a' }), line({ component: 'mcp', message: 'b' })].join('\n') + '\n');
    mkdirSync(join(dir, 'sub'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('parses flags, short forms and trailing filter words', () => {
    const r = parseCli(['trace', '-f', '-n', 'all', '--file', 'x.jsonl', '--component', 'agent', '--trace-id', 'abcd', 'level>=WARN', 'weather'], {}, noStdin);
    expect(r.kind).to.equal('run');
    const o = (r as { options: TraceCliOptions }).options;
    expect(o).to.deep.include({ command: 'trace', follow: true, lines: 'all', input: { kind: 'file', path: 'x.jsonl' }, pollMs: 250 });
    expect(o.filters).to.deep.equal({ component: 'agent', traceId: 'abcd', filter: 'level>=WARN weather' });
    expect((parseCli(['trace', 'stats', '--json'], { TRACING_FILE: 'env.jsonl' }, noStdin) as { options: TraceCliOptions }).options)
      .to.deep.include({ command: 'stats', json: true, input: { kind: 'file', path: 'env.jsonl' }, lines: 10 });
    expect((parseCli(['trace'], { TRACING_FILE: 'env.jsonl' }, () => true) as { options: TraceCliOptions }).options.input).to.deep.equal({ kind: 'stdin' });
  });

  it('rejects bad command lines with a UsageError', () => {
    const bad: Array<[string[], RegExp]> = [
      [['trace', '--nope'], /unknown option '--nope'/],
      [['trace', '--file'], /'--file' needs a value/],
      [['trace', '-n', 'ten', '--file', 'x'], /--lines 'ten'/],
      [['trace', '--file', 'x', '--level', 'LOUD'], /unknown level/],
      [['trace', '--file', 'x', '--grep', '/(/'], /regular expression/],
      [['trace', 'stats', '-f', '--file', 'x'], /does not apply/],
      [['trace'], /no input/],
      [[], /missing command/],
    ];
    for (const [args, re] of bad) expect(() => parseCli(args, {}, noStdin), args.join(' ')).to.throw(UsageError, re);
  });

  it('main: one clear line and a non-zero status per error', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['trace', '--file', join(dir, 'missing.jsonl')], 1, /^muxi: cannot read '.*missing\.jsonl': no such file\n$/],
      [['trace', '--file', join(dir, 'sub')], 1, /^muxi: cannot read '.*sub': is a directory, not a trace file\n$/],
      [['trace', '--file', file, 'colour=red'], 2, /^muxi: unknown filter field 'colour'.*\nTry 'muxi trace --help'\.\n$/],
      [['trace', '--file', file, '--since', 'tuesday'], 2, /not a time/],
      [['trace', '--file', file, '--format', '{nope}'], 2, /^muxi: .*--format/],
      [['frobnicate'], 2, /unknown command 'frobnicate'/],
    ];
    for (const [args, code, re] of cases) {
      const io = fakeIo();
      expect(await main(args, io), args.join(' ')).to.equal(code);
      expect(io.err(), args.join(' ')).to.match(re);
      expect(io.out()).to.equal('');
    }
  });

  it('help documents every flag with a runnable example', async () => {
    const io = fakeIo();
    expect(await main(['trace', '--help'], io)).to.equal(0);
    expect(io.out()).to.equal(TRACE_HELP);
    for (const flag of ['--file', '--follow', '--lines', '--component', '--operation', '--trace-id', '--user', '--agent', '--level',
      '--since', '--until', '--grep', '--filter', '--json', '--all', '--tui', '--format', '--poll-ms', '--help']) {
      expect(TRACE_HELP, flag).to.match(new RegExp(`^ {2,}(?:\\S+ \\| )?muxi trace .*${flag}\\b`, 'm'));
    }
  });

  it('text output is coloured only when asked (TTY or FORCE_COLOR), never with NO_COLOR; TTYs get escaped JSON', () => {
    const o = (parseCli(['trace', '--file', 'x'], {}, noStdin) as { options: TraceCliOptions }).options;
    const item = { kind: 'event' as const, event: makeEvent({ level: 'ERROR', message: 'm\u001b[2J' }), line: '{"message":"m\u001b[2J"}' };
    const pipe = { stdout: {} as NodeJS.WritableStream, env: {} };
    expect(lineFormatter(o, pipe)(item)).to.not.include('\u001b[');
    expect(lineFormatter(o, pipe)(item)).to.include('m\\x1b[2J');
    expect(lineFormatter(o, { ...pipe, env: { FORCE_COLOR: '1' } })(item)).to.include('\u001b[31m');
    const tty = { stdout: Object.assign({} as NodeJS.WritableStream, { isTTY: true }), env: { NO_COLOR: '1' } };
    expect(lineFormatter(o, tty)(item)).to.not.include('\u001b[');
    expect(lineFormatter({ ...o, json: true }, tty)(item)).to.equal('{"message":"m\\x1b[2J"}');
    expect(lineFormatter({ ...o, json: true }, pipe)(item)).to.equal(item.line);
  });

  it('--tui: without a terminal or without the viewer, says so and prints as muxi trace would', async () => {
    const o = (parseCli(['trace', '--tui', '--file', file, '--component', 'mcp'], {}, noStdin) as { options: TraceCliOptions }).options;
    const pipe = fakeIo();
    expect(await runTuiOrPrint(o, pipe)).to.equal(0);
    expect(pipe.err()).to.include('--tui needs a terminal');
    expect(pipe.out()).to.match(/ - b\n$/);
    const tty = fakeIo({ stdoutTTY: true, env: { NO_COLOR: '1' } });
    expect(await runTuiOrPrint(o, tty, () => Promise.reject(new Error('Cannot find module tui')))).to.equal(0);
    expect(tty.err()).to.include('the viewer is unavailable (Cannot find module tui)');
    expect(tty.out()).to.match(/ - b\n$/);
    let got: TraceCliOptions | undefined;
    expect(await runTuiOrPrint(o, tty, () => Promise.resolve({ runTui: async (opts: TraceCliOptions) => { got = opts; return 3; } }))).to.equal(3);
    expect(got).to.equal(o);
  });

  it('reads stdin and prints the statistics table in-process', async () => {
    const io = fakeIo({ input: line({ component: 'agent', operation: 'response', agent_id: 'w', duration_ms: 7 }) + '\nnoise\n' });
    expect(await main(['trace', 'stats'], { ...io, stdin: io.stdin })).to.equal(0);
    expect(io.out()).to.match(/^Events 1 {2}traces 1 {2}errors 0/).and.match(/AGENT\s+COUNT[\s\S]*\n {2}w\s+1\s+7\s+7\s+7\s+7\n/);
    expect(io.err()).to.equal('muxi trace: skipped 1 line that is not a trace event\n');
  });

  it('the stats progress line shows only for large inputs and is erased at the end', () => {
    let err = '';
    const stderr = { write: (s: string) => { err += s; return true; } } as unknown as NodeJS.WritableStream;
    const small = progressLine(stderr, 1000);
    small.update(10, 999);
    small.clear();
    expect(err).to.equal('');
    const big = progressLine(stderr, 1000);
    big.update(512 * 1024 * 1024, 1024 * 1024 * 1024);
    big.clear();
    expect(err).to.equal('\rmuxi trace stats: 512 / 1024 MB (50%)\r\u001b[K');
  });
});

import { expect } from 'chai';
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { line, tid } from '../helpers/trace-lines.js';
import { repoRoot } from '../helpers/run-node.js';
import { collect, runBin, startBin, waitFor } from './run-bin.js';

describe('cli/bin: muxi trace end to end (spawns the real bin)', function () {
  this.timeout(60000);
  let dir: string;
  let live: string;
  const A = tid('abcd1234');
  const B = tid('abce9999');

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-bin-'));
    chmodSync(dir, 0o755);
    live = join(dir, 'app.jsonl');
    writeFileSync(live + '.20261124-100000-000.gz', gzipSync([
      line({ trace_id: A, component: 'user', operation: 'message', message: 'one' }),
      line({ trace_id: A, component: 'agent', operation: 'tool_call', message: 'two', agent_id: 'weather' }),
    ].join('\n') + '\n'));
    writeFileSync(live + '.20261124-110000-000', [
      line({ trace_id: B, component: 'agent', operation: 'tool_call_error', level: 'ERROR', message: 'three', agent_id: 'weather', duration_ms: 12 }),
      'INFO an app log line between events',
    ].join('\n') + '\n');
    writeFileSync(live, [
      line({ trace_id: B, component: 'agent', operation: 'tool_call', message: 'four \u001b[2J evil', user_id: 'alice' }),
      line({ trace_id: A, component: 'mcp', operation: 'tool_result', message: 'five', duration_ms: 5, data: { tool: 'forecast', server: 'w' } }),
    ].join('\n') + '\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads rotated + gz siblings oldest first, then the live file, in the text format', async () => {
    const r = await runBin(['trace', '--file', live]);
    expect(r.code).to.equal(0);
    const out = r.stdout.trim().split('\n');
    expect(out.map((l) => l.split(' - ')[1])).to.deep.equal(['one', 'two', 'three', 'four \\x1b[2J evil', 'five']);
    expect(out[2]).to.match(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \| ERROR {4}\| abce9999 \| agent:tool_call_error - three$/);
    expect(r.stderr).to.equal('muxi trace: skipped 1 line that is not a trace event\n');
  });

  it('combines exact field filters, trace-id prefixes and filter words; --json prints lines unchanged', async () => {
    const [r, words] = await Promise.all([
      runBin(['trace', '--file', live, '--component', 'agent', '--operation', 'tool_call', '--trace-id', 'abce', '--json']),
      runBin(['trace', '--file', live, '--trace-id', 'abcd1234', 'level>=TRACE', 'data.tool=forecast']),
    ]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^\{"timestamp":"[^"]+","level":"TRACE","trace_id":"abce9999[0-9a-f]{24}","span_id":"[0-9a-f]{16}","component":"agent","operation":"tool_call","message":"four \\u001b\[2J evil","user_id":"alice"\}\n$/);
    const parsed = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { message: string });
    expect(parsed.map((p) => p.message)).to.deep.equal(['four \u001b[2J evil']);
    expect(words.stdout.trim().split('\n').map((l) => l.split(' - ')[1])).to.deep.equal(['five']);
  });

  it('reads standard input when piped, skipping and counting the garbage corpus', async () => {
    const input = Buffer.concat([
      Buffer.from(line({ message: 'kept 1', level: 'WARN' }) + '\n'),
      Buffer.from('plain app log\n{"truncated":\n[1,2]\n'),
      Buffer.from([0xff, 0xfe, 0x0a]),
      Buffer.from('y'.repeat(10 * 1024 * 1024) + '\n'),
      Buffer.from(line({ message: 'kept 2', level: 'ERROR' }) + '\n'),
      Buffer.from(line({ message: 'dropped by level', level: 'INFO' })),
    ]);
    const [r, all] = await Promise.all([
      runBin(['trace', '--level', 'warn', '--json'], { input }),
      runBin(['trace', '--all'], { input: 'hello\n' + line({ message: 'ev' }) + '\n' }),
    ]);
    expect(r.code).to.equal(0);
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { message: string }).message)).to.deep.equal(['kept 1', 'kept 2']);
    expect(r.stderr).to.equal('muxi trace: skipped 5 lines that are not trace events\n');
    expect(all.stdout).to.match(/^hello\n.* - ev\n$/);
    expect(all.stderr).to.equal('');
  });

  it('streams: each line read from a pipe is printed before the next one arrives', async () => {
    const child = startBin(['trace', '--component', 'agent'], {}, 'pipe');
    const done = collect(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stdin!.write(line({ message: 'first' }) + '\n');
    await waitFor(() => out.includes(' - first\n'), 'the first line');
    child.stdin!.write(line({ message: 'second' }) + '\n');
    await waitFor(() => out.includes(' - second\n'), 'the second line');
    child.stdin!.end();
    const r = await done;
    expect(r.code).to.equal(0);
    expect(out.trim().split('\n')).to.have.length(2);
  });

  it('uses TRACING_FILE when there is no --file and stdin is not piped; stats prints tables and JSON', async () => {
    const [r, t] = await Promise.all([
      runBin(['trace', 'stats', '--json'], { env: { TRACING_FILE: live } }),
      runBin(['trace', 'stats', '--file', live, '--component', 'agent']),
    ]);
    expect(r.code).to.equal(0);
    const s = JSON.parse(r.stdout) as { events: number; traces: number; errors: number; latency: { tool: Record<string, unknown> } };
    expect(s).to.include({ events: 5, traces: 2, errors: 1 });
    expect(Object.keys(s.latency.tool)).to.deep.equal(['mcp:w/forecast']);
    expect(t.stdout).to.match(/^Events 3 {2}traces 2 {2}errors 1/).and.include('agent:tool_call_error');
  });

  it('fails with one clear message and a non-zero status', async () => {
    const usage = await runBin(['trace', '--bogus']);
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.match(/^muxi: unknown option '--bogus'\nTry 'muxi trace --help'\.\n$/);
    expect(usage.stdout).to.equal('');
  });

  it('says "permission denied" for a file it cannot read, as an unprivileged user', async function () {
    // Root reads anything, so as root the bin runs as uid 65534. That user may not be able to
    // read this checkout (a clone in a private 0700 folder), so it runs a copy of the built bin
    // from a world-readable temporary folder, next to the unreadable file.
    const asRoot = process.getuid?.() === 0;
    const built = join(repoRoot, 'dist');
    if (asRoot && !existsSync(join(built, 'cli/bin.js'))) {
      this.skip(); // needs `npm run build` (npm test builds first); the other bin tests cover the rest
    }
    const home = asRoot ? mkdtempSync(join(tmpdir(), 'muxi-bin-nobody-')) : dir;
    try {
      if (asRoot) {
        chmodSync(home, 0o755);
        cpSync(built, join(home, 'dist'), { recursive: true });
        cpSync(join(repoRoot, 'package.json'), join(home, 'package.json'));
      }
      const unreadable = join(home, 'secret.jsonl');
      writeFileSync(unreadable, line() + '\n');
      chmodSync(unreadable, 0o000);
      const r = await runBin(['trace', '--file', unreadable], asRoot ? { built: join(home, 'dist/cli/bin.js'), uid: 65534, cwd: home } : {});
      expect(r.stderr).to.match(/^muxi: cannot read '.*secret\.jsonl': permission denied\n$/);
      expect(r.code).to.equal(1);
      expect(r.stdout).to.equal('');
    } finally {
      if (asRoot) rmSync(home, { recursive: true, force: true });
    }
  });

  it('--tui without a terminal says so and prints as muxi trace would', async () => {
    const tui = await runBin(['trace', '--tui', '--file', live, '--component', 'mcp']);
    expect(tui.code).to.equal(0);
    expect(tui.stderr).to.include('--tui needs a terminal');
    expect(tui.stdout.trim().split('\n').map((l) => l.split(' - ')[1])).to.deep.equal(['five']);
  });

  it('the built bin (dist/cli/bin.js) runs too, when built', async function () {
    const built = join(repoRoot, 'dist/cli/bin.js');
    if (!existsSync(built)) this.skip();
    const r = await runBin(['trace', '--file', live, '--operation', 'tool_call', '--json'], { built });
    expect(r.code).to.equal(0);
    expect(r.stdout.trim().split('\n')).to.have.length(2);
  });
});

/**
 * The real `muxi` bin with `--clickhouse` against the chdb HTTP harness, on the demo's output:
 * `muxi trace` (text, --json, filters, -f), `muxi trace stats` (text, --json), `--web` (the API)
 * and `--tui` without a terminal print exactly what they print on a file holding the same
 * events; the errors users meet are one line with exit 1, bad combinations exit 2.
 */
import { expect } from 'chai';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { runBin, startBin, waitFor } from '../cli/run-bin.js';
import { get, openStream, startWeb } from '../web/web-server.js';
import { repoRoot } from '../helpers/run-node.js';
import { TmuxTerminal, shellQuote } from '../helpers/tmux.js';
import { statements } from './chdb-helpers.js';
import type { ChFixture } from './ch-fixture.js';
import { DB, demoFixture } from './ch-fixture.js';

describe('cloud: muxi --clickhouse through the real bin (chdb behind the HTTP harness)', function () {
  this.timeout(120_000);
  let fx: ChFixture;
  let url: string;
  const env = { TZ: 'UTC', TRACING_CLICKHOUSE_URL: undefined, TRACING_CLICKHOUSE_PASSWORD: undefined };

  before(async () => {
    fx = await demoFixture();
    url = fx.http.url;
  });
  after(async () => {
    await fx?.close();
  });

  const ch = (args: string[]): string[] => [...args, '--clickhouse', url, '--ch-database', DB];

  it('muxi trace, --json, filters and stats print what they print on a file of the same events', async () => {
    const variants = [[], ['--json'], ['--component', 'agent'], ['--level', 'WARN'], ['--grep', '/tool/i'], ['data.tool~=e', '--json'],
      ['--format', '{timestamp} {trace_id} {component}:{operation} {duration_ms}']];
    for (const v of variants) {
      const a = await runBin(['trace', ...ch(v)], { env });
      const b = await runBin(['trace', '--file', fx.file, ...v], { env });
      expect(a.code, `${v.join(' ')}: ${a.stderr}`).to.equal(0);
      expect(a.stdout, v.join(' ')).to.equal(b.stdout);
      expect(a.stdout.length).to.be.greaterThan(0);
    }
    const json = await runBin(['trace', ...ch(['--json'])], { env });
    expect(json.stdout).to.equal(fx.lines.map((l) => l + '\n').join(''));
    for (const v of [[], ['--json'], ['--component', 'agent', '--json']]) {
      const a = await runBin(['trace', 'stats', ...ch(v)], { env });
      const b = await runBin(['trace', 'stats', '--file', fx.file, ...v], { env });
      expect(a.code, a.stderr).to.equal(0);
      expect(a.stdout, `stats ${v.join(' ')}`).to.equal(b.stdout);
    }
  });

  it('takes the URL, user, password and database from TRACING_CLICKHOUSE_URL / the URL / TRACING_CLICKHOUSE_PASSWORD', async () => {
    const want = (await runBin(['trace', '--file', fx.file], { env })).stdout;
    const viaEnv = await runBin(['trace'], { env: { ...env, TRACING_CLICKHOUSE_URL: `http://reader:s3cret@127.0.0.1:${fx.http.port}/${DB}` } });
    expect(viaEnv.code, viaEnv.stderr).to.equal(0);
    expect(viaEnv.stdout).to.equal(want);
    const pw = await runBin(['trace', '--clickhouse', `${url}/${DB}`, '--ch-user', 'reader'], { env: { ...env, TRACING_CLICKHOUSE_PASSWORD: 's3cret' } });
    expect(pw.code, pw.stderr).to.equal(0);
    expect(pw.stdout).to.equal(want);
  });

  it('--web serves the same traces, trace and stats as on the file', async () => {
    const a = await startWeb(ch([]), env);
    const b = await startWeb(['--file', fx.file], env);
    try {
      const pick = (body: string): unknown => { const p = JSON.parse(body) as Record<string, unknown>; delete p['state']; return p; };
      for (const path of ['/api/traces', '/api/traces?sort=duration_ms&order=asc&limit=3', '/api/traces?q=component%3Dagent', '/api/stats']) {
        const x = await get(a.port, path);
        const y = await get(b.port, path);
        expect(x.status, `${path}: ${x.body}`).to.equal(200);
        expect(pick(x.body), path).to.deep.equal(pick(y.body));
      }
      const list = JSON.parse((await get(a.port, '/api/traces')).body) as { traces: Array<{ trace_id: string }>; state: { label: string } };
      expect(list.state.label).to.match(/^clickhouse:\/\/127\.0\.0\.1:\d+\/muxi\.muxi_traces$/);
      for (const t of list.traces.slice(0, 3)) {
        const x = await get(a.port, `/api/traces/${t.trace_id}`);
        expect(x.status).to.equal(200);
        expect(JSON.parse(x.body)).to.deep.equal(JSON.parse((await get(b.port, `/api/traces/${t.trace_id}`)).body));
      }
    } finally {
      expect(await a.stop()).to.equal(0);
      await b.stop();
    }
  });

  it('--tui without a terminal says so and prints as muxi trace does', async () => {
    const a = await runBin(['trace', '--tui', ...ch(['--component', 'mcp'])], { env });
    const b = await runBin(['trace', '--file', fx.file, '--component', 'mcp'], { env });
    expect(a.code).to.equal(0);
    expect(a.stderr).to.match(/--tui needs a terminal/);
    expect(a.stdout).to.equal(b.stdout);
  });

  it('errors users meet: one line each, exit 1', async () => {
    const free = await new Promise<number>((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => resolve(p)); }); });
    const cases: Array<[string[], RegExp]> = [
      [['trace', '--clickhouse', `http://127.0.0.1:${free}`], /^muxi: cannot reach ClickHouse at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\n$/],
      [['trace', '--clickhouse', url, '--ch-user', 'reader', '--ch-password', 'wrong'], /^muxi: ClickHouse at .* refused user 'reader': authentication failed \(check --ch-user and --ch-password or TRACING_CLICKHOUSE_PASSWORD\)\n$/],
      [['trace', 'stats', ...ch(['--ch-table', 'missing'])], /^muxi: ClickHouse at .* has no table 'missing' in database 'muxi' \(load samples\/cloud\/schema\.sql there, or name the table with --ch-table\)\n$/],
      [['trace', '--clickhouse', url, '--ch-database', 'nodb'], /^muxi: ClickHouse at .* has no database 'nodb'.*\n$|^muxi: ClickHouse at .* has no table 'muxi_traces' in database 'nodb'.*\n$/],
    ];
    for (const [args, re] of cases) {
      const r = await runBin(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).to.equal(1);
      expect(r.stderr, args.join(' ')).to.match(re);
      expect(r.stderr).to.not.include('wrong');
    }
  });

  it('without the optional @clickhouse/client installed: one line saying what to install, exit 1, and files still read', async () => {
    // A resolve hook makes the package unresolvable, as on an install without the optional peer.
    const hide = new URL('./hide-clickhouse-client.mjs', import.meta.url).href;
    const without = { ...env, NODE_OPTIONS: `--import ${hide}` };
    for (const args of [['trace', '--clickhouse', url], ['trace', 'stats', '--clickhouse', url]]) {
      const r = await runBin(args, { env: without });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).to.equal(1);
      expect(r.stderr).to.equal('muxi: --clickhouse needs the ClickHouse client: install @clickhouse/client (npm install @clickhouse/client)\n');
      expect(r.stdout).to.equal('');
    }
    const file = await runBin(['trace', '--file', fx.file], { env: without });
    expect(file.code, file.stderr).to.equal(0);
    expect(file.stdout).to.equal((await runBin(['trace', '--file', fx.file], { env })).stdout);
  });

  it('a table from an older schema names the missing column and the migration that adds it; after the migration it reads', async () => {
    await fx.http.run('CREATE DATABASE IF NOT EXISTS prd');
    // PRD §9.3's table as printed: no level, span ids, duration or error.
    await fx.http.run(`CREATE TABLE prd.muxi_traces (timestamp DateTime64(3, 'UTC'), trace_id String, component LowCardinality(String), operation LowCardinality(String),
      message String, user_id String DEFAULT '', agent_id LowCardinality(String) DEFAULT '', data String DEFAULT '') ENGINE = MergeTree ORDER BY (component, operation, timestamp)`);
    const r = await runBin(['trace', '--clickhouse', url, '--ch-database', 'prd'], { env });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal("muxi: ClickHouse table 'muxi_traces' has no column 'level': its schema is older than this muxi-tracing (apply samples/cloud/migrations/001-contract-fields.sql)\n");
    const migration = new URL('../../samples/cloud/migrations/001-contract-fields.sql', import.meta.url);
    for (const s of statements(readFileSync(migration, 'utf8'))) await fx.http.run(s.replace(/ALTER TABLE muxi_traces/, 'ALTER TABLE prd.muxi_traces'));
    await fx.http.run(`INSERT INTO prd.muxi_traces SELECT * FROM ${DB}.muxi_traces WHERE component != 'test'`); // not the rows the -f test added
    const after = await runBin(['trace', 'stats', '--json', '--clickhouse', url, '--ch-database', 'prd'], { env });
    expect(after.code, after.stderr).to.equal(0);
    expect(after.stdout).to.equal((await runBin(['trace', 'stats', '--json', '--file', fx.file], { env })).stdout);
  });

  it('bad combinations are usage errors (exit 2)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['trace', '--file', fx.file, '--clickhouse', url], /--file and --clickhouse: choose one input/],
      [['trace', '--file', fx.file, '--ch-user', 'x'], /--ch-user goes with --clickhouse URL/],
      [['trace', '--clickhouse', 'ftp://host'], /must be an http:\/\/ or https:\/\/ URL/],
      [['trace', '--clickhouse', url, '--ch-table', 'x; DROP'], /--ch-table 'x; DROP' must be a plain name/],
      [['trace', 'stats', '--clickhouse', url, '-f'], /--follow does not apply/],
    ];
    for (const [args, re] of cases) {
      const r = await runBin(args, { env });
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.stderr, args.join(' ')).to.match(re);
    }
  });
  it('--tui in a real terminal (tmux) shows what it shows on the file: the list, a filter, a trace, then quits', async () => {
    /** Drives the viewer on `input` and returns what the screens said (their source-independent lines). */
    const drive = async (label: string, input: string): Promise<string[]> => {
      const cmd = `cd ${shellQuote(repoRoot)} && env TZ=UTC CI=true TRACING_CLICKHOUSE_URL= node --import tsx cli/bin.ts trace --tui ${input}; echo "MUXI_EXIT=$?"; sleep 600`;
      const term = new TmuxTerminal(label, cmd);
      try {
        let s = await term.waitFor((x) => x.includes('end of input') && / events in \d+ traces/.test(x), 'the loaded list');
        const header = s.split('\n')[0]!.replace(/^muxi trace · .*? · /, '');
        term.keys('/');
        await term.waitFor((x) => /^\/ /m.test(x), 'the filter line');
        term.keys('-l', 'component=mcp');
        term.keys('Enter');
        s = await term.waitFor((x) => /^filter: component=mcp · \d+ of \d+ match/m.test(x), 'the applied filter');
        const status = s.split('\n').find((l) => l.startsWith('filter: '))!;
        term.keys('Enter');
        s = await term.waitFor((x) => /^trace [0-9a-f]{32} · .* spans · \d+ events/m.test(x) && x.includes('"component": "mcp"'), 'the trace view');
        const trace = s.split('\n').find((l) => l.startsWith('trace '))!;
        term.keys('Escape');
        await term.waitFor((x) => x.includes('filter: component=mcp') && !/^trace /m.test(x), 'the list again');
        term.keys('q');
        await term.waitFor((x) => x.includes('MUXI_EXIT=0'), 'the exit status');
        return [header, status, trace];
      } finally {
        term.close();
      }
    };
    const fromFile = await drive('ch-tui-file', `--file ${shellQuote(fx.file)}`);
    const fromTable = await drive('ch-tui-table', `--clickhouse ${shellQuote(url)} --ch-database ${DB}`);
    expect(fromTable).to.deep.equal(fromFile);
    const traces = new Set(fx.events.map((e) => e.trace_id)).size;
    expect(fromTable[0]).to.equal(`${fx.events.length} events in ${traces} traces`);
    expect(fromTable[1]).to.match(new RegExp(`^filter: component=mcp · ${fx.events.filter((e) => e.component === 'mcp').length} of ${fx.events.length} match`));
  });

  // Last: it adds rows to the table.
  it('-f prints the last events, then rows inserted later (late ones within the window too), each once', async () => {
    const child = startBin(['trace', '-f', '-n', '3', '--json', '--poll-ms', '50', ...ch([])], env);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    try {
      await waitFor(() => out.split('\n').length > 3, 'the last 3 events', 30_000);
      expect(out).to.equal(fx.lines.slice(-3).map((l) => l + '\n').join(''));
      const last = JSON.parse(fx.lines[fx.lines.length - 1]!) as { timestamp: string };
      const at = (ms: number): string => new Date(Date.parse(last.timestamp) + ms).toISOString();
      const row = (ts: string, msg: string): string => JSON.stringify({ timestamp: ts, level: 'INFO', trace_id: 'f0110f0110f0110f0110f0110f0110f0', span_id: 'a1a1a1a1a1a1a1a1', component: 'test', operation: 'follow', message: msg });
      const insert = (rows: string[]): Promise<void> => fx.http.run(`INSERT INTO ${DB}.muxi_traces SETTINGS date_time_input_format = 'best_effort' FORMAT JSONEachRow ${rows.join(' ')}`);
      await insert([row(at(1000), 'new one')]);
      await waitFor(() => out.includes('new one'), 'the new row');
      await insert([row(at(-500), 'late one'), row(at(1000), 'new one')]); // late by 1.5 s; an identical second copy
      await waitFor(() => out.includes('late one') && out.split('new one').length === 3, 'the late row and the copy');
      await insert([row(at(2000), 'last one')]);
      await waitFor(() => out.includes('last one'), 'the last row');
      const lines = out.trim().split('\n').map((l) => (JSON.parse(l) as { message: string }).message);
      expect(lines.slice(3)).to.deep.equal(['new one', 'late one', 'new one', 'last one']);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.on('close', r));
    }
  });

  // After -f: it adds rows too.
  it('--web streams a conversation inserted later and lists it first (live, by polling)', async () => {
    const before = fx.http.queries.length;
    const web = await startWeb([...ch([]), '--poll-ms', '50'], env);
    const stream = openStream(web.port);
    try {
      await stream.connected;
      // The server watches from its start: rows already there when its first read of the table
      // (the baseline) runs are not news. Insert once it polls for new rows.
      await waitFor(() => fx.http.queries.slice(before).filter((q) => 'follow_from' in q.params).length >= 2, 'the live polling', 30_000);
      const id = '5eb5eb5eb5eb5eb5eb5eb5eb5eb5eb5e';
      const row = JSON.stringify({ timestamp: new Date().toISOString(), level: 'TRACE', trace_id: id, span_id: 'b2b2b2b2b2b2b2b2', component: 'user', operation: 'message', message: 'User sent: live from ClickHouse', user_id: 'erin', data: { message: 'live from ClickHouse' } });
      await fx.http.run(`INSERT INTO ${DB}.muxi_traces SETTINGS date_time_input_format = 'best_effort' FORMAT JSONEachRow ${row}`);
      await waitFor(() => stream.messages.some((m) => m.traces.some((t: { trace_id: string }) => t.trace_id === id)), 'the new trace on the stream', 30_000);
      const list = JSON.parse((await get(web.port, '/api/traces?limit=1')).body) as { traces: Array<{ trace_id: string; user_id: string; first_message: string }> };
      expect(list.traces[0]).to.include({ trace_id: id, user_id: 'erin', first_message: 'live from ClickHouse' });
    } finally {
      stream.stop();
      expect(await web.stop()).to.equal(0);
    }
  });

});

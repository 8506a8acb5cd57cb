/**
 * `muxi trace --web` without a browser: the real bin in a subprocess, its URL line, its JSON API
 * (lists, filters, one trace, statistics equal to `muxi trace stats --json`), the live stream,
 * and who may ask (token, Host), what every answer carries (CSP) and what it never serves.
 */
import { expect } from 'chai';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceEvent } from '../../src/event.js';
import type { TraceDetail, TracePage } from '../../src/reader/source.js';
import { runBin, waitFor } from '../cli/run-bin.js';
import { conversation, interleave, toLines, traceId } from '../helpers/conversations.js';
import { waitUntil } from '../helpers/delay.js';
import type { WebServer } from './web-server.js';
import { get, getJson, openStream, startWeb } from './web-server.js';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const CONVS = [
  { trace: traceId(1), user: 'alice', agent: 'weather', start: T0, message: 'weather in Paris?', tokens: [30, 8] as [number, number], tool: 'get_weather' },
  { trace: traceId(2), user: 'bob', agent: 'math', start: T0 + 1000, message: 'what is 12 * 7?', tokens: [20, 4] as [number, number], tool: 'calculate' },
  { trace: traceId(3), user: 'alice', agent: 'weather', start: T0 + 2000, message: 'alerts for Tokyo?', error: true, tool: 'get_alerts' },
  { trace: traceId(4), user: 'carol', agent: 'math', start: T0 + 3000, message: 'square root of 2', tokens: [12, 6] as [number, number], tool: 'calculate' },
];

describe('web: muxi trace --web (the server and its API)', function () {
  this.timeout(60000);
  let dir: string;
  let file: string;
  let events: TraceEvent[];
  let web: WebServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-web-'));
    file = join(dir, 'app.jsonl');
    events = interleave(CONVS.map(conversation));
    writeFileSync(file, toLines(events));
    web = await startWeb(['--file', file]);
  });
  after(async () => {
    await web?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints one line: the URL on 127.0.0.1 with the port it picked', () => {
    expect(web.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(web.port).to.be.greaterThan(0);
    expect(web.stdout().trim().split('\n')).to.have.length(1);
  });

  it('serves the page and its bundled assets with a strict Content-Security-Policy', async () => {
    const page = await get(web.port, '/');
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.body).to.include('/assets/app.js').and.include('/assets/app.css');
    expect(page.body).not.to.match(/<script>|https?:\/\//); // nothing inline, nothing from elsewhere
    const csp = String(page.headers['content-security-policy']);
    expect(csp).to.include("default-src 'none'").and.include("script-src 'self'").and.include("frame-ancestors 'none'");
    expect(csp).not.to.include('unsafe');
    expect(page.headers['x-content-type-options']).to.equal('nosniff');
    const js = await get(web.port, '/assets/app.js');
    expect(js.status).to.equal(200);
    expect(js.headers['content-type']).to.match(/^text\/javascript/);
    expect(js.body.length).to.be.greaterThan(10000);
    expect(js.headers['content-security-policy']).to.equal(csp);
    expect((await get(web.port, '/assets/app.css')).headers['content-type']).to.match(/^text\/css/);
  });

  it('lists one summary per trace, newest first, with the user message, agents, errors and tokens', async () => {
    const { status, body } = await getJson<TracePage>(web.port, '/api/traces');
    expect(status).to.equal(200);
    expect(body.total).to.equal(CONVS.length);
    expect(body.traces.map((t) => t.trace_id)).to.deep.equal(CONVS.map((c) => c.trace).reverse());
    const tokyo = body.traces.find((t) => t.trace_id === traceId(3))!;
    expect(tokyo.user_id).to.equal('alice');
    expect(tokyo.first_message).to.equal('alerts for Tokyo?');
    expect(tokyo.agents).to.deep.equal(['weather']);
    expect(tokyo.errors).to.equal(events.filter((e) => e.trace_id === traceId(3) && e.level === 'ERROR').length).and.be.greaterThan(0);
    expect(body.traces.find((t) => t.trace_id === traceId(1))!.input_tokens).to.equal(30);
    expect(body.facets.users).to.deep.include({ value: 'alice', count: 2 });
    expect(body.facets.agents).to.deep.include({ value: 'math', count: 2 });
  });

  it('filters with the CLI filter language, facets, errors only, sorts and pages', async () => {
    const math = await getJson<TracePage>(web.port, `/api/traces?q=${encodeURIComponent('agent=math')}`);
    expect(math.body.traces.map((t) => t.trace_id).sort()).to.deep.equal([traceId(2), traceId(4)]);
    const text = await getJson<TracePage>(web.port, `/api/traces?q=${encodeURIComponent('tokyo')}`);
    expect(text.body.traces.map((t) => t.trace_id)).to.deep.equal([traceId(3)]);
    const errors = await getJson<TracePage>(web.port, '/api/traces?errors=1');
    expect(errors.body.traces.map((t) => t.trace_id)).to.deep.equal([traceId(3)]);
    const alice = await getJson<TracePage>(web.port, '/api/traces?user=alice&sort=start&order=asc');
    expect(alice.body.traces.map((t) => t.trace_id)).to.deep.equal([traceId(1), traceId(3)]);
    const paged = await getJson<TracePage>(web.port, '/api/traces?sort=start&order=asc&offset=1&limit=2');
    expect(paged.body.traces.map((t) => t.trace_id)).to.deep.equal([traceId(2), traceId(3)]);
    expect(paged.body.total).to.equal(4);
    const since = await getJson<TracePage>(web.port, `/api/traces?since=${encodeURIComponent(new Date(T0 + 1500).toISOString())}`);
    expect(since.body.traces.map((t) => t.trace_id).sort()).to.deep.equal([traceId(3), traceId(4)]);
  });

  it('answers a bad query with 400 and a message saying what is allowed', async () => {
    const level = await getJson(web.port, `/api/traces?q=${encodeURIComponent('level>=LOUD')}`);
    expect(level.status).to.equal(400);
    expect(level.body.error).to.include('LOUD').and.include('ERROR');
    const sort = await getJson(web.port, '/api/traces?sort=colour');
    expect(sort.status).to.equal(400);
    expect(sort.body.error).to.include('colour').and.include('duration_ms');
    const limit = await getJson(web.port, '/api/traces?limit=0');
    expect(limit.status).to.equal(400);
    expect(limit.body.error).to.include('limit').and.include('1 to 1000');
    const since = await getJson(web.port, '/api/traces?since=yesterdayish');
    expect(since.status).to.equal(400);
    expect(since.body.error).to.include('yesterdayish');
    const id = await getJson(web.port, '/api/traces/not-hex');
    expect(id.status).to.equal(400);
  });

  it("returns one trace's events by id or prefix, 404 for an unknown one", async () => {
    const { status, body } = await getJson<TraceDetail>(web.port, `/api/traces/${traceId(2)}`);
    expect(status).to.equal(200);
    expect(body.events).to.deep.equal(events.filter((e) => e.trace_id === traceId(2)));
    expect(body.summary.first_message).to.equal('what is 12 * 7?');
    const unknown = await getJson(web.port, `/api/traces/${'f'.repeat(32)}`);
    expect(unknown.status).to.equal(404);
  });

  it('computes the statistics `muxi trace stats --json` computes, on the same input and filter', async () => {
    const cli = await runBin(['trace', 'stats', '--json', '--file', file]);
    expect(cli.code, cli.stderr).to.equal(0);
    const api = await getJson(web.port, '/api/stats');
    expect(api.status).to.equal(200);
    expect(api.body).to.deep.equal(JSON.parse(cli.stdout));
    expect(api.body.latency.tool).to.have.property('mcp:tools/get_alerts');
    const cliMath = await runBin(['trace', 'stats', '--json', '--file', file, '--agent', 'math']);
    const apiMath = await getJson(web.port, `/api/stats?q=${encodeURIComponent('agent=math')}`);
    expect(apiMath.body).to.deep.equal(JSON.parse(cliMath.stdout));
  });

  it('streams the traces a new line changes (Server-Sent Events)', async () => {
    const stream = openStream(web.port);
    try {
      await stream.connected;
      const fresh = conversation({ trace: traceId(9), user: 'dave', agent: 'math', start: Date.now(), message: 'live one' });
      appendFileSync(file, toLines(fresh.slice(0, 1)));
      await waitFor(() => stream.messages.some((m) => m.traces.some((t: { trace_id: string }) => t.trace_id === traceId(9))), 'the new trace on the stream');
      const msg = stream.messages.find((m) => m.traces.some((t: { trace_id: string }) => t.trace_id === traceId(9)));
      expect(msg.state.label).to.equal(file);
      const list = await getJson<TracePage>(web.port, '/api/traces?limit=1');
      expect(list.body.traces[0]!.trace_id).to.equal(traceId(9));
      expect(list.body.traces[0]!.first_message).to.equal('live one');
    } finally {
      stream.stop();
    }
  });

  it('refuses a Host that is not its own (DNS rebinding) and accepts localhost', async () => {
    const evil = await get(web.port, '/api/traces', { host: `evil.example:${web.port}` });
    expect(evil.status).to.equal(403);
    expect(evil.body).not.to.include('trace_id');
    expect((await get(web.port, '/', { host: `127.0.0.1.evil.example:${web.port}` })).status).to.equal(403);
    expect((await get(web.port, '/', { host: `localhost:${web.port}` })).status).to.equal(200);
    expect((await get(web.port, '/', { host: `127.0.0.1:${web.port + 1 === 65536 ? 1 : web.port + 1}` })).status).to.equal(403);
  });

  it('is read-only and serves nothing but its assets and API (no path reaches the file system)', async () => {
    expect((await get(web.port, '/api/traces', {}, 'POST')).status).to.equal(405);
    expect((await get(web.port, '/api/traces', {}, 'DELETE')).status).to.equal(405);
    for (const path of ['/package.json', '/assets/../package.json', '/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/app.js/../../../etc/passwd', '/dist/cli/bin.js', '/api/traces/..%2f..%2fetc%2fpasswd']) {
      const a = await get(web.port, path);
      expect(a.status, path).to.be.oneOf([400, 404]);
      expect(a.body, path).not.to.include('root:').and.not.to.include('"name"');
    }
  });

  it('exits 0 on SIGTERM', async () => {
    const other = await startWeb(['--file', file]);
    expect(await other.stop()).to.equal(0);
  });
});

describe('web: access token off loopback', function () {
  this.timeout(60000);
  let dir: string;
  let file: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-web-token-'));
    file = join(dir, 'app.jsonl');
    writeFileSync(file, toLines(conversation(CONVS[0]!)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a token for --host 0.0.0.0, prints it in the URL, and checks it on every request', async () => {
    const web = await startWeb(['--file', file, '--host', '0.0.0.0']);
    try {
      const url = new URL(web.url);
      const token = url.searchParams.get('token')!;
      expect(token).to.match(/^[0-9a-f]{32}$/);
      const host = { host: `${url.hostname}:${web.port}` };
      expect((await get(web.port, '/api/traces', host)).status).to.equal(401);
      expect((await get(web.port, '/assets/app.js', host)).status).to.equal(401);
      expect((await get(web.port, '/api/stream', host)).status).to.equal(401);
      expect((await get(web.port, '/api/traces?token=' + 'a'.repeat(32), host)).status).to.equal(401);
      const page = await get(web.port, `/?token=${token}`, host);
      expect(page.status).to.equal(200);
      const cookie = String(page.headers['set-cookie']);
      expect(cookie).to.include(`muxi_token=${token}`).and.include('HttpOnly').and.include('SameSite=Strict');
      expect((await get(web.port, '/api/traces', { ...host, cookie: `muxi_token=${token}` })).status).to.equal(200);
      expect((await get(web.port, '/api/traces', { ...host, authorization: `Bearer ${token}` })).status).to.equal(200);
      expect((await get(web.port, '/api/traces', { ...host, cookie: 'muxi_token=%E0%A4%A' })).status).to.equal(401);
      // The token does not open the door to a foreign Host.
      expect((await get(web.port, `/api/traces?token=${token}`, { host: `evil.example:${web.port}` })).status).to.equal(403);
    } finally {
      await web.stop();
    }
  });

  it('uses the --token given', async () => {
    const token = 'my-dashboard-token-0123456789';
    const web = await startWeb(['--file', file, '--host', '0.0.0.0', '--token', token]);
    try {
      expect(new URL(web.url).searchParams.get('token')).to.equal(token);
      expect((await get(web.port, `/api/traces?token=${token}`, { host: `${new URL(web.url).hostname}:${web.port}` })).status).to.equal(200);
    } finally {
      await web.stop();
    }
  });

  it('rejects bad flags with exit 2 and a message saying what is allowed', async () => {
    const port = await runBin(['trace', '--web', '--port', '70000', '--file', file]);
    expect(port.code).to.equal(2);
    expect(port.stderr).to.include('--port').and.include('0 to 65535');
    const token = await runBin(['trace', '--web', '--token', 'short', '--file', file]);
    expect(token.code).to.equal(2);
    expect(token.stderr).to.include('--token').and.include('16 to 256');
    const lone = await runBin(['trace', '--port', '8080', '--file', file]);
    expect(lone.code).to.equal(2);
    expect(lone.stderr).to.include('--port goes with --web');
    const both = await runBin(['trace', '--web', '--tui', '--file', file]);
    expect(both.code).to.equal(2);
  });

  it('serves a file the app has not created yet (as --follow waits for it) and lists its traces once written', async () => {
    const later = join(dir, 'later.jsonl');
    const web = await startWeb(['--file', later]);
    try {
      expect((await getJson<TracePage>(web.port, '/api/traces')).body.total).to.equal(0);
      writeFileSync(later, toLines(conversation(CONVS[1]!)));
      await waitUntil(async () => (await getJson<TracePage>(web.port, '/api/traces')).body.total === 1, 'the trace written later');
    } finally {
      await web.stop();
    }
  });

  it('reads piped standard input', async () => {
    const web = await startWeb([], {}, toLines(interleave(CONVS.map(conversation))));
    try {
      await waitUntil(async () => (await getJson<TracePage>(web.port, '/api/traces')).body.total === CONVS.length, 'every piped trace');
    } finally {
      await web.stop();
    }
  });
});

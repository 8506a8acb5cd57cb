/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core, against the
 * real `muxi trace --web` bin serving the traces the real demo wrote. Screenshots of each view
 * go to `test-output/web/` (git-ignored); the README's pictures under `docs/` are copies of them.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { TraceEvent } from '../../src/event.js';
import { jsonLine } from '../../src/format/json.js';
import { runBin } from '../cli/run-bin.js';
import { conversation, toLines, traceId } from '../helpers/conversations.js';
import { waitUntil } from '../helpers/delay.js';
import { readJsonLines } from '../helpers/trace-lines.js';
import { repoRoot } from '../helpers/run-node.js';
import type { WebServer } from './web-server.js';
import { startWeb } from './web-server.js';

/** Where Chromium is: `CHROMIUM_PATH`, else Debian's package (`.ci/run` installs it). */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SHOTS = join(repoRoot, 'test-output', 'web');

/** Launches Chromium headless; as root it needs --no-sandbox. */
function launch(extra: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run', ...extra],
  });
}

function runDemo(file: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, TRACING_FILE: file, TRACING_STDOUT: 'false', NO_COLOR: '1' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'samples/demo.ts'], { cwd: repoRoot, env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

/** The page's errors and the browser's Content-Security-Policy complaints. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`${m.type()}: ${m.text()}`);
  });
  return problems;
}

describe('web: the dashboard in Chromium', function () {
  this.timeout(120000);
  let dir: string;
  let file: string;
  let demo: TraceEvent[];
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-web-ui-'));
    file = join(dir, 'demo.jsonl');
    expect(await runDemo(file), 'the demo').to.equal(0);
    demo = readJsonLines(file);
    mkdirSync(SHOTS, { recursive: true });
    web = await startWeb(['--file', file]);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    problems = watchConsole(page);
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    expect(problems, 'errors in the page').to.deep.equal([]);
  });

  it("lists the demo's traces: one row per conversation with its user message, user and agent", async () => {
    await page.goto(web.url);
    const messages = demo.filter((e) => e.component === 'user' && e.operation === 'message');
    await page.waitForSelector(`tbody tr >> nth=${messages.length - 1}`);
    const rows = await page.locator('tbody tr').allInnerTexts();
    expect(rows).to.have.length(messages.length);
    for (const m of messages) {
      const text = m.message.replace(/^User sent: /, '');
      const row = rows.find((r) => r.includes(text));
      expect(row, text).to.be.a('string');
      expect(row).to.include(m.user_id!);
      const agent = demo.find((e) => e.trace_id === m.trace_id && e.agent_id !== undefined)!.agent_id!;
      expect(row).to.include(agent);
    }
    expect(await page.locator('.badge.ok').innerText()).to.equal('live');
    await page.screenshot({ path: join(SHOTS, 'traces.png') });
  });

  it('filters with the search box and a facet, keeps the state in the URL, and the back button restores it', async () => {
    await page.goto(web.url);
    await page.waitForSelector('tbody tr');
    const all = await page.locator('tbody tr').count();
    await page.keyboard.press('/');
    await page.keyboard.type('agent=math');
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await page.locator('tbody tr').count()) === 1, 'one row');
    expect(new URL(page.url()).searchParams.get('q')).to.equal('agent=math');
    expect(await page.locator('tbody tr').innerText()).to.include('math');
    await page.goBack();
    await waitUntil(async () => (await page.locator('tbody tr').count()) === all, 'all rows again');
    expect(new URL(page.url()).searchParams.get('q')).to.equal(null);
    await page.locator('.facet li button', { hasText: 'bob' }).click();
    await waitUntil(async () => (await page.locator('tbody tr').count()) === 1, 'one row');
    expect(new URL(page.url()).searchParams.get('user')).to.equal('bob');
    // A bad filter says what is wrong.
    await page.fill('input[type=search]', 'level>=LOUD');
    await page.keyboard.press('Enter');
    await page.locator('.error').waitFor();
    expect(await page.locator('.error').innerText()).to.include('LOUD');
    // The browser logs the 400 it was meant to get; nothing else may be in the log.
    const expected = problems.filter((m) => m.includes('status of 400'));
    expect(expected).to.have.length.at.least(1);
    problems.splice(0, problems.length, ...problems.filter((m) => !m.includes('status of 400')));
  });

  it('opens a trace: the waterfall has one row per span, the critical path marked, the span events as JSON', async () => {
    await page.goto(web.url);
    await page.waitForSelector('tbody tr');
    const tokyo = demo.find((e) => e.component === 'user' && /Tokyo/.test(e.message))!;
    // Keyboard: move to the Tokyo row with j, open it with Enter.
    const rows = await page.locator('tbody tr').allInnerTexts();
    const at = rows.findIndex((r) => r.includes('Tokyo'));
    for (let i = 0; i < at; i++) await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.wf-row.crit');
    expect(new URL(page.url()).searchParams.get('id')).to.equal(tokyo.trace_id);
    const spans = new Set(demo.filter((e) => e.trace_id === tokyo.trace_id).map((e) => e.span_id));
    expect(await page.locator('.waterfall .wf-row:not(.wf-head)').count()).to.equal(spans.size);
    expect(await page.locator('.wf-row.crit').count()).to.be.greaterThan(1);
    expect(await page.locator('.wf-row.has-error').count()).to.be.greaterThan(0);
    // Select the failed tool call: its events show the error.
    await page.locator('.wf-row.has-error', { hasText: 'agent:tool_call' }).click();
    const detail = await page.locator('.span-detail').innerText();
    expect(detail).to.include('get_alerts').and.include('"server": "tools"');
    expect(new URL(page.url()).searchParams.get('span')).to.match(/^[0-9a-f]{16}$/);
    await page.screenshot({ path: join(SHOTS, 'trace-waterfall.png') });

    await page.keyboard.press('2');
    await page.waitForSelector('.flame-box');
    expect(await page.locator('.flame-box').count()).to.equal(spans.size);
    await page.screenshot({ path: join(SHOTS, 'trace-flame.png') });

    await page.keyboard.press('3');
    await page.waitForSelector('.chat .turn.user');
    expect(await page.locator('.chat .turn.user').innerText()).to.include('Are there any weather alerts for Tokyo?');
    expect(await page.locator('.chat .turn.reply').innerText()).to.include(demo.find((e) => e.trace_id === tokyo.trace_id && e.operation === 'response' && e.component === 'orchestrator')!.message.replace(/^Orchestrator responding to user: /, ''));
    await page.screenshot({ path: join(SHOTS, 'trace-conversation.png') });

    await page.keyboard.press('Escape');
    await page.waitForSelector('tbody tr');
    expect(new URL(page.url()).searchParams.get('view')).to.equal(null);
  });

  it('shows a line appended to the file live, and counts new traces while scrolled away', async () => {
    await page.goto(web.url);
    await page.waitForSelector('tbody tr');
    const fresh = conversation({ trace: traceId(42, 'f00d'), user: 'zoe', agent: 'math', start: Date.now(), message: 'a live question' });
    appendFileSync(file, toLines(fresh));
    await page.waitForSelector('tbody tr:has-text("a live question")', { timeout: 15000 });
    expect(await page.locator('tbody tr').first().innerText()).to.include('zoe');
  });

  it('renders an XSS payload in a message as text: nothing runs, no element is made', async () => {
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const evil: TraceEvent = {
      timestamp: new Date().toISOString(), level: 'TRACE', trace_id: traceId(7, 'bad0'), span_id: 'ab'.repeat(8),
      component: 'user', operation: 'message', message: `User sent: ${payload}`, user_id: '<b>mallory</b>', data: { message: payload },
    };
    appendFileSync(file, jsonLine(evil) + '\n');
    await page.goto(web.url);
    const row = page.locator('tbody tr', { hasText: 'onerror' });
    await row.waitFor({ timeout: 15000 });
    expect(await row.innerText()).to.include(payload).and.include('<b>mallory</b>');
    await row.click();
    await page.waitForSelector('.trace-head h2');
    expect(await page.locator('.trace-head h2').innerText()).to.equal(payload);
    await page.keyboard.press('3');
    await page.waitForSelector('.chat .turn.user');
    expect(await page.evaluate('typeof window.__xss')).to.equal('undefined');
    expect(await page.locator('img[src="x"], main script, main b').count()).to.equal(0);
  });

  it('charts the analytics with the figures of `muxi trace stats`', async () => {
    const cli = await runBin(['trace', 'stats', '--json', '--file', file]);
    const stats = JSON.parse(cli.stdout) as { events: number; traces: number; errors: number; latency: { operation: Record<string, unknown> } };
    await page.goto(`${web.url}?view=analytics`);
    await page.waitForSelector('.uplot');
    const kpis = await page.locator('.kpis').innerText();
    expect(kpis).to.include(stats.events.toLocaleString('en-US')).and.include(String(stats.traces)).and.include(String(stats.errors));
    expect(await page.locator('.uplot').count()).to.be.at.least(5);
    const figures = await page.locator('.figures').innerText();
    for (const op of Object.keys(stats.latency.operation)) expect(figures).to.include(op);
    await page.screenshot({ path: join(SHOTS, 'analytics.png'), fullPage: true });
  });

  it('reads on a narrow window', async () => {
    const narrow = await browser.newPage({ viewport: { width: 390, height: 800 } });
    const issues = watchConsole(narrow);
    await narrow.goto(web.url);
    await narrow.waitForSelector('tbody tr');
    const overflow = await narrow.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).to.be.at.most(0);
    await narrow.screenshot({ path: join(SHOTS, 'traces-narrow.png') });
    await narrow.close();
    expect(issues).to.deep.equal([]);
  });
});

describe('web: token and Host checks in Chromium', function () {
  this.timeout(120000);
  let dir: string;
  let file: string;
  let browser: Browser;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-web-guard-'));
    file = join(dir, 'app.jsonl');
    appendFileSync(file, toLines(conversation({ trace: traceId(1), user: 'alice', agent: 'weather', start: Date.now(), message: 'hello' })));
    // A name that resolves to 127.0.0.1, as a rebinding attacker's domain would.
    browser = await launch(['--host-resolver-rules=MAP rebind.test 127.0.0.1']);
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('needs the token from the printed URL; the page then works through its cookie', async () => {
    const web = await startWeb(['--file', file, '--host', '0.0.0.0', '--token', 'browser-test-token-0123']);
    try {
      const page = await browser.newPage();
      const bare = new URL(web.url);
      bare.search = '';
      // localhost: one of the names the server answers to (with the printed host and the bound address).
      bare.hostname = 'localhost';
      const denied = await page.goto(bare.toString());
      expect(denied!.status()).to.equal(401);
      const withToken = new URL(web.url);
      withToken.hostname = 'localhost';
      await page.goto(withToken.toString());
      await page.waitForSelector('tbody tr');
      expect(await page.locator('tbody tr').innerText()).to.include('hello');
      await page.close();
    } finally {
      await web.stop();
    }
  });

  it('refuses a page reached through another host name (DNS rebinding)', async () => {
    const web = await startWeb(['--file', file]);
    try {
      const page = await browser.newPage();
      const res = await page.goto(`http://rebind.test:${web.port}/`);
      expect(res!.status()).to.equal(403);
      expect(await page.locator('tbody tr').count()).to.equal(0);
      await page.close();
    } finally {
      await web.stop();
    }
  });
});

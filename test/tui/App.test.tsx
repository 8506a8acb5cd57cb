import { expect } from 'chai';
import { render } from 'ink-testing-library';
import { App } from '../../cli/tui/App.js';
import { compileFilterText } from '../../cli/tui/filter-adapter.js';
import { iterableSource } from '../../cli/tui/use-event-feed.js';
import { ViewerModel } from '../../cli/tui/viewer-model.js';
import type { ViewerModelOptions } from '../../cli/tui/viewer-model.js';
import type { TraceEvent } from '../../src/event.js';
import { conversation, conversations } from './make-events.js';

const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls the last frame until `check` passes (bounded retries, no timing asserts). */
async function frameWhere(lastFrame: () => string | undefined, check: (f: string) => boolean, what: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const f = lastFrame() ?? '';
    if (check(f)) return f;
    await tick();
  }
  throw new Error(`no frame ${what}; last frame:\n${lastFrame()}`);
}

function setup(events: TraceEvent[], opts: Partial<ViewerModelOptions> = {}, height = 20) {
  const model = new ViewerModel({ compile: compileFilterText, ...opts });
  const r = render(<App model={model} source={iterableSource(events, 7)} width={120} height={height} frameMs={5} title="test.jsonl" />);
  return { model, ...r };
}

async function type(stdin: { write: (s: string) => void }, keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await tick();
  }
}

describe('tui/App', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('shows the windowed list with the newest event at the bottom, selected, and the status line', async () => {
    const s = setup(conversations(5, 2));
    cleanup = s.unmount;
    const f = await frameWhere(s.lastFrame, (x) => x.includes('55 of 55 match'), 'with all events');
    const lines = f.split('\n');
    expect(lines[0]).to.include('test.jsonl').and.include('55 events in 5 traces');
    expect(lines[1]).to.match(/TIME\s+TRACE\s+COMPONENT:OPERATION\s+AGENT\s+DURATION\s+MESSAGE/);
    const rows = lines.filter((l) => /^\S? ?[▶ ] \d\d:\d\d:\d\d\.\d{3} /.test(l));
    expect(rows.length).to.equal(16);
    expect(rows[rows.length - 1]).to.match(/^▶ .*orchestrator:response .*96ms Orchestrator responding to user: sunny/);
    expect(f).to.include('filter: (none)').and.include('following');
    expect(lines[lines.length - 1]).to.include('/ filter').and.include('q quit');
  });

  it('/ opens the filter line, matches update while typing, Enter applies and Esc cancels', async () => {
    const s = setup(conversations(4, 2));
    cleanup = s.unmount;
    await frameWhere(s.lastFrame, (x) => x.includes('44 of 44 match'), 'loaded');
    await type(s.stdin, ['/', ...'component=mcp']);
    let f = await frameWhere(s.lastFrame, (x) => x.includes('/ component=mcp'), 'with the draft');
    expect(f).to.include('8 of 44 match');
    expect(f).to.include('Enter apply');
    await type(s.stdin, [' ', 'l', 'e', 'v', 'e', 'l', '=', 'E', 'R', 'R', 'O', 'R']);
    await frameWhere(s.lastFrame, (x) => x.includes('2 of 44 match'), 'narrowed while typing');
    await type(s.stdin, ['\r']);
    f = await frameWhere(s.lastFrame, (x) => x.includes('filter: component=mcp level=ERROR'), 'applied');
    const rows = f.split('\n').filter((l) => l.includes('mcp:tool_result'));
    expect(rows.length).to.equal(2);
    await type(s.stdin, ['/', 'x', '\u001b']);
    await frameWhere(s.lastFrame, (x) => x.includes('filter: component=mcp level=ERROR · 2 of 44'), 'cancelled');
  });

  it('treats keys that arrive together as separate commands outside the filter line', async () => {
    const s = setup(conversations(3));
    cleanup = s.unmount;
    await frameWhere(s.lastFrame, (x) => x.includes('33 of 33 match'), 'loaded');
    s.stdin.write('/component=user');
    await frameWhere(s.lastFrame, (x) => x.includes('/ component=user') && x.includes('3 of 33 match'), 'the filter typed in one chunk');
  });

  it('shows a bad filter\'s error on the filter line', async () => {
    const s = setup(conversations(1));
    cleanup = s.unmount;
    await type(s.stdin, ['/', ...'nope=1']);
    await frameWhere(s.lastFrame, (x) => x.includes("unknown filter field 'nope'"), 'with the error');
  });

  it('Enter opens the trace as a tree with bars and totals, the detail pane shows JSON, Esc goes back', async () => {
    const s = setup(conversations(2, 2), {}, 30);
    cleanup = s.unmount;
    await frameWhere(s.lastFrame, (x) => x.includes('22 of 22 match'), 'loaded');
    await type(s.stdin, ['k', 'k', '\r']); // agent:tool_result of the failing trace
    const f = await frameWhere(s.lastFrame, (x) => x.includes('6 spans'), 'trace view');
    expect(f).to.match(/trace [0-9a-f]{32} · 96ms · 6 spans · 11 events · 2 errors\n/);
    expect(f).to.include('agents: weather · tokens: 120 in, 30 out · list filter: (none) (22 of 22 match)');
    expect(f).to.match(/ {2}user:message +96ms █{10,}/);
    expect(f).to.match(/ {4}agent:process_start +weather +92ms +█+/);
    expect(f).to.match(/▶ {5}✗ agent:tool_call +weather +50ms +█+/);
    expect(f).to.match(/ {7}✗ mcp:tool_call/);
    expect(f).to.include('── agent:tool_call · event 1 of 2 ──');
    expect(f).to.include('"operation": "tool_call"');
    expect(f).to.include('Esc back');
    await type(s.stdin, ['\u001b']);
    await frameWhere(s.lastFrame, (x) => x.includes('22 of 22 match') && !x.includes('6 spans'), 'back to the list');
  });

  it('? shows the help and Esc closes it', async () => {
    const s = setup(conversations(1));
    cleanup = s.unmount;
    await type(s.stdin, ['?']);
    const f = await frameWhere(s.lastFrame, (x) => x.includes('Keys'), 'help');
    expect(f).to.include('next / previous error').and.include('follow on/off');
    await type(s.stdin, ['\u001b']);
    await frameWhere(s.lastFrame, (x) => x.includes('11 of 11 match'), 'list again');
  });

  it('shows the "N new" badge while away from the bottom and escapes control characters', async () => {
    const model = new ViewerModel({ compile: compileFilterText });
    const evil = { ...conversation()[0]!, message: 'evil\u001b[2J\u001b]0;pwned\u0007 text' };
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const source = async (push: (e: readonly TraceEvent[]) => Promise<void>): Promise<void> => {
      await push([evil, ...conversations(2)]);
      await gate;
      await push(conversation());
    };
    const s = render(<App model={model} source={source} width={120} height={20} frameMs={5} />);
    cleanup = s.unmount;
    await frameWhere(s.lastFrame, (x) => x.includes('23 of 23'), 'first batch');
    await type(s.stdin, ['g']);
    let f = await frameWhere(s.lastFrame, (x) => x.includes('▶') && x.includes('evil'), 'top');
    expect(f).to.include('evil\\x1b[2J\\x1b]0;pwned\\x07 text');
    expect(f).not.to.include('\u0007');
    release();
    f = await frameWhere(s.lastFrame, (x) => x.includes('34 of 34'), 'second batch');
    expect(f).to.include('↓ 11 new');
    await type(s.stdin, ['G']);
    await frameWhere(s.lastFrame, (x) => !x.includes('new'), 'badge gone at the bottom');
  });
});

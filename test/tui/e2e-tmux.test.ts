/**
 * End to end: the real `muxi` bin, `trace --tui` in a real terminal (tmux), driven by keys,
 * the screen read back with capture-pane. Polls for text with bounded retries; no timing asserts.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/run-node.js';
import { TmuxTerminal, shellQuote } from '../helpers/tmux.js';
import { conversation, conversations } from './make-events.js';

describe('tui end to end (tmux)', function () {
  this.timeout(120_000);
  let dir = '';
  let term: TmuxTerminal | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-tui-e2e-'));
    const evil = { ...conversation()[0]!, message: 'evil \u001b[2J\u001b[31m repaint' };
    const lines = [...conversations(30, 5), evil].map((e) => JSON.stringify(e));
    lines.splice(5, 0, 'INFO app started (not a trace event)');
    writeFileSync(join(dir, 'app.jsonl'), lines.join('\n') + '\n');
  });

  after(() => {
    term?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('filters with /, opens a trace with Enter, goes back with Esc and quits with q', async () => {
    const file = join(dir, 'app.jsonl');
    // With CI=true set, as in CI: the viewer still draws (runTui hides the CI markers while Ink loads).
    const cmd = `cd ${shellQuote(repoRoot)} && env CI=true node --import tsx cli/bin.ts trace --tui --file ${shellQuote(file)}; echo "MUXI_EXIT=$?"; sleep 600`;
    term = new TmuxTerminal('tui-e2e', cmd);
    const t = term;
    const keys = (...k: string[]): void => t.keys(...k);
    const waitFor = (check: (x: string) => boolean, what: string): Promise<string> => t.waitFor(check, what);

    let s = await waitFor((x) => x.includes('end of input') && x.includes('skipped 1 line') && x.includes('TIME         TRACE'), 'the loaded list');
    expect(s).to.include('331 events in 31 traces');
    expect(s).to.include('skipped 1 line that is not a trace event');
    expect(s).to.include('TIME         TRACE    COMPONENT:OPERATION');

    keys('/');
    await waitFor((x) => /^\/ /m.test(x), 'the filter line');
    keys('-l', 'component=mcp level=ERROR');
    s = await waitFor((x) => x.includes('/ component=mcp level=ERROR') && x.includes('6 of 331 match'), 'the typed filter');
    expect(s).to.include('6 of 331 match');
    keys('Enter');
    const errorRows = (x: string): string[] => x.split('\n').filter((l) => / mcp:tool_result +48ms forecast done \[ToolError: upstream timeout]/.test(l));
    s = await waitFor((x) => x.includes('filter: component=mcp level=ERROR · 6 of 331 match') && errorRows(x).length === 6, 'the applied filter');
    const rows = errorRows(s);
    expect(rows.length).to.equal(6);

    keys('Enter');
    // The tree and the detail pane may come in separate frames: wait for the whole view.
    s = await waitFor((x) => x.includes('6 spans · 11 events · 2 errors') && x.includes('"type": "ToolError"'), 'the trace view with its detail pane');
    expect(s).to.match(/^ {2}user:message +96ms █+/m);
    expect(s).to.match(/^▶ +✗ mcp:tool_call +48ms +█+/m);
    expect(s).to.include('"error": {');

    keys('Escape');
    await waitFor((x) => x.includes('filter: component=mcp level=ERROR') && !x.includes('6 spans'), 'the list again');

    keys('/');
    await waitFor((x) => /^\/ component=mcp/m.test(x), 'the filter line with the applied filter');
    keys('C-u');
    await waitFor((x) => x.includes('331 of 331 match'), 'the cleared filter');
    keys('Enter');
    await waitFor((x) => x.includes('filter: (none)'), 'no filter');
    keys('G');
    s = await waitFor((x) => x.includes('evil \\x1b'), 'the last event');
    expect(s).to.include('evil \\x1b[2J\\x1b[31m repaint');

    keys('q');
    s = await waitFor((x) => x.includes('MUXI_EXIT=0'), 'the exit status');
    expect(s).not.to.include('COMPONENT:OPERATION');
  });
});

import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { indexBudget, openSource } from '../../cli/open-source.js';
import { TracingConfigError } from '../../src/errors.js';
import { conversation, toLines, traceId } from '../helpers/conversations.js';
import { fakeIo } from './fake-io.js';

describe('cli/openSource: the one place a command gets its trace source', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'muxi-open-source-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the file source on --file or on piped standard input (spooled for an index)', async () => {
    const path = join(dir, 'a.jsonl');
    const lines = toLines(conversation({ trace: traceId(1), user: 'u', agent: 'a', start: 0, message: 'hi' }));
    writeFileSync(path, lines);
    const io = fakeIo({ input: lines });
    const file = openSource({ input: { kind: 'file', path } }, io);
    const stdin = openSource({ input: { kind: 'stdin' }, spool: true }, io);
    try {
      expect(file.label).to.equal(path);
      expect(stdin.label).to.equal('<stdin>');
      expect((await file.traces({})).traces.map((t) => t.trace_id)).to.deep.equal([traceId(1)]);
      const deadline = Date.now() + 10000;
      let page = await stdin.traces({});
      while (page.state.live && Date.now() < deadline) page = await new Promise((r) => setTimeout(r, 20)).then(() => stdin.traces({}));
      expect(page.traces.map((t) => t.events)).to.deep.equal([7]);
    } finally {
      await file.close();
      await stdin.close();
    }
  });

  it('TRACING_INDEX_MAX_MEMORY sets the index budget; a bad value is a TracingConfigError and exit status 2', async () => {
    expect(indexBudget({})).to.equal(undefined);
    expect(indexBudget({ TRACING_INDEX_MAX_MEMORY: '256M' })).to.equal(256 * 1024 * 1024);
    for (const bad of ['1K', 'lots', '-5M']) {
      expect(() => indexBudget({ TRACING_INDEX_MAX_MEMORY: bad }), bad).to.throw(TracingConfigError, /TRACING_INDEX_MAX_MEMORY.*at least 16M/);
    }
    const path = join(dir, 'a.jsonl');
    writeFileSync(path, '');
    const io = fakeIo({ env: { TRACING_INDEX_MAX_MEMORY: 'lots' } });
    expect(await main(['trace', '--file', path], io)).to.equal(2);
    expect(io.err()).to.match(/^muxi: TRACING_INDEX_MAX_MEMORY="lots" is invalid/);
  });
});

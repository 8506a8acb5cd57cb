import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { readAllEvents, tempDir } from './read-traces.js';

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  accepted: number;
  out: string;
}

/** Runs the burst fixture; when `kill` is given, sends it once `accepted` reaches `killAt`. */
function runBurst(file: string, mode: string, kill?: NodeJS.Signals, killAt = 20_000): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/delivery-burst.ts', mode], {
      env: { ...process.env, TRACING_FILE: file, TRACING_STDOUT: 'false', TRACING_FILE_MAX_SIZE: '1G' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let accepted = 0;
    let sent = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      const m = /accepted (\d+)\n(?![\s\S]*accepted)/.exec(out);
      if (m) accepted = Number(m[1]);
      if (kill && !sent && accepted >= killAt) {
        sent = true;
        child.kill(kill);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const all = [...out.matchAll(/accepted (\d+)/g)];
      resolve({ code, signal, accepted: all.length ? Number(all[all.length - 1]![1]) : 0, out });
    });
  });
}

function seqs(file: string): number[] {
  return readAllEvents(file).map((e) => (e.data as { seq: number }).seq);
}

function expectExactly(file: string, n: number): void {
  const s = seqs(file);
  expect(s.length, 'every accepted event, exactly once').to.equal(n);
  for (let i = 0; i < s.length; i++) if (s[i] !== i) expect.fail(`line ${i} holds seq ${s[i]}`);
}

describe('exit hooks of the process-wide tracer', function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    it(`${sig} mid-burst: every accepted event is in the file, and the child still dies by ${sig}`, async () => {
      const file = join(dir, 'burst.jsonl');
      const r = await runBurst(file, 'signal', sig);
      expect(r.signal).to.equal(sig);
      expect(r.code).to.equal(null);
      expect(r.accepted).to.be.at.least(20_000);
      expectExactly(file, r.accepted);
    });
  }

  it('with an app SIGTERM listener: flushes and lets the app decide how to exit', async () => {
    const file = join(dir, 'own.jsonl');
    const r = await runBurst(file, 'own-handler', 'SIGTERM', 10_000);
    expect(r.code).to.equal(7);
    expect(r.signal).to.equal(null);
    const m = /app-handler (\d+)/.exec(r.out);
    expect(m, 'the app handler ran').to.not.equal(null);
    expectExactly(file, Number(m![1]));
  });

  it('a natural end (beforeExit) leaves every event on disk', async () => {
    const file = join(dir, 'natural.jsonl');
    const r = await runBurst(file, 'natural');
    expect(r.code).to.equal(0);
    expectExactly(file, 5000);
  });

  it("process.exit() with lines still buffered writes them (exit hook), and events of the app's own exit listeners", async () => {
    const file = join(dir, 'exit.jsonl');
    const r = await runBurst(file, 'exit');
    expect(r.code).to.equal(3);
    expectExactly(file, 5001);
    expect(readAllEvents(file)[5000]!.message).to.equal('from an exit listener');
  });
});

/**
 * A closed pipe on stdout (`node app | head -1`) must not kill the app through our writes.
 */
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { repoRoot } from '../helpers/run-node.js';

describe('delivery: stdout closed by the reader (EPIPE)', () => {
  it('the app keeps running and ends normally; the failure is reported once', async () => {
    const code = [
      "const { tracer } = await import('./src/index.ts');",
      'for (let round = 0; round < 40; round++) {',
      "  for (let i = 0; i < 200; i++) tracer.trace('app', 'tick', 'event ' + i + ' of round ' + round);",
      '  await new Promise((r) => setTimeout(r, 5));',
      '}',
      "await tracer.shutdown();",
      "process.stderr.write('APP DONE\\n');",
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: repoRoot,
      env: { ...process.env, TRACING_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    // Read the first line, then close our end of the pipe (what `head -1` does).
    await new Promise<void>((resolve) => {
      child.stdout.once('data', () => {
        child.stdout.destroy();
        resolve();
      });
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(err, err).to.include('APP DONE');
    expect(status).to.equal(0);
    expect(err.match(/muxi-tracing: stdout sink write failed/g) ?? []).to.have.length.at.most(1);
  });
});

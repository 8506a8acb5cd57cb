/**
 * flush()/shutdown() wait for a hanging sink at most TRACING_FLUSH_TIMEOUT_MS, even when nothing
 * else keeps the process alive (the wait itself must not let the process exit mid-await).
 */
import { expect } from 'chai';
import { runNodeSnippet } from '../helpers/run-node.js';

describe('delivery: the bounded wait on a sink that never answers', () => {
  it('shutdown() returns after the bound and the code after it runs', () => {
    const code = [
      "const { Tracer } = await import('./src/index.ts');",
      "const hang = { name: 'hang', write() {}, flush: () => new Promise(() => {}), close: () => new Promise(() => {}) };",
      "const t = new Tracer({ env: false, stdout: false, sinks: [hang], flushTimeoutMs: 200 });",
      "t.trace('app', 'op', 'hello');",
      'await t.flush();',
      "console.log('after flush');",
      'await t.shutdown();',
      "console.log('after shutdown');",
    ].join('\n');
    const r = runNodeSnippet(code, {});
    expect(r.stdout, r.stderr).to.include('after flush').and.include('after shutdown');
    expect(r.status).to.equal(0);
    expect(r.stderr).to.include("muxi-tracing: sink 'hang' flush timed out");
  });
});

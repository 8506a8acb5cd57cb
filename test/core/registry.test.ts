/**
 * The sink registry and TRACING_EXTERNAL_SINK: registered names, module specifiers, and clear
 * errors when a sink can't be loaded.
 */
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { expect } from 'chai';
import { MemorySink, Tracer, TracingConfigError, registerSink } from '../../src/index.js';
import { registeredSink } from '../../src/sinks/registry.js';
import type { Sink, TraceEvent } from '../../src/index.js';
import { isolated } from '../helpers/delay.js';
import { runNodeSnippet } from '../helpers/run-node.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

async function loadError(spec: string): Promise<TracingConfigError> {
  const t = new Tracer({ env: { TRACING_EXTERNAL_SINK: spec }, stdout: false });
  try {
    await t.ready();
  } catch (err) {
    expect(err).to.be.instanceOf(TracingConfigError);
    const e = err as TracingConfigError;
    expect(e.setting).to.equal('TRACING_EXTERNAL_SINK');
    expect(e.value).to.equal(spec);
    expect(e.message).to.include('TRACING_EXTERNAL_SINK').and.include(spec).and.include('a registered sink name');
    return e;
  } finally {
    await t.shutdown();
  }
  throw new Error('expected ready() to reject');
}

describe('core: sink registry', () => {
  it('registerSink returns an idempotent unregister that removes only its own registration', () => {
    const f1 = (): Sink => new MemorySink();
    const f2 = (): Sink => new MemorySink();
    const off1 = registerSink('reg-test', f1);
    expect(registeredSink('reg-test')).to.equal(f1);
    const off2 = registerSink('reg-test', f2);
    off1(); // replaced already: must not remove f2
    expect(registeredSink('reg-test')).to.equal(f2);
    off2();
    off2();
    expect(registeredSink('reg-test')).to.equal(undefined);
    expect(() => registerSink('', f1)).to.throw(TracingConfigError);
    expect(() => registerSink('x', 'nope' as never)).to.throw(TracingConfigError);
  });

  it('TRACING_EXTERNAL_SINK selects a registered sink by name; early events are replayed', async () => {
    const got: TraceEvent[] = [];
    const off = registerSink('reg-async', async () => {
      await new Promise((r) => setTimeout(r, 5));
      return { name: 'reg-async', write: (e: TraceEvent) => { got.push(e); } };
    });
    try {
      const t = new Tracer({ env: { TRACING_EXTERNAL_SINK: 'reg-async', TRACING_STDOUT: 'false' } });
      isolated(() => t.trace('app', 'early', 'before the sink loaded'));
      await t.ready();
      isolated(() => t.trace('app', 'late', 'after'));
      await t.shutdown();
      expect(got.map((e) => e.operation)).to.deep.equal(['early', 'late']);
    } finally {
      off();
    }
  });

  it('TRACING_EXTERNAL_SINK loads a module whose default export is a factory (path and file: URL)', async () => {
    const mod = (await import(fixture('external-sink.ts'))) as { received: TraceEvent[]; configs: unknown[] };
    const relPath = './' + relative(process.cwd(), fixture('external-sink.ts')).split('\\').join('/');
    for (const spec of [relPath, new URL('../fixtures/external-sink.ts', import.meta.url).href]) {
      mod.received.length = 0;
      const t = new Tracer({ env: { TRACING_EXTERNAL_SINK: spec, TRACING_STDOUT: 'false', TRACING_LEVEL: 'DEBUG' } });
      isolated(() => {
        t.trace('app', 'dropped', 'below DEBUG');
        t.trace('app', 'kept', 'hello', { level: 'INFO' });
      });
      await t.ready();
      await t.flush();
      expect(mod.received.map((e) => e.operation), spec).to.deep.equal(['kept']);
      await t.shutdown();
    }
    expect(mod.configs.length).to.be.at.least(2);
  });

  it('the process-wide tracer sees a name the app registers right after importing the package', () => {
    const code = [
      "const m = await import('./src/index.ts');",
      "const seen = [];",
      "m.registerSink('audit', () => ({ name: 'audit', write: (e) => seen.push(e.component + ':' + e.operation) }));",
      "m.tracer.trace('app', 'started', 'hello');",
      "await m.tracer.ready();",
      "await m.tracer.flush();",
      "console.log('seen=' + JSON.stringify(seen));",
    ].join('\n');
    const r = runNodeSnippet(code, { TRACING_EXTERNAL_SINK: 'audit', TRACING_STDOUT: 'false' });
    expect(r.stdout, r.stderr).to.include('seen=["app:started"]');
    expect(r.status).to.equal(0);
  });

  it('a module that cannot be found gives a clear TracingConfigError', async () => {
    const e = await loadError('./test/fixtures/does-not-exist.ts');
    expect(e.message).to.match(/could not load it/);
  });

  it('a module without a default export gives a clear TracingConfigError', async () => {
    const e = await loadError(fixture('no-default-sink.ts'));
    expect(e.message).to.match(/no default-exported factory/);
  });

  it('a factory that returns a non-sink gives a clear TracingConfigError', async () => {
    const e = await loadError(fixture('bad-factory-sink.ts'));
    expect(e.message).to.match(/did not return an object with write\(event\)/);
  });

  it('a factory that throws gives a clear TracingConfigError', async () => {
    const e = await loadError(fixture('throwing-factory-sink.ts'));
    expect(e.message).to.match(/its factory threw: cannot connect to the collector/);
  });

  it('an unknown bare name is reported with the names that are registered', async () => {
    const off = registerSink('known-one', () => new MemorySink());
    try {
      const e = await loadError('no-such-sink-name');
      expect(e.message).to.include('known-one');
    } finally {
      off();
    }
  });

  it('a failed external sink never breaks tracing: other sinks keep working', async () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: { TRACING_EXTERNAL_SINK: fixture('throwing-factory-sink.ts') }, stdout: false, sinks: [mem] });
    isolated(() => t.trace('app', 'x', 'y'));
    await t.ready().catch(() => {});
    isolated(() => t.trace('app', 'x', 'z'));
    await t.flush();
    expect(mem.events).to.have.length(2);
    await t.shutdown();
  });
});

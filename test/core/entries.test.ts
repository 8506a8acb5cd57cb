/**
 * The package's entries as users import them, from the built package (`dist/`, through
 * package.json `exports`): the main entry holds what an app needs in order to trace (a
 * curated list, so growth is deliberate), `muxi-tracing/reader` the reading side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { repoRoot } from '../helpers/run-node.js';

/** The main entry's values (types are not visible at run time). */
const MAIN = [
  'DEFAULT_REDACT_KEYS', 'MemorySink', 'MuxiIdGenerator', 'REDACTED', 'SECRET_RULES', 'Tracer', 'TracingConfigError',
  'bindContext', 'createFileSink', 'createOtelSink', 'createStdoutSink', 'defaultConfig', 'failureCounts', 'installExitHooks',
  'queuedSink', 'redactSecrets', 'registerSink', 'removeExitHooks', 'traceFields', 'tracer', 'tslogSink', 'withTraceContext',
];

function exportsOf(specifier: string): string[] {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m).sort()));`],
    { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
  expect(r.status, r.stderr).to.equal(0);
  return JSON.parse(r.stdout) as string[];
}

describe('package entries (built)', function () {
  before(function () {
    if (!existsSync(join(repoRoot, 'dist/src/reader/index.js'))) this.skip(); // `npm test` builds first; `test:one` may not have
  });

  it('muxi-tracing exports exactly what an app needs in order to trace', () => {
    expect(exportsOf('muxi-tracing')).to.deep.equal([...MAIN].sort());
  });

  it('muxi-tracing/reader exports the source interface, the filter language, statistics and formats', () => {
    const names = exportsOf('muxi-tracing/reader');
    for (const n of ['openFileSource', 'parseFilter', 'parseFilterTerms', 'FilterError', 'StatsCollector', 'formatStats', 'readTrace', 'compileTemplate', 'jsonLine', 'LEVELS', 'TRACE_SORT_KEYS', 'listRotated']) {
      expect(names, n).to.include(n);
    }
    expect(names).to.not.include('tracer');
  });

  it('muxi-tracing/decorators and muxi-tracing/mcp still resolve', () => {
    expect(exportsOf('muxi-tracing/decorators')).to.include.members(['Traced', 'TracedClass', 'TracedAgent', 'TracedMCPHandler', 'TracedOrchestrator']);
    expect(exportsOf('muxi-tracing/mcp')).to.include.members(['instrumentMcpClient', 'instrumentMcpServer']);
  });
});

/**
 * The package's entry points: the main entry exports exactly the curated list (so growth is a
 * decision), and `muxi-tracing/reader` resolves from the built package through `exports`.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../helpers/run-node.js';

/** What an app needs in order to trace; change this list on purpose, with the README's "Entry points". */
const MAIN_VALUES = [
  'DEFAULT_REDACT_KEYS', 'DEFAULT_REDACT_PATTERNS', 'EVENT_FIELDS', 'LEVELS', 'MemorySink', 'MuxiIdGenerator', 'REDACTED', 'Tracer',
  'TracingConfigError', 'bindContext', 'configFromEnv', 'createFileSink', 'createOtelSink', 'createStdoutSink', 'defaultConfig',
  'failureCounts', 'installExitHooks', 'queuedSink', 'registerSink', 'removeExitHooks', 'traceFields', 'tracer', 'tslogSink',
  'withTraceContext',
];
const MAIN_TYPES = [
  'ActiveSpan', 'FileSink', 'FileSinkOptions', 'Level', 'OtelSinkOptions', 'QueuedSink', 'QueuedSinkOptions', 'Sink', 'SinkFactory',
  'TraceError', 'TraceEvent', 'TraceOptions', 'TracerOptions', 'TracingConfig', 'TslogSinkOptions',
];

/** Every name a module exports, values and types, as TypeScript sees them. */
function exportedNames(file: string): string[] {
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
    noEmit: true, skipLibCheck: true, types: ['node'],
  });
  const checker = program.getTypeChecker();
  const sym = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker.getExportsOfModule(sym).map((s) => s.name).sort();
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

describe('package entry points', function () {
  this.timeout(60000);

  it('muxi-tracing exports exactly the curated list (one screen)', async () => {
    const main = await import('../../src/index.js');
    expect(sorted(Object.keys(main))).to.deep.equal(sorted(MAIN_VALUES));
    expect(exportedNames(join(repoRoot, 'src/index.ts'))).to.deep.equal(sorted([...MAIN_VALUES, ...MAIN_TYPES]));
    expect(MAIN_VALUES.length + MAIN_TYPES.length).to.be.at.most(40);
  });

  it('muxi-tracing/reader holds the reading side, and the names that left the main entry', async () => {
    const reader = await import('../../src/reader/index.js');
    for (const name of ['openFileSource', 'FileSource', 'TRACE_SORT_KEYS', 'parseFilter', 'parseFilterTerms', 'compileFilter', 'FilterError',
      'FILTER_FIELDS', 'filterFromFlags', 'termsFromFlags', 'StatsCollector', 'formatStats', 'Quantiles', 'TimelineCounter', 'readTrace',
      'LineScanner', 'LineProcessor', 'FileFollower', 'parseEventLine', 'discoverFiles', 'InputError', 'listRotated', 'rotatedName',
      'compileTemplate', 'jsonLine', 'escapeText', 'shouldColor', 'DEFAULT_TEMPLATE', 'EVENT_FIELDS', 'LEVELS', 'isTraceId']) {
      expect(reader, name).to.have.property(name);
    }
    const types = exportedNames(join(repoRoot, 'src/reader/index.ts'));
    for (const t of ['TraceSource', 'EventQuery', 'EventsRequest', 'TraceListQuery', 'TracePage', 'TraceSummary', 'TraceDetail', 'SourceUpdate',
      'SourceState', 'StatsReport', 'ReadReport', 'TraceStats', 'FilterTerm', 'ReadItem', 'Timeline']) {
      expect(types, t).to.include(t);
    }
  });

  it('the built package resolves muxi-tracing/reader (and the main entry) through its exports', () => {
    const built = join(repoRoot, 'dist/src/reader/index.js');
    expect(existsSync(built), 'dist/ is missing: `npm test` builds it first (or run `npm run build`)').to.equal(true);
    const code = [
      "const reader = await import('muxi-tracing/reader');",
      "const main = await import('muxi-tracing');",
      "console.log(JSON.stringify({ url: import.meta.resolve('muxi-tracing/reader'), open: typeof reader.openFileSource,",
      "  stats: typeof reader.StatsCollector, main: Object.keys(main).sort() }));",
    ].join('\n');
    // Plain node (no tsx, no tsconfig paths): the package resolves itself by its name and `exports`.
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, encoding: 'utf8', timeout: 30000 });
    expect(r.status, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as { url: string; open: string; stats: string; main: string[] };
    expect(out.url.endsWith('/dist/src/reader/index.js'), out.url).to.equal(true);
    expect([out.open, out.stats]).to.deep.equal(['function', 'function']);
    expect(out.main).to.deep.equal(sorted(MAIN_VALUES));
  });
});

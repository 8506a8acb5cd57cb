/**
 * The package's entries as users import them: from the built package (`dist/`, resolved by name
 * through package.json `exports`, by plain node with no tsx and no tsconfig paths), values at run
 * time and types from the emitted `.d.ts`. The main entry holds exactly its curated list (what an
 * app needs in order to trace, one screen, so growth is a decision); `muxi-tracing/reader` holds
 * the reading side.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../helpers/run-node.js';

/** What an app needs in order to trace; change this list on purpose, with the README's "Entry points". */
const MAIN_VALUES = [
  'DEFAULT_REDACT_KEYS', 'MemorySink', 'MuxiIdGenerator', 'REDACTED', 'SECRET_RULES', 'Tracer', 'TracingConfigError', 'bindContext',
  'createFileSink', 'createOtelSink', 'createStdoutSink', 'defaultConfig', 'failureCounts', 'installExitHooks', 'queuedSink',
  'redactSecrets', 'registerSink', 'removeExitHooks', 'traceFields', 'tracer', 'tslogSink', 'withTraceContext',
];
/** The types of those values' parameters and results, and of the events and sinks. */
const MAIN_TYPES = [
  'ActiveSpan', 'FileSink', 'FileSinkOptions', 'Level', 'OtelSinkOptions', 'QueuedSink', 'QueuedSinkOptions', 'Sink', 'SinkFactory',
  'SpanEnd', 'SpanStart', 'StdoutSinkOptions', 'TraceError', 'TraceEvent', 'TraceOptions', 'TracerOptions', 'TracingConfig',
  'TslogSinkOptions',
];

/** Values of the reading side (the source interface, the filter language, statistics, the reader, formats). */
const READER_VALUES = [
  'openFileSource', 'FileSource', 'openClickHouseSource', 'ClickHouseSource', 'ClickHouseSourceError', 'TRACE_SORT_KEYS', 'DEFAULT_INDEX_MAX_BYTES', 'parseFilter', 'parseFilterTerms', 'compileFilter',
  'FilterError', 'FILTER_FIELDS', 'filterFromFlags', 'termsFromFlags', 'parseTimeArg', 'StatsCollector', 'formatStats', 'Quantiles',
  'TimelineCounter', 'readTrace', 'readFileInto', 'LineScanner', 'LineProcessor', 'FileFollower', 'parseEventLine', 'isTraceEvent',
  'discoverFiles', 'InputError', 'listRotated', 'rotatedName', 'compileTemplate', 'jsonLine', 'escapeText', 'shouldColor',
  'DEFAULT_TEMPLATE', 'EVENT_FIELDS', 'LEVELS', 'isTraceId',
];
const READER_TYPES = [
  'TraceSource', 'EventQuery', 'EventsRequest', 'TraceListQuery', 'TracePage', 'TraceSummary', 'TraceDetail', 'SourceUpdate', 'SourceState',
  'TraceSortKey', 'StatsReport', 'ReadReport', 'TraceStats', 'FilterTerm', 'ReadItem', 'Timeline', 'FileSourceOptions', 'ClickHouseSourceOptions', 'ClickHouseConnection',
];

/** The program TypeScript builds from a declaration file (every file it reaches). */
function declarations(file: string): ts.Program {
  return ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
    noEmit: true, skipLibCheck: true, types: ['node'],
  });
}

/** Every name a declaration file exports, values and types, as TypeScript sees them. */
function exportedNames(file: string): string[] {
  const program = declarations(file);
  const checker = program.getTypeChecker();
  const sym = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker.getExportsOfModule(sym).map((s) => s.name).sort();
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/** The run-time exports of each entry, imported by package name from the built package. */
interface Built {
  main: string[];
  reader: string[];
  decorators: string[];
  mcp: string[];
  readerUrl: string;
}

describe('package entries (built)', function () {
  this.timeout(60000);
  let built: Built;

  before(function () {
    for (const f of ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/reader/index.js', 'dist/src/reader/index.d.ts']) {
      expect(existsSync(join(repoRoot, f)), `${f} is missing: \`npm test\` builds first (or run \`npm run build\`)`).to.equal(true);
    }
    const code = [
      "const keys = async (s) => Object.keys(await import(s)).sort();",
      "console.log(JSON.stringify({ main: await keys('muxi-tracing'), reader: await keys('muxi-tracing/reader'),",
      "  decorators: await keys('muxi-tracing/decorators'), mcp: await keys('muxi-tracing/mcp'),",
      "  readerUrl: import.meta.resolve('muxi-tracing/reader') }));",
    ].join('\n');
    // Plain node (no tsx, no tsconfig paths): the package resolves itself by its name and `exports`.
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, encoding: 'utf8', timeout: 30000 });
    expect(r.status, r.stderr).to.equal(0);
    built = JSON.parse(r.stdout) as Built;
  });

  it('muxi-tracing exports exactly the curated list (one screen)', () => {
    expect(built.main).to.deep.equal(sorted(MAIN_VALUES));
    expect(exportedNames(join(repoRoot, 'dist/src/index.d.ts'))).to.deep.equal(sorted([...MAIN_VALUES, ...MAIN_TYPES]));
    expect(MAIN_VALUES.length + MAIN_TYPES.length).to.be.at.most(40);
  });

  it('muxi-tracing/reader holds the reading side: the source interface, the filter language, statistics, the reader and formats', () => {
    expect(built.readerUrl.endsWith('/dist/src/reader/index.js'), built.readerUrl).to.equal(true);
    for (const name of READER_VALUES) expect(built.reader, name).to.include(name);
    expect(built.reader).to.not.include('tracer');
    const types = exportedNames(join(repoRoot, 'dist/src/reader/index.d.ts'));
    for (const t of [...READER_VALUES, ...READER_TYPES]) expect(types, t).to.include(t);
  });

  it("muxi-tracing/reader's types never reach @clickhouse/client (an optional peer: users of files install nothing more)", () => {
    const reached = declarations(join(repoRoot, 'dist/src/reader/index.d.ts')).getSourceFiles().map((f) => f.fileName);
    expect(reached.some((f) => f.endsWith('/dist/src/reader/clickhouse-source.d.ts')), 'the ClickHouse source is exported').to.equal(true);
    expect(reached.filter((f) => f.includes('/@clickhouse/'))).to.deep.equal([]);
  });

  it('muxi-tracing/decorators and muxi-tracing/mcp resolve with their names', () => {
    expect(built.decorators).to.include.members(['Traced', 'TracedClass', 'TracedAgent', 'TracedMCPHandler', 'TracedOrchestrator']);
    expect(built.mcp).to.include.members(['instrumentMcpClient', 'instrumentMcpServer']);
  });
});

/**
 * muxi-tracing/reader: reading traces back. One source interface over trace files (and, with
 * `--clickhouse`, a ClickHouse table), the filter language of `muxi trace`, the viewer and the
 * dashboard, the statistics of `muxi trace stats`, and the formats a reading tool prints.
 * @packageDocumentation
 */

// Sources
export { openFileSource } from './file-source.js';
export type { FileSourceOptions } from './file-source.js';
export type { EventQuery, Facet, SourceEvents, StatsResult, TraceList, TraceQuery, TraceSort, TraceSource, TraceSummary } from './source.js';
export { TRACE_SORT_KEYS } from './source.js';

// Filter language
export { FilterError, FILTER_FIELDS, parseFilterTerms } from './filter-terms.js';
export type { FilterOp, FilterTerm } from './filter-terms.js';
export { compileFilter, parseFilter } from './filter.js';
export type { CompileOptions, EventFilter } from './filter.js';
export { filterFromFlags, termsFromFlags } from './filter-options.js';
export type { FilterFlags } from './filter-options.js';
export { parseDuration, parseTimeArg } from './time.js';

// Statistics
export { StatsCollector } from './stats.js';
export type { TimeBucket, TokenTotals, ToolUsage, TraceStats } from './stats.js';
export { Quantiles } from './quantiles.js';
export type { LatencySummary } from './quantiles.js';
export { formatStats } from './stats-format.js';

// Reading files and streams
export { readTrace, readFileInto } from './read.js';
export type { BatchHandler, InputSource, ReadOptions, ReadSummary } from './read.js';
export { LineProcessor } from './processor.js';
export type { ProcessorOptions, ReadCounts, ReadItem } from './processor.js';
export { LineScanner, DEFAULT_MAX_LINE_BYTES } from './line-scanner.js';
export type { LineCallback, LineScannerOptions } from './line-scanner.js';
export { FileFollower } from './follow.js';
export { InputError, discoverFiles, sortRotated } from './files.js';
export type { FileSet } from './files.js';
export { parseEventLine, isTraceEvent, decodeLine } from './classify.js';
export { ROTATED_SUFFIX_RE, compareRotated, dedupeRotated, listRotated, parseRotatedName, rotatedName, rotationStamp } from '../sinks/rotated-names.js';
export type { RotatedFile } from '../sinks/rotated-names.js';

// Events and formats
export { EVENT_FIELDS, LEVELS, LEVEL_RANK, closesSpan, isLevel } from '../event.js';
export { DEFAULT_TEMPLATE } from '../config.js';
export { compileTemplate, compileTime } from '../format/template.js';
export { jsonLine } from '../format/json.js';
export { escapeText } from '../format/escape.js';
export { shouldColor, paintLevel } from '../format/color.js';

/**
 * muxi-tracing/reader: the reading side. Trace sources (the file source, and the interface a
 * database source implements), the filter language shared by `muxi trace`, the viewer and the
 * dashboard, the statistics, the lower-level file reader, and the formatting helpers a reading
 * tool needs. The ClickHouse source loads the optional `@clickhouse/client` at its first query.
 * @packageDocumentation
 */

// Sources
export { TRACE_SORT_KEYS } from './source.js';
export type {
  EventQuery, EventsRequest, FacetCount, ItemBatchHandler, PassOptions, ReadReport, SourceState, SourceUpdate,
  StatsReport, TraceDetail, TraceListQuery, TracePage, TraceSortKey, TraceSource, TraceSummary,
} from './source.js';
export { FileSource, openFileSource } from './file-source.js';
export type { FileSourceInput, FileSourceOptions } from './file-source.js';
export type { SpoolOptions } from './stream-spool.js';
export { ClickHouseSource, openClickHouseSource } from './clickhouse-source.js';
export type { ClickHouseSourceOptions } from './clickhouse-source.js';
export { ClickHouseSourceError, DEFAULT_TABLE as CLICKHOUSE_DEFAULT_TABLE } from './clickhouse-connection.js';
export type { ClickHouseConnection } from './clickhouse-connection.js';
export { DEFAULT_INDEX_MAX_BYTES, FIRST_MESSAGE_MAX } from './trace-index.js';

// Filter language
export { FilterError, FILTER_FIELDS, parseFilterTerms } from './filter-terms.js';
export type { FilterOp, FilterTerm } from './filter-terms.js';
export { compileFilter, parseFilter } from './filter.js';
export type { CompileOptions, EventFilter } from './filter.js';
export { filterFromFlags, termsFromFlags } from './filter-options.js';
export type { FilterFlags } from './filter-options.js';
export { parseDuration, parseTimeArg, timestampMs } from './time.js';

// Statistics
export { StatsCollector } from './stats.js';
export type { StatsCollectorOptions, TokenTotals, ToolUsage, TraceStats } from './stats.js';
export { Quantiles } from './quantiles.js';
export type { LatencySummary } from './quantiles.js';
export { TIMELINE_MAX_BUCKETS, TIMELINE_WIDTHS_MS, TimelineCounter, timelineWidth } from './timeline.js';
export type { Timeline, TimelineBucket } from './timeline.js';
export { formatStats } from './stats-format.js';

// Reading files and streams
export { readTrace, readFileInto } from './read.js';
export type { BatchHandler, InputSource, ReadOptions, ReadSummary } from './read.js';
export { InputError, discoverFiles, sortRotated } from './files.js';
export type { FileSet } from './files.js';
export { LineProcessor } from './processor.js';
export type { ProcessorOptions, ReadCounts, ReadItem } from './processor.js';
export { FileFollower } from './follow.js';
export type { ChunkSink } from './follow.js';
export { LineScanner, DEFAULT_MAX_LINE_BYTES } from './line-scanner.js';
export type { LineCallback, LineScannerOptions } from './line-scanner.js';
export { parseEventLine, isTraceEvent, decodeLine } from './classify.js';

// Rotated file names
export { ROTATED_SUFFIX_RE, compareRotated, dedupeRotated, listRotated, parseRotatedName, rotatedName, rotationStamp } from '../sinks/rotated-names.js';
export type { RotatedFile } from '../sinks/rotated-names.js';

// Events
export { EVENT_FIELDS, LEVELS, LEVEL_RANK, closesSpan, isLevel } from '../event.js';
export type { Level, TraceError, TraceEvent } from '../event.js';
export { isSpanId, isTraceId } from '../ids.js';

// Formatting
export { DEFAULT_TEMPLATE } from '../config.js';
export { compileTemplate, compileTime } from '../format/template.js';
export { jsonLine } from '../format/json.js';
export { escapeText } from '../format/escape.js';
export { paintLevel, shouldColor } from '../format/color.js';

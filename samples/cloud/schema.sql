-- muxi-tracing: ClickHouse schema for the JSON lines (PRD §9.3, extended and made runnable).
--
-- Load it with:
--   clickhouse client --database muxi --multiquery < samples/cloud/schema.sql
--
-- What changed from the PRD's text (see samples/cloud/README.md):
--   * the main table is created first, the buffer table after it (a Buffer copies an
--     existing table's structure, so the PRD's order cannot run);
--   * Buffer(database, ...) is Buffer(currentDatabase(), ...), so the file loads into any database;
--   * a column for every field of the JSON line (level, span_id, parent_span_id, duration_ms, error);
--   * data and error are JSON text (String); error_type/error_message are derived from error.
-- Every statement is idempotent (IF NOT EXISTS) and ends with ';' on its own line.

-- The main table: one row per JSON line.
CREATE TABLE IF NOT EXISTS muxi_traces
(
    timestamp      DateTime64(3, 'UTC'),
    level          LowCardinality(String),
    trace_id       String,
    span_id        String,
    parent_span_id String DEFAULT '',
    component      LowCardinality(String),
    operation      LowCardinality(String),
    message        String,
    user_id        String DEFAULT '',
    agent_id       LowCardinality(String) DEFAULT '',
    data           String DEFAULT '',
    duration_ms    Nullable(Float64),
    error          String DEFAULT '',
    error_type     LowCardinality(String) MATERIALIZED JSONExtractString(error, 'type'),
    error_message  String MATERIALIZED JSONExtractString(error, 'message'),

    INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_user_id  user_id  TYPE bloom_filter(0.01)  GRANULARITY 4,
    INDEX idx_agent_id agent_id TYPE bloom_filter(0.01)  GRANULARITY 4,
    INDEX idx_level    level    TYPE set(8)              GRANULARITY 4,
    INDEX idx_message  message  TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY toDate(timestamp)
ORDER BY (component, operation, timestamp)
TTL toDateTime(timestamp) + INTERVAL 30 DAY DELETE
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- The buffer table: absorbs many small inserts in memory and flushes them to muxi_traces
-- when any max_* threshold is hit, or when every min_* threshold is. Arguments:
-- (database, table, num_layers, min_time, max_time, min_rows, max_rows, min_bytes, max_bytes).
CREATE TABLE IF NOT EXISTS muxi_traces_buffer AS muxi_traces
ENGINE = Buffer(currentDatabase(), muxi_traces, 16, 10, 100, 10000, 1000000, 10000000, 100000000);

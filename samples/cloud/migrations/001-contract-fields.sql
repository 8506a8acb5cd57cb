-- muxi-tracing: migration 001 — the JSON line's fields that PRD §9.3's table lacks.
--
-- A table created from PRD §9.3 as printed (timestamp, trace_id, component, operation, message,
-- user_id, agent_id, data) gets the columns `muxi trace --clickhouse` reads besides those:
-- level, span_id, parent_span_id, duration_ms, error, and error_type/error_message derived from
-- error. samples/cloud/schema.sql already has them all; tables made from it need nothing.
--
--   clickhouse client --database muxi --multiquery < samples/cloud/migrations/001-contract-fields.sql
--
-- Rows inserted before the migration get the defaults: level 'TRACE', empty ids and error, no
-- duration. Every statement is idempotent (IF NOT EXISTS) and ends with ';' on its own line.
-- Apply the same ALTERs to muxi_traces_buffer if you use it (a Buffer table does not follow
-- its destination's structure).

ALTER TABLE muxi_traces ADD COLUMN IF NOT EXISTS level LowCardinality(String) DEFAULT 'TRACE' AFTER timestamp;
ALTER TABLE muxi_traces ADD COLUMN IF NOT EXISTS span_id String DEFAULT '' AFTER trace_id;
ALTER TABLE muxi_traces ADD COLUMN IF NOT EXISTS parent_span_id String DEFAULT '' AFTER span_id;
ALTER TABLE muxi_traces ADD COLUMN IF NOT EXISTS duration_ms Nullable(Float64) AFTER data;
ALTER TABLE muxi_traces ADD COLUMN IF NOT EXISTS error String DEFAULT '' AFTER duration_ms;
ALTER TABLE muxi_traces ADD COLUMN IF NOT EXISTS error_type LowCardinality(String) MATERIALIZED JSONExtractString(error, 'type') AFTER error;
ALTER TABLE muxi_traces ADD COLUMN IF NOT EXISTS error_message String MATERIALIZED JSONExtractString(error, 'message') AFTER error_type;

/**
 * Helpers of the ClickHouse tests: the shipped schema's statements, loading JSON-lines files
 * into a chdb session, and reading query results.
 */
import type { Session } from 'chdb';
import { createReadStream, readFileSync } from 'node:fs';

/** samples/cloud/schema.sql, as shipped. */
export const SCHEMA = new URL('../../samples/cloud/schema.sql', import.meta.url);

/** The statements of a .sql file: split at a ';' that ends a line, comment lines dropped. */
export function statements(sql: string): string[] {
  return sql.split(/;[ \t]*$/m)
    .map((s) => s.split('\n').filter((l) => !/^\s*--/.test(l)).join('\n').trim())
    .filter((s) => s !== '');
}

/** Runs every statement of the shipped schema in `db`. */
export function loadSchema(db: Session): void {
  for (const s of statements(readFileSync(SCHEMA, 'utf8'))) db.query(s);
}

/**
 * Streams a JSON-lines file, as the tracer wrote it, into the buffer table, then flushes the
 * buffer into muxi_traces. The data/error objects land in their String columns as JSON text.
 */
export async function loadJsonLines(db: Session, file: string): Promise<void> {
  await db.insert({
    table: 'muxi_traces_buffer', format: 'JSONEachRow', values: createReadStream(file),
    settings: { input_format_json_read_objects_as_strings: 1, date_time_input_format: 'best_effort', input_format_skip_unknown_fields: 1 },
  });
  db.query('OPTIMIZE TABLE muxi_traces_buffer');
}

/** A query's rows (JSONEachRow). */
export function rows<T>(db: Session, sql: string): T[] {
  return db.query(sql, 'JSONEachRow').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as T);
}

/** ClickHouse's quantile() below 8192 values: linear interpolation between sorted neighbours. */
export function interpolatedQuantile(values: number[], level: number): number {
  const d = [...values].sort((a, b) => a - b);
  const pos = level * (d.length - 1);
  const lo = Math.floor(pos);
  return d[lo]! + (d[Math.min(lo + 1, d.length - 1)]! - d[lo]!) * (pos - lo);
}

/**
 * A generated set of about a million events (bench/reader-generate.mjs: MUXI conversations of ~15
 * events, interleaved, seeded) as one JSON-lines file in the table's row order, and the same
 * events loaded with the shipped schema into chdb behind the HTTP harness. Used by the large
 * test (`npm run test:clickhouse-large`) and the bench (`npm run bench:clickhouse`). Needs
 * `npm run build` (the generator writes with the built `jsonLine`).
 */
import { Session } from 'chdb';
import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceEvent } from '../../src/index.js';
import { parseEventLine } from '../../src/reader/classify.js';
import { repoRoot } from '../helpers/run-node.js';
import type { ChdbHttp } from './chdb-http.js';
import { startChdbHttp } from './chdb-http.js';
import { DB, loadSchemaInto, tableOrder } from './ch-fixture.js';

/** The loaded set. */
export interface LargeSet {
  file: string;
  events: number;
  session: Session;
  http: ChdbHttp;
  close(): Promise<void>;
}

/**
 * Generates `mb` MB of events into `dir` (≈ 2 800 events per MB; 360 MB ≈ 1 M), keeps the
 * trace events (the generator adds a few app-log lines), writes them in the table's order, and
 * loads them into a chdb database served by the harness.
 */
export async function buildLargeSet(dir: string, mb: number): Promise<LargeSet> {
  const raw = join(dir, 'generated.jsonl');
  execFileSync(process.execPath, ['bench/reader-generate.mjs', raw, String(mb)], { cwd: repoRoot, stdio: 'ignore' });
  const rows: Array<{ line: string; e: TraceEvent }> = [];
  for (const line of readFileSync(raw, 'utf8').split('\n')) {
    const e = parseEventLine(line);
    if (e !== undefined) rows.push({ line, e }); // the app-log lines are not events
  }
  rows.sort((a, b) => tableOrder(a.e, b.e));
  const file = join(dir, 'events.jsonl');
  writeFileSync(file, rows.map((r) => r.line).join('\n') + '\n');
  const events = rows.length;
  rows.length = 0;
  const session = new Session(join(dir, 'db'));
  loadSchemaInto(session);
  // The generated events are dated 2026-05-15: without this, the schema's 30-day TTL may drop them.
  session.query(`ALTER TABLE ${DB}.muxi_traces REMOVE TTL`);
  await session.insert({
    table: `${DB}.muxi_traces`, format: 'JSONEachRow', values: createReadStream(file),
    settings: { input_format_json_read_objects_as_strings: 1, date_time_input_format: 'best_effort', input_format_skip_unknown_fields: 1 },
  });
  session.query(`OPTIMIZE TABLE ${DB}.muxi_traces FINAL`);
  const http = await startChdbHttp({ session });
  return {
    file, events, session, http,
    async close() {
      await http.close();
      session.close();
    },
  };
}

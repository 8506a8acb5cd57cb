/**
 * The ClickHouse source's test set-up: the sample app's real output (`samples/demo.ts`, the app
 * and its MCP server process) loaded with the shipped schema into chdb, served over HTTP by the
 * harness (`chdb-http.ts`), and the same events as one JSON-lines file for the file source.
 *
 * The file holds the lines as the tracer wrote them, in the table's row order (`timestamp`,
 * then trace, span, opening before closing, component, operation, message): a table keeps no
 * order of writing within one millisecond, so "the same events" means that order.
 */
import { Session } from 'chdb';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceEvent } from '../../src/index.js';
import { runTsx } from '../helpers/run-node.js';
import type { ChdbHttp } from './chdb-http.js';
import { startChdbHttp } from './chdb-http.js';
import { loadJsonLines, statements, SCHEMA } from './chdb-helpers.js';

/** The database the fixtures load into (not the default one, so `--ch-database` is exercised). */
export const DB = 'muxi';

/** A loaded set-up. */
export interface ChFixture {
  dir: string;
  session: Session;
  http: ChdbHttp;
  /** The events, one JSON line each, in the table's order. */
  file: string;
  lines: string[];
  events: TraceEvent[];
  close(): Promise<void>;
}

/** Compares two events in the table's row order (strings by UTF-8 bytes, as ClickHouse does). */
export function tableOrder(a: TraceEvent, b: TraceEvent): number {
  const t = Date.parse(a.timestamp) - Date.parse(b.timestamp);
  if (t !== 0) return t;
  const bytes = (x: string, y: string): number => Buffer.compare(Buffer.from(x), Buffer.from(y));
  return bytes(a.trace_id, b.trace_id) || bytes(a.span_id, b.span_id) ||
    Number(a.duration_ms !== undefined) - Number(b.duration_ms !== undefined) ||
    bytes(a.component, b.component) || bytes(a.operation, b.operation) || bytes(a.message, b.message);
}

/** Writes `lines` (JSON lines of events) sorted in the table's order to `file`; returns them and their events. */
export function writeInTableOrder(lines: string[], file: string): { lines: string[]; events: TraceEvent[] } {
  const pairs = lines.filter((l) => l.trim() !== '').map((line) => ({ line, event: JSON.parse(line) as TraceEvent }));
  pairs.sort((a, b) => tableOrder(a.event, b.event));
  writeFileSync(file, pairs.map((p) => p.line + '\n').join(''));
  return { lines: pairs.map((p) => p.line), events: pairs.map((p) => p.event) };
}

/** Creates the database and the shipped schema's tables in it. */
export function loadSchemaInto(session: Session, db: string = DB): void {
  session.query(`CREATE DATABASE IF NOT EXISTS ${db}`);
  for (const s of statements(readFileSync(SCHEMA, 'utf8'))) session.query(`USE ${db}; ${s}`);
}

/** Loads a JSON-lines file into `db` (through the buffer table, as Vector does). */
export async function loadFileInto(session: Session, file: string, db: string = DB): Promise<void> {
  session.query(`USE ${db}`);
  await loadJsonLines(session, file);
}

/** Runs the demo, loads its output, starts the harness (users: `default` and `reader`/`s3cret`). */
export async function demoFixture(): Promise<ChFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'muxi-ch-src-'));
  const out = join(dir, 'demo.jsonl');
  const code = await runTsx(['samples/demo.ts'], { TRACING_FILE: out, TRACING_STDOUT: 'false', TRACING_EXTERNAL_SINK: '' }, 60_000);
  if (code !== 0) throw new Error(`samples/demo.ts exited with ${code}`);
  const raw = [out, join(dir, 'mcp-server.jsonl')].flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter((l) => l.trim() !== '');
  const file = join(dir, 'events.jsonl');
  const { lines, events } = writeInTableOrder(raw, file);
  const session = new Session(join(dir, 'db'));
  loadSchemaInto(session);
  await loadFileInto(session, file);
  const http = await startChdbHttp({ session, users: { default: '', reader: 's3cret' } });
  return {
    dir, session, http, file, lines, events,
    async close() {
      await http.close();
      session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

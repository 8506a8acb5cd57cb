/**
 * Variants `floor-io` and `floor-stringify`: what writing a conversation's JSON lines costs
 * before any tracing, a floor under every implementation that writes them (ours, pino's, an
 * OTLP exporter's). The 13 events of each conversation in the data pool are made once, at
 * start, through the mixins; each call then runs the untraced conversation and writes its 13
 * lines with the least code that can: joined into about 2 Ki characters, encoded into one
 * buffer, one `writeSync` per 256 KiB (the file sink's batch).
 * - `floor-io`: the lines themselves made beforehand too: joining, encoding and the `write`.
 * - `floor-stringify`: each line made by `JSON.stringify` of its event (what a logger that
 *   serializes the whole record does), then the same writes.
 * Compared with the OpenTelemetry twin with a no-op exporter, which keeps 7 spans in memory
 * and writes nothing, they say how much of that twin's cost writing the lines alone takes.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { MemorySink, registerSink, tracer } from 'muxi-tracing';
import type { TraceEvent } from 'muxi-tracing';
import { Agent, DATA, MCPHandler, Orchestrator } from '../workload/app.js';
import { mixinConversation } from '../workload/mixins.js';
import type { Prepared, PrepareOptions } from './types.js';

const EVENTS_PER_CONVERSATION = 13;
const CHUNK = 2 * 1024;
const BATCH = 256 * 1024;

/** The 13 events of each conversation of the pool, in the order the mixins wrote them. */
async function poolEvents(): Promise<TraceEvent[][]> {
  const mem = new MemorySink();
  registerSink('bench-floor-capture', () => mem);
  tracer.configure({ stdout: false, file: undefined, externalSink: 'bench-floor-capture' });
  const run = mixinConversation();
  for (let i = 0; i < DATA.length; i++) await run(i);
  await tracer.shutdown();
  const byTrace = new Map<string, TraceEvent[]>();
  for (const e of mem.events) {
    let list = byTrace.get(e.trace_id);
    if (list === undefined) byTrace.set(e.trace_id, (list = []));
    list.push(e);
  }
  const out = [...byTrace.values()];
  if (out.length !== DATA.length || out.some((l) => l.length !== EVENTS_PER_CONVERSATION)) {
    throw new Error(`floor: expected ${DATA.length} conversations of ${EVENTS_PER_CONVERSATION} events, got ${out.map((l) => l.length).join(',')}`);
  }
  return out;
}

function writeAll(fd: number, buf: Buffer, len: number): void {
  let off = 0;
  while (off < len) off += writeSync(fd, buf, off, len - off);
}

/** Prepares `floor-io` (`BENCH_FLOOR=io`) or `floor-stringify` (`BENCH_FLOOR=stringify`). */
export async function prepare(o: PrepareOptions): Promise<Prepared> {
  const mode = process.env['BENCH_FLOOR'];
  if (mode !== 'io' && mode !== 'stringify') throw new Error(`BENCH_FLOOR=${String(mode)}: expected io or stringify`);
  const events = await poolEvents();
  const made = mode === 'io';
  const lines = made ? events.map((conv) => conv.map((e) => JSON.stringify(e) + '\n')) : [];
  const chat = new Orchestrator({ weather: new Agent(new MCPHandler()) });
  const fd = openSync(o.outFile, 'w');
  const buf = Buffer.allocUnsafe(BATCH + 4 * CHUNK) as Buffer & { utf8Write(s: string, at: number): number };
  let text = '';
  let pos = 0;
  let written = 0;
  /** Encodes the joined text after the bytes in `buf`; text that might not fit (3 bytes a character at most) is written first or on its own. */
  const encode = (): void => {
    if (pos + 3 * text.length > buf.length) {
      writeAll(fd, buf, pos);
      pos = 0;
      if (3 * text.length > buf.length) {
        const own = Buffer.from(text, 'utf8');
        writeAll(fd, own, own.length);
        text = '';
        return;
      }
    }
    pos += buf.utf8Write(text, pos);
    text = '';
  };
  const add = (line: string): void => {
    text += line;
    if (text.length < CHUNK) return;
    encode();
    if (pos >= BATCH) {
      writeAll(fd, buf, pos);
      pos = 0;
    }
  };
  const call = async (i: number): Promise<unknown> => {
    const d = DATA[i % DATA.length]!;
    const r = await chat.chat(d.message, d.userId);
    const k = i % events.length;
    if (made) for (const line of lines[k]!) add(line);
    else for (const e of events[k]!) add(JSON.stringify(e) + '\n');
    written += EVENTS_PER_CONVERSATION;
    return r;
  };
  return {
    call,
    finish: async () => {
      if (text.length > 0) encode();
      writeAll(fd, buf, pos);
      closeSync(fd);
    },
    counters: () => ({ written }),
  };
}

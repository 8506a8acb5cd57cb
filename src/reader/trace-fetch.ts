/**
 * One trace's events, read back on demand from the byte ranges the index kept. A file that is
 * gone, or whose bytes at a kept offset no longer hold a line of that trace (the file was
 * replaced), takes its traces out of the index: the trace is then reported as not found. A line
 * of the trace that the index took but `JSON.parse` rejects (corrupt inside a value) is left out.
 * @module
 */
import type { TraceEvent } from '../event.js';
import { decodeLine, parseEventLine } from './classify.js';
import type { FileRecord } from './index-builder.js';
import type { RangeReader } from './range-fetch.js';
import type { TraceEntry, TraceIndex } from './trace-index.js';

/** The events of `t` in input order, or undefined when they can no longer be read (the trace is then evicted). */
export async function fetchTrace(index: TraceIndex, records: readonly FileRecord[], reader: RangeReader, t: TraceEntry): Promise<TraceEvent[] | undefined> {
  const locations = index.locations(t);
  const byFile = new Map<number, number[]>();
  locations.forEach((l, i) => {
    let list = byFile.get(l.file);
    if (list === undefined) byFile.set(l.file, (list = []));
    list.push(i);
  });
  const events: TraceEvent[] = new Array<TraceEvent>(locations.length);
  for (const [file, which] of byFile) {
    const rec = records[file];
    if (rec?.pending !== undefined) await rec.pending;
    const path = rec?.path;
    const result = path === undefined ? undefined : await reader.read(path, which.map((i) => locations[i]!)).catch(() => undefined);
    let ok = result !== undefined;
    if (result !== undefined) {
      if (rec !== undefined && result.path !== path) rec.path = result.path;
      for (let k = 0; k < which.length && ok; k++) {
        const buf = result.lines[k]!;
        const text = decodeLine(buf, 0, buf.length);
        const e = text === undefined ? undefined : parseEventLine(text);
        if (e !== undefined && e.trace_id === t.id) events[which[k]!] = e;
        else if (e !== undefined || !buf.includes(`"trace_id":${JSON.stringify(t.id)}`)) ok = false;
      }
    }
    if (!ok) {
      if (rec !== undefined) rec.path = undefined;
      index.evictFile(file);
      return undefined;
    }
  }
  return events.filter((e) => e !== undefined);
}

/** The events among JSON lines (lines that are not events are left out). */
export function parseLines(lines: readonly string[]): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const l of lines) {
    const e = parseEventLine(l);
    if (e !== undefined) out.push(e);
  }
  return out;
}

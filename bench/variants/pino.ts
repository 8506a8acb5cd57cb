/**
 * Variant `pino`: pino 10 writing the same two JSON lines per call (start and end, with trace
 * and span ids, component, operation, and `duration_ms` on the end line) to a file through its
 * default asynchronous destination (sonic-boom), flushed and closed at the end.
 *
 * The ids come from a small pre-generated ring, so pino pays nothing for them: this favours
 * pino, which makes our ratio against it conservative.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { pino } from 'pino';
import { BareWork } from '../bare-work.js';
import type { Prepared, PrepareOptions } from './types.js';

const RING = 1024;

/** Prepares the pino logger and its async file destination. */
export async function prepare(o: PrepareOptions): Promise<Prepared> {
  const dest = pino.destination({ dest: o.outFile, sync: false });
  const logger = pino(dest);
  const traceIds = Array.from({ length: RING }, () => randomBytes(16).toString('hex'));
  const spanIds = Array.from({ length: RING }, () => randomBytes(8).toString('hex'));
  const w = new BareWork();
  return {
    call: async (i) => {
      const k = i & (RING - 1);
      const trace_id = traceIds[k]!;
      const span_id = spanIds[k]!;
      const t0 = performance.now();
      logger.info({ trace_id, span_id, component: 'bench', operation: 'work_start' }, 'Calling work');
      const r = await w.work(i);
      logger.info({ trace_id, span_id, component: 'bench', operation: 'work_end', duration_ms: performance.now() - t0 }, 'work finished');
      return r;
    },
    finish: async () => {
      const closed = once(dest, 'close');
      dest.end();
      await closed;
    },
  };
}

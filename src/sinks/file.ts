/**
 * The file sink: JSON lines appended to `TRACING_FILE`, batched into one write per
 * event-loop turn (or per 64 KiB), created with mode 0640, parent directories made.
 * @module
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TracingConfig } from '../config.js';
import { TracingConfigError, reportFailure } from '../errors.js';
import type { TraceEvent } from '../event.js';
import { cachedJsonLine } from '../format/json.js';
import type { Sink } from './types.js';

/** Options of {@link createFileSink}. */
export interface FileSinkOptions {
  onDrop?: (dropped: number) => void;
}

const BATCH = 64 * 1024;

/** Makes the file sink for `config.file`. */
export function createFileSink(config: TracingConfig, _opts: FileSinkOptions = {}): Sink & { flushSync(): void } {
  const path = config.file!;
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
    fd = openSync(path, 'a', 0o640);
  } catch (err) {
    throw new TracingConfigError('TRACING_FILE', path, 'a writable file path', (err as Error).message);
  }
  let buf = '';
  let scheduled = false;
  let failed = false;
  const drain = (): void => {
    scheduled = false;
    if (buf === '' || failed) return;
    const chunk = buf;
    buf = '';
    try {
      writeSync(fd, chunk);
    } catch (err) {
      failed = true;
      reportFailure('file sink write failed', err);
    }
  };
  return {
    name: 'file',
    write(e: TraceEvent): void {
      buf += cachedJsonLine(e) + '\n';
      if (config.sync || buf.length >= BATCH) drain();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    },
    flushSync: drain,
    async flush(): Promise<void> {
      drain();
    },
    async close(): Promise<void> {
      drain();
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    },
  };
}

/**
 * The stdout sink: the text template (default) or JSON lines, through a bounded batching writer.
 * @module
 */
import type { TracingConfig } from '../config.js';
import { reportFailure } from '../errors.js';
import type { TraceEvent } from '../event.js';
import { shouldColor } from '../format/color.js';
import { formatterFor } from '../format/index.js';
import { cachedJsonLine, jsonLine } from '../format/json.js';
import type { WriteTarget } from './stream-writer.js';
import { StreamWriter } from './stream-writer.js';
import type { Sink } from './types.js';

/** Options of {@link createStdoutSink}. */
export interface StdoutSinkOptions {
  /** Where to write (default `process.stdout`). */
  stream?: WriteTarget & { isTTY?: boolean };
  /** Called with a count when lines had to be dropped. */
  onDrop?: (dropped: number) => void;
  /** Called at the first drop of an overflow episode. */
  onOverflow?: () => void;
}

/** Makes the stdout sink for a configuration. */
export function createStdoutSink(config: TracingConfig, opts: StdoutSinkOptions = {}): Sink & { writer: StreamWriter; flushSync(): void } {
  const stream = opts.stream ?? process.stdout;
  const fmt = config.formatter ?? formatterFor(config.format, shouldColor(stream));
  const line = fmt === jsonLine ? cachedJsonLine : fmt;
  const writer = new StreamWriter(stream, {
    maxBytes: config.queueMaxBytes,
    sync: config.sync,
    onDrop: opts.onDrop,
    onOverflow: opts.onOverflow,
    onError: (err) => reportFailure('stdout sink write failed', err),
  });
  return {
    name: 'stdout',
    writer,
    write(event: TraceEvent): void {
      writer.push(line(event));
    },
    flush: () => writer.flush(),
    flushSync: () => writer.flushSync(),
    close: () => writer.flush(),
  };
}

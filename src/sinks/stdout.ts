/**
 * The stdout sink: the text template (default) or JSON lines, through a bounded batching writer.
 * @module
 */
import type { TracingConfig } from '../config.js';
import { reportFailure } from '../errors.js';
import type { TraceEvent } from '../event.js';
import { shouldColor } from '../format/color.js';
import { formatterFor } from '../format/index.js';
import { formatterFields } from '../format/template.js';
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

let guarded = false;

/**
 * A closed pipe on stdout (`node app | head -1`) makes `process.stdout` emit 'error' (EPIPE),
 * which kills a process that has no listener. Our own writes must not do that to the app: the
 * writer already sees the error in its callback (reported once, later lines dropped and
 * counted), so one listener keeps the event from being fatal. Installed once, for
 * `process.stdout` only.
 */
function guardStdout(stream: unknown): void {
  if (guarded || stream !== process.stdout) return;
  guarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') reportFailure('stdout error', err);
  });
}

/** Makes the stdout sink for a configuration. */
export function createStdoutSink(config: TracingConfig, opts: StdoutSinkOptions = {}): Sink & { writer: StreamWriter; flushSync(): void; readsData: boolean } {
  const stream = opts.stream ?? process.stdout;
  guardStdout(stream);
  const fmt = config.formatter ?? formatterFor(config.format, shouldColor(stream));
  const writer = new StreamWriter(stream, {
    maxBytes: config.queueMaxBytes,
    sync: config.sync,
    onDrop: opts.onDrop,
    onOverflow: opts.onOverflow,
    onError: (err) => reportFailure('stdout sink write failed', err),
  });
  return {
    name: 'stdout',
    // A text template without {data} never reads an event's data: the tracer then skips it.
    readsData: config.formatter !== undefined || formatterFields(fmt)?.has('data') !== false,
    writer,
    write(event: TraceEvent): void {
      writer.push(fmt(event));
    },
    flush: () => writer.flush(),
    flushSync: () => writer.flushSync(),
    close: () => writer.flush(),
  };
}

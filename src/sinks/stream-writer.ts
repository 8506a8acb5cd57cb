/**
 * A bounded, batching line writer over a Writable-like target (stdout, a socket, a pipe).
 *
 * Lines are joined into one chunk per event-loop turn (or every 64 KiB) and handed to the
 * target with one `write` call; when the target is a regular file (`node app > file`), the
 * batch is held as bytes (`line-batch.ts`) and written with `writeSync`, as Node's own stdout
 * writes to a file. Overflow policy, "drop newest, count, report": the bytes
 * accepted but not yet acknowledged by the target are bounded by `maxBytes`
 * (`TRACING_QUEUE_MAX_BYTES`); past it, new lines are dropped and counted. The first drop of
 * an episode calls `onOverflow` at once (one stderr line); when the target has caught up, the
 * count dropped since the last report goes to `onDrop` (which emits a `tracing:events_dropped`
 * event). A target that fails is reported once, then lines to it are dropped and counted.
 * @module
 */
import { fstatSync, writeSync } from 'node:fs';
import { exitState } from '../exit-hooks.js';
import { LineBatch } from './line-batch.js';

/** The part of a Writable this writer uses (a numeric `fd`, when present, enables `flushSync`). */
export interface WriteTarget {
  /** Receives one batch of lines, as UTF-8 bytes. */
  write(chunk: Uint8Array, cb: (err?: Error | null) => void): unknown;
  fd?: unknown;
}

/** Options of {@link StreamWriter}. */
export interface StreamWriterOptions {
  /**
   * Upper bound of buffered + in-flight bytes (approximately: UTF-16 units for a stream target).
   * A regular-file target is written synchronously whenever this is reached, so nothing is dropped.
   */
  maxBytes: number;
  /** Write each line at once instead of batching. */
  sync: boolean;
  /** Called with the number of lines dropped since the last report, once the queue drains. */
  onDrop?: (dropped: number) => void;
  /** Called at the first drop of an overflow episode. */
  onOverflow?: () => void;
  /** Called on each failure of the target. */
  onError?: (err: Error) => void;
}

const BATCH = 64 * 1024;

/** See the module comment. */
export class StreamWriter {
  private buf = '';
  private inflight = 0;
  private scheduled = false;
  private waiters: Array<() => void> = [];
  private unreported = 0;
  private broken = false;
  /** Lines dropped since creation. */
  dropped = 0;
  /** Lines accepted since creation. */
  accepted = 0;

  /** A regular file behind the target (`node app > file`): written with writeSync, as Node's own stdout does. */
  private readonly fileFd: number | undefined;
  /** The batch for that file. */
  private readonly fileBatch: LineBatch | undefined;

  constructor(private readonly target: WriteTarget, private readonly opts: StreamWriterOptions) {
    let fd: number | undefined;
    try {
      if (typeof target.fd === 'number' && fstatSync(target.fd).isFile()) fd = target.fd;
    } catch {
      // not a file
    }
    this.fileFd = fd;
    this.fileBatch = fd === undefined ? undefined : new LineBatch(BATCH);
  }

  /** Queues one line (without newline). Returns false if it was dropped. */
  push(line: string): boolean {
    // A file is written synchronously: a full queue is written now rather than dropped.
    if (this.fileBatch !== undefined && this.pending + line.length > this.opts.maxBytes) this.drain();
    if (this.broken || this.pending + line.length > this.opts.maxBytes) {
      this.dropped++;
      if (this.unreported++ === 0 && !this.broken) this.call(this.opts.onOverflow);
      return false;
    }
    this.accepted++;
    let full: boolean;
    if (this.fileBatch !== undefined) full = this.fileBatch.add(line + '\n');
    else {
      this.buf += line + '\n';
      full = this.buf.length >= BATCH;
    }
    if (full || this.opts.sync || exitState.exiting) this.drain();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.onImmediate);
    }
    return true;
  }

  /** Bytes accepted and not yet acknowledged by the target (UTF-16 units, or an upper bound of UTF-8 bytes for a file). */
  get pending(): number {
    return this.buf.length + this.inflight + (this.fileBatch?.maxBytes ?? 0);
  }

  private readonly onImmediate = (): void => {
    this.scheduled = false;
    this.drain();
  };

  /** Hands what is buffered to the target now. */
  readonly drain = (): void => {
    if (this.fileBatch !== undefined) return this.drainFile(this.fileFd!, this.fileBatch);
    if (this.buf === '') return;
    // Encoded once here: a flat byte buffer, not the rope of joined lines (about four times
    // its size in memory) that a slow target would otherwise hold until it is written.
    const chunk = Buffer.from(this.buf, 'utf8');
    const n = chunk.length;
    this.buf = '';
    this.inflight += n;
    try {
      this.target.write(chunk, (err) => this.done(n, err));
    } catch (err) {
      this.done(n, err as Error);
    }
  };

  private drainFile(fd: number, batch: LineBatch): void {
    if (batch.empty) return;
    try {
      batch.writeTo(fd);
    } catch (err) {
      this.broken = true;
      this.call(this.opts.onError, err as Error);
    }
    this.done(0); // drops since the last report are reported now that the file caught up
  }

  private done(n: number, err?: Error | null): void {
    this.inflight -= n;
    if (err) {
      this.broken = true;
      this.call(this.opts.onError, err);
    }
    if (this.inflight === 0 && this.buf === '') {
      if (this.unreported > 0 && this.opts.onDrop) {
        const d = this.unreported;
        this.unreported = 0;
        this.call(this.opts.onDrop, d);
      }
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    }
  }

  private call<A extends unknown[]>(f: ((...a: A) => void) | undefined, ...a: A): void {
    try {
      f?.(...a);
    } catch {
      // callbacks never break the writer
    }
  }

  /**
   * Writes what is buffered synchronously when the target has a file descriptor and nothing
   * is in flight (so order is kept); otherwise hands it to the target. Used on exit.
   */
  flushSync(): void {
    if (this.fileBatch !== undefined) return this.drain();
    const fd = this.target.fd;
    if (this.buf === '' || this.broken) return;
    if (typeof fd !== 'number' || this.inflight > 0) return this.drain();
    const chunk = this.buf;
    this.buf = '';
    try {
      writeSync(fd, chunk);
    } catch (err) {
      this.broken = true;
      this.call(this.opts.onError, err as Error);
    }
  }

  /** Resolves when every accepted line has been handed to the target and acknowledged. */
  flush(): Promise<void> {
    this.drain();
    if (this.inflight === 0) {
      this.done(0);
      return Promise.resolve();
    }
    return new Promise((res) => this.waiters.push(res));
  }
}

/**
 * A bounded, batching line writer over a Writable-like target (stdout, a socket, a pipe).
 * Lines are joined into one chunk per event-loop turn (or every 64 KiB) and written with one
 * `write` call. Bytes accepted but not yet written are bounded by `maxBytes`: past it, new lines
 * are dropped and counted (overflow policy "drop newest"), and the count is reported once the
 * target drains.
 * @module
 */

/** The part of a Writable this writer uses. */
export interface WriteTarget {
  write(chunk: string, cb: (err?: Error | null) => void): unknown;
}

/** Options of {@link StreamWriter}. */
export interface StreamWriterOptions {
  /** Upper bound of buffered + in-flight bytes (approximately, in UTF-16 units). */
  maxBytes: number;
  /** Write each line at once instead of batching. */
  sync: boolean;
  /** Called with the number of lines dropped since the last report, when the queue drains. */
  onDrop?: (dropped: number) => void;
  /** Called once per failure of the target. */
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
  /** Lines dropped since creation. */
  dropped = 0;
  /** Lines accepted since creation. */
  accepted = 0;

  constructor(private readonly target: WriteTarget, private readonly opts: StreamWriterOptions) {}

  /** Queues one line (without newline). Returns false if it was dropped. */
  push(line: string): boolean {
    if (this.buf.length + this.inflight + line.length > this.opts.maxBytes) {
      this.dropped++;
      this.unreported++;
      return false;
    }
    this.accepted++;
    this.buf += line + '\n';
    if (this.opts.sync || this.buf.length >= BATCH) this.drain();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
    return true;
  }

  /** Writes what is buffered now. */
  readonly drain = (): void => {
    this.scheduled = false;
    if (this.buf === '') return;
    const chunk = this.buf;
    this.buf = '';
    this.inflight += chunk.length;
    try {
      this.target.write(chunk, (err) => this.done(chunk.length, err));
    } catch (err) {
      this.done(chunk.length, err as Error);
    }
  };

  private done(n: number, err?: Error | null): void {
    this.inflight -= n;
    if (err) this.opts.onError?.(err);
    if (this.inflight === 0 && this.buf === '') {
      if (this.unreported > 0 && this.opts.onDrop) {
        const d = this.unreported;
        this.unreported = 0;
        this.opts.onDrop(d);
      }
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    }
  }

  /** Resolves when every accepted line has been handed to the target and acknowledged. */
  flush(): Promise<void> {
    this.drain();
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((res) => this.waiters.push(res));
  }
}

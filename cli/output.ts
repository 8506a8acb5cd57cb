/**
 * Buffered, backpressure-aware output: lines are encoded straight into one byte buffer per
 * batch (cheaper than joining strings and letting the stream encode them) and written with
 * one `write` call; the writer then waits for `drain` if the pipe is full. A closed pipe
 * (`muxi trace | head`) ends the output quietly.
 * @module
 */

const CAPACITY = 1024 * 1024;

/** Writes batches of lines to a stream. */
export class Output {
  private buf = Buffer.allocUnsafe(CAPACITY);
  private len = 0;
  private ended = false;
  private waiting: (() => void) | undefined;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') this.close();
    });
    stream.on('close', () => this.close());
  }

  /** True once the reader is gone (EPIPE); further output is dropped. */
  get closed(): boolean {
    return this.ended;
  }

  /** Queues one line (a newline is added). */
  line(s: string): void {
    const need = s.length * 3 + 1;
    if (this.len + need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + need));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    this.len += this.buf.write(s, this.len);
    this.buf[this.len++] = 10;
  }

  /** Writes what is queued; resolves when the stream can take more. */
  async flush(): Promise<void> {
    if (this.len === 0 || this.ended) {
      this.len = 0;
      return;
    }
    // The stream may keep the chunk queued: hand it over and start a fresh buffer.
    const chunk = this.buf.subarray(0, this.len);
    this.buf = Buffer.allocUnsafe(Math.max(CAPACITY, this.buf.length));
    this.len = 0;
    if (this.stream.write(chunk)) return;
    await new Promise<void>((resolve) => {
      this.waiting = resolve;
      this.stream.once('drain', () => this.wake());
    });
  }

  private close(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }
}

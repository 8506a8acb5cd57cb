/**
 * Buffered, backpressure-aware output: lines are collected per batch and written with one
 * `write` call, then the writer waits for `drain` if the pipe is full. A closed pipe
 * (`muxi trace | head`) ends the output quietly.
 * @module
 */

/** Writes batches of lines to a stream. */
export class Output {
  private parts: string[] = [];
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
    this.parts.push(s, '\n');
  }

  /** Writes what is queued; resolves when the stream can take more. */
  async flush(): Promise<void> {
    if (this.parts.length === 0 || this.ended) {
      this.parts = [];
      return;
    }
    const text = this.parts.join('');
    this.parts = [];
    if (this.stream.write(text)) return;
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

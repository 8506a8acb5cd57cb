/**
 * Splits a byte stream into lines without decoding it: the reader decides per line whether
 * the bytes are worth decoding (see {@link LineScanner}). A partial last line is held until
 * its newline arrives; a line longer than the limit is dropped, never buffered whole.
 * @module
 */

/**
 * Called with each complete line as a view `buf[start, end)` (no newline, no trailing `\r`), and
 * the byte offset of the line's first byte in the input (counted from the last `end()`/`reset()`,
 * so per file when one scanner reads several files in turn).
 */
export type LineCallback = (buf: Buffer, start: number, end: number, offset: number) => void;

/** Options of {@link LineScanner}. */
export interface LineScannerOptions {
  /** Longest line kept, in bytes; longer lines are reported to `onOversized` (default 8 MiB). */
  maxLineBytes?: number;
  /** Called once per dropped oversized line (default: ignored). */
  onOversized?: () => void;
}

/** Default {@link LineScannerOptions.maxLineBytes}: far above any event the tracer writes. */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

/**
 * Feeds chunks, calls back with complete lines.
 * @example
 * ```ts
 * const s = new LineScanner((buf, a, b) => console.log(buf.toString('utf8', a, b)));
 * s.push(Buffer.from('one\ntw')); s.push(Buffer.from('o\n')); // "one", "two"
 * ```
 */
export class LineScanner {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private discarding = false;
  /** Input offset of the current chunk's first byte. */
  private base = 0;
  /** Input offset of the held partial line. */
  private partialOffset = 0;
  private readonly max: number;
  private readonly onOversized: () => void;

  constructor(private readonly onLine: LineCallback, opts: LineScannerOptions = {}) {
    this.max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.onOversized = opts.onOversized ?? (() => undefined);
  }

  /** Bytes of the held partial line. */
  get pendingBytes(): number {
    return this.partialBytes;
  }

  /** Input offset just after the last byte pushed (the start of the next line once the partial one is delivered). */
  get offset(): number {
    return this.base;
  }

  /** Processes one chunk; complete lines are delivered before it returns. */
  push(chunk: Buffer): void {
    try {
      this.scan(chunk);
    } finally {
      this.base += chunk.length;
    }
  }

  private scan(chunk: Buffer): void {
    let pos = 0;
    const n = chunk.length;
    if (this.partialBytes > 0 || this.discarding) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.hold(chunk, 0, n);
        return;
      }
      if (this.discarding) {
        this.discarding = false;
      } else {
        this.hold(chunk, 0, nl);
        if (this.discarding) this.discarding = false;
        else this.emitPartial();
      }
      pos = nl + 1;
    }
    const cb = this.onLine;
    while (pos < n) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) break;
      let end = nl;
      if (end > pos && chunk[end - 1] === 13) end--;
      if (end - pos > this.max) this.onOversized();
      else cb(chunk, pos, end, this.base + pos);
      pos = nl + 1;
    }
    if (pos < n) this.hold(chunk, pos, n);
  }

  /** Delivers the held partial line, if any, as a complete line (end of a finite input). */
  end(): void {
    if (this.discarding) this.discarding = false;
    else if (this.partialBytes > 0) this.emitPartial();
    this.base = 0;
  }

  /** Forgets the held partial line (the input was truncated or replaced); offsets start again at 0. */
  reset(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.discarding = false;
    this.base = 0;
  }

  private hold(chunk: Buffer, start: number, end: number): void {
    if (this.discarding) return;
    const len = end - start;
    if (this.partialBytes + len > this.max) {
      this.onOversized();
      this.partial = [];
      this.partialBytes = 0;
      this.discarding = true;
      return;
    }
    if (this.partialBytes === 0) this.partialOffset = this.base + start;
    // Copy: the caller may reuse its read buffer.
    this.partial.push(Buffer.from(chunk.subarray(start, end)));
    this.partialBytes += len;
  }

  private emitPartial(): void {
    const buf = this.partial.length === 1 ? this.partial[0]! : Buffer.concat(this.partial, this.partialBytes);
    this.partial = [];
    this.partialBytes = 0;
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 13) end--;
    this.onLine(buf, 0, end, this.partialOffset);
  }
}

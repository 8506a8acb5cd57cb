/**
 * A batch of lines on its way to a file descriptor, held as UTF-8 bytes. Lines are joined into a
 * string of about 2 Ki characters that is encoded into one preallocated buffer with one call:
 * encoding line by line cost a runtime call and a flattened copy per line, and a longer string
 * would be copied by every young garbage collection that finds it alive.
 * @module
 */

import { writeSync } from 'node:fs';

/** Characters of lines joined before they are encoded. */
const CHUNK = 2 * 1024;

/** Buffer's UTF-8 writer without `write()`'s argument checks (the space is ensured by the caller). */
type Utf8Buffer = Buffer & { utf8Write(s: string, at: number): number };

/** See the module comment. */
export class LineBatch {
  private readonly out: Buffer;
  private pos = 0;
  private text = '';
  private chars = 0;
  private lines = 0;

  /** A batch that asks to be written once it holds `limit` bytes. */
  constructor(private readonly limit: number) {
    this.out = Buffer.allocUnsafe(limit + 3 * CHUNK + 16 * 1024);
  }

  /** Appends a line (with its newline). True when the batch should be written now (it is full). */
  add(line: string): boolean {
    this.text = this.text + line;
    this.chars += line.length;
    this.lines++;
    if (this.chars >= CHUNK) {
      if (this.pos + 3 * this.chars > this.out.length) return true; // a very long line: write now
      this.encode(this.out);
    }
    return this.pos >= this.limit;
  }

  /** Whether the batch holds no line. */
  get empty(): boolean {
    return this.lines === 0;
  }

  /** An upper bound of the batch's size in bytes (3 per character not encoded yet). */
  get maxBytes(): number {
    return this.pos + 3 * this.chars;
  }

  /**
   * Empties the batch: its bytes are `buf[0, len)` (the batch's own buffer, to be written before
   * the next `add`, or a buffer of its own for a batch with a very long line).
   */
  take(): { buf: Buffer; len: number; lines: number } {
    let buf = this.out;
    if (this.chars > 0) {
      if (this.pos + 3 * this.chars > buf.length) {
        buf = Buffer.allocUnsafe(this.pos + 3 * this.chars);
        this.out.copy(buf, 0, 0, this.pos);
      }
      this.encode(buf);
    }
    const taken = { buf, len: this.pos, lines: this.lines };
    this.pos = 0;
    this.lines = 0;
    return taken;
  }

  /** Empties the batch into `fd` (all of it, over partial writes); throws what `writeSync` throws. */
  writeTo(fd: number): void {
    const { buf, len } = this.take();
    writeAll(fd, buf, len);
  }

  /** Encodes the joined lines after the bytes already in `buf` (which has room for them). */
  private encode(buf: Buffer): void {
    this.pos += (buf as Utf8Buffer).utf8Write(this.text, this.pos);
    this.text = '';
    this.chars = 0;
  }
}

/** Writes `buf[0, len)` to `fd`, continuing after partial writes. */
export function writeAll(fd: number, buf: Buffer, len: number): void {
  let off = 0;
  while (off < len) off += writeSync(fd, buf, off, len - off);
}

/**
 * Standard input (or any stream) has no offsets to come back to, so a source that indexes it
 * copies it into a private folder (`mkdtemp`, mode 0700, removed on close and at exit), as a
 * live file with rotated segments named like the file sink's, and hands each chunk to the index
 * as it is written (the index keeps offsets into the segments, as into any trace file). Segments
 * are cut at line ends; past `maxBytes` the oldest segment is deleted and the traces with events
 * in it are evicted.
 * @module
 */
import { closeSync, mkdtempSync, openSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rotatedName } from '../sinks/rotated-names.js';

/** Options of a stream spool. */
export interface SpoolOptions {
  /** Folder in which the private spool folder is made (default the OS temp folder). */
  dir?: string;
  /** Most bytes kept; the oldest segments are deleted past it (default 1 GiB). */
  maxBytes?: number;
  /** Size at which a segment is closed, at the next line end (default 64 MiB). */
  segmentBytes?: number;
}

/** What the spool tells its reader. */
export interface SpoolHooks {
  /** Bytes written to the live spool file, in order (a chunk never spans two segments). */
  onChunk(chunk: Buffer): void;
  /** The live spool file (complete, ending with a newline) was renamed to `path`; a new one starts empty. */
  onRotate(path: string): void;
  /** The stream ended (or failed); everything is written and handed over. */
  onEnd(error?: Error): void;
  /** A segment was deleted to stay within `maxBytes`. */
  onDrop(path: string): void;
}

const EPOCH = Date.UTC(2000, 0, 1);

/** Copies a stream into a private spool folder; see the module notes. */
export class StreamSpool {
  /** The live spool file (its rotated segments are its siblings). */
  readonly path: string;
  private readonly dir: string;
  private fd: number;
  private size = 0;
  private segments: Array<{ path: string; size: number }> = [];
  private n = 0;
  private lastByte = 10;
  private closed = false;
  private readonly maxBytes: number;
  private readonly segmentBytes: number;
  private readonly cleanup = (): void => this.remove();

  constructor(private readonly stream: NodeJS.ReadableStream, private readonly hooks: SpoolHooks, opts: SpoolOptions = {}) {
    this.maxBytes = opts.maxBytes ?? 1024 * 1024 * 1024;
    this.segmentBytes = Math.max(1024, Math.min(opts.segmentBytes ?? 64 * 1024 * 1024, this.maxBytes));
    this.dir = mkdtempSync(join(opts.dir ?? tmpdir(), 'muxi-spool-'));
    this.path = join(this.dir, 'stdin.jsonl');
    this.fd = openSync(this.path, 'a', 0o600);
    process.once('exit', this.cleanup);
  }

  /** Starts copying; resolves when the stream ends. */
  async run(): Promise<void> {
    let error: Error | undefined;
    try {
      let since = 0;
      for await (const chunk of this.stream as AsyncIterable<Buffer | string>) {
        if (this.closed) return;
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        this.write(buf);
        // A stream with much buffered data resolves its iterator without yielding: let I/O through.
        if ((since += buf.length) >= 1024 * 1024) {
          since = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      if (this.closed) return;
      if (this.lastByte !== 10) this.write(Buffer.from('\n'));
    } catch (err) {
      error = err as Error;
    }
    if (!this.closed) this.hooks.onEnd(error);
  }

  /** Stops copying and deletes the spool folder; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    process.removeListener('exit', this.cleanup);
    this.remove();
  }

  private write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    let from = 0;
    while (from < chunk.length) {
      const room = this.segmentBytes - this.size;
      if (chunk.length - from < room) break;
      // Cut at the last line end that fits, or after the line that does not fit.
      let nl = chunk.lastIndexOf(10, from + room - 1);
      if (nl < from) nl = chunk.indexOf(10, from + Math.max(0, room - 1));
      if (nl < 0) break;
      this.append(chunk.subarray(from, nl + 1));
      from = nl + 1;
      this.rotate();
    }
    if (from < chunk.length) this.append(chunk.subarray(from));
    this.lastByte = chunk[chunk.length - 1]!;
  }

  private append(part: Buffer): void {
    writeAll(this.fd, part, 0, part.length);
    this.size += part.length;
    this.hooks.onChunk(part);
  }

  private rotate(): void {
    closeSync(this.fd);
    const to = rotatedName(this.path, new Date(EPOCH + this.n++ * 1000));
    renameSync(this.path, to);
    this.hooks.onRotate(to);
    this.segments.push({ path: to, size: this.size });
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = 0;
    let total = this.segments.reduce((n, s) => n + s.size, 0);
    while (total > this.maxBytes - this.segmentBytes && this.segments.length > 0) {
      const old = this.segments.shift()!;
      total -= old.size;
      try {
        unlinkSync(old.path);
      } catch {
        // already gone
      }
      this.hooks.onDrop(old.path);
    }
  }

  private remove(): void {
    try {
      closeSync(this.fd);
    } catch {
      // closed already
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function writeAll(fd: number, buf: Buffer, from: number, to: number): void {
  while (from < to) from += writeSync(fd, buf, from, to - from);
}

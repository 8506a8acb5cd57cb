/**
 * Following a file like `tail -F`, by polling (`fstat`/`stat`/`read` on an interval), never
 * depending on `fs.watch`. Survives rename rotation and delete/recreate (the old descriptor is
 * drained before the new file is opened) and copy-truncate (detected by size or by the bytes
 * before the read position changing; lines written before the copy are recovered from the
 * newest rotated sibling). A partial last line is held until its newline arrives.
 * @module
 */
import { open, readFile, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { discoverFiles, inputError } from './files.js';

const TAIL = 64;

/**
 * What a {@link FileFollower} feeds: `push` each chunk read, `end` when a file is complete (its
 * partial last line is a line), `reset` when what was read is gone. A `LineProcessor` is one.
 */
export interface ChunkSink {
  push(chunk: Buffer): void;
  end(): void;
  reset(): void;
  /**
   * Called after `end`/`reset` when the followed path changed under the follower: `rotated` (renamed
   * or deleted, then a new file), `copied` (truncated after a copy, `copy`, whose rest was delivered),
   * `truncated` (truncated, what was read is lost). `old` is the file that was being read. Optional.
   */
  switched?(why: 'rotated' | 'copied' | 'truncated', old: { ino: number; dev: number; copy?: string }): void;
}

/**
 * Follows one path, feeding a {@link ChunkSink} (such as a `LineProcessor`). Call {@link FileFollower.open}, then
 * {@link FileFollower.poll} on an interval; each poll delivers what was appended since.
 */
export class FileFollower {
  private fh: FileHandle | undefined;
  private ino = -1;
  private dev = -1;
  private pos = 0;
  private tail: Buffer = Buffer.alloc(0);
  private readonly buf: Buffer;

  constructor(readonly path: string, private readonly proc: ChunkSink, chunkBytes = 1024 * 1024) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
  }

  /** Bytes read from the current file so far. */
  get position(): number {
    return this.pos;
  }

  /**
   * Opens the file and reads what is there, calling `afterChunk` after each chunk read.
   * Throws InputError if it cannot be read, unless `mustExist` is false: then a missing file is
   * waited for by {@link FileFollower.poll}.
   */
  async open(afterChunk?: () => void | Promise<void>, mustExist = true): Promise<void> {
    if (await this.openCurrent(mustExist)) await this.drain(afterChunk);
  }

  /** Reads anything new: appended bytes, a truncated file again, or the file that replaced it. */
  async poll(): Promise<void> {
    if (this.fh !== undefined) {
      if (await this.truncated()) {
        const copy = await this.recoverFromCopy();
        this.proc.switched?.(copy !== undefined ? 'copied' : 'truncated', { ino: this.ino, dev: this.dev, copy });
        this.pos = 0;
        this.tail = Buffer.alloc(0);
      }
      await this.drain();
    }
    let st;
    try {
      st = await stat(this.path);
    } catch {
      return; // deleted or renamed away: keep the old descriptor until a new file appears
    }
    if (this.fh === undefined || st.ino !== this.ino || st.dev !== this.dev) {
      if (this.fh !== undefined) {
        await this.drain();
        this.proc.end();
        this.proc.switched?.('rotated', { ino: this.ino, dev: this.dev });
        await this.fh.close().catch(() => undefined);
        this.fh = undefined;
      }
      if (await this.openCurrent(false)) await this.drain();
    }
  }

  /** Closes the file. */
  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    await fh?.close().catch(() => undefined);
  }

  private async openCurrent(strict: boolean): Promise<boolean> {
    let fh: FileHandle;
    try {
      fh = await open(this.path, 'r');
    } catch (err) {
      if (strict) throw inputError(this.path, err);
      return false;
    }
    const st = await fh.stat();
    if (st.isDirectory()) {
      await fh.close();
      if (strict) throw inputError(this.path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
      return false;
    }
    this.fh = fh;
    this.ino = st.ino;
    this.dev = st.dev;
    this.pos = 0;
    this.tail = Buffer.alloc(0);
    return true;
  }

  private async drain(afterChunk?: () => void | Promise<void>): Promise<void> {
    const fh = this.fh;
    if (fh === undefined) return;
    for (;;) {
      const { bytesRead } = await fh.read(this.buf, 0, this.buf.length, this.pos);
      if (bytesRead <= 0) return;
      const chunk = this.buf.subarray(0, bytesRead);
      this.pos += bytesRead;
      this.remember(chunk);
      this.proc.push(chunk);
      await afterChunk?.();
    }
  }

  private remember(chunk: Buffer): void {
    if (chunk.length >= TAIL) this.tail = Buffer.from(chunk.subarray(chunk.length - TAIL));
    else this.tail = Buffer.concat([this.tail, chunk]).subarray(-TAIL);
  }

  /** Whether the open file is now shorter than what was read, or no longer starts with it. */
  private async truncated(): Promise<boolean> {
    const fh = this.fh!;
    const st = await fh.stat();
    if (st.size < this.pos) return true;
    if (this.tail.length === 0) return false;
    const probe = Buffer.alloc(this.tail.length);
    const { bytesRead } = await fh.read(probe, 0, probe.length, this.pos - this.tail.length);
    return bytesRead !== probe.length || !probe.equals(this.tail);
  }

  /**
   * After copy-truncate, the newest rotated sibling holds what was written before the copy:
   * if its bytes before our position match what we read, process the rest of it.
   */
  private async recoverFromCopy(): Promise<string | undefined> {
    let copy: Buffer | undefined;
    let newest: string | undefined;
    try {
      const { rotated } = await discoverFiles(this.path);
      newest = rotated[rotated.length - 1];
      if (newest !== undefined) {
        const raw = await readFile(newest);
        copy = newest.endsWith('.gz') ? gunzipSync(raw) : raw;
      }
    } catch {
      copy = undefined;
    }
    const at = this.pos;
    if (copy !== undefined && copy.length >= at &&
        copy.subarray(at - this.tail.length, at).equals(this.tail)) {
      if (copy.length > at) this.proc.push(copy.subarray(at));
      this.proc.end();
      return newest;
    }
    this.proc.reset();
    return undefined;
  }
}

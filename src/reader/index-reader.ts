/**
 * Reads trace input into a {@link TraceIndex}, remembering where each event is: the rotated
 * siblings (oldest first, `.gz` decompressed, offsets counted in the decompressed bytes), then
 * the live file, followed by polling (rename rotation: the old descriptor is read to its end and
 * its events keep pointing at the renamed file, later at its `.gz`). Standard input is copied
 * to private spool files as it is read, so its events can be read again on demand; the spool
 * is bounded (the oldest spool file and its traces go first).
 * @module
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { discoverFiles, inputError } from './files.js';
import { lineFields } from './line-fields.js';
import type { TraceIndex } from './trace-index.js';

/** One file events are read from: its current path (a rotated file is renamed, then gzipped). */
export interface FileRef {
  path: string;
  gz: boolean;
  ino: number;
  /** A spool file that was dropped: its events can no longer be read. */
  gone?: boolean;
}

/** Called with each line indexed (its bytes) while following, for live updates. */
export type OnLine = (line: Buffer) => void;

const CHUNK = 1024 * 1024;
const MAX_LINE = 8 * 1024 * 1024;

/** Splits chunks into lines with their absolute offsets; a partial last line waits for the next chunk. */
class Lines {
  private carry: Buffer | undefined;
  private carryAt = 0;

  constructor(private readonly each: (line: Buffer, offset: number) => void) {}

  /** Feeds `chunk`, whose first byte is at `offset` of the file. */
  push(chunk: Buffer, offset: number): void {
    let from = 0;
    if (this.carry !== undefined) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.carry = this.carry.length + chunk.length > MAX_LINE ? undefined : Buffer.concat([this.carry, chunk]);
        return;
      }
      const line = Buffer.concat([this.carry, chunk.subarray(0, nl)]);
      this.each(line, this.carryAt);
      this.carry = undefined;
      from = nl + 1;
    }
    for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
      if (nl > from) this.each(chunk.subarray(from, nl), offset + from);
      from = nl + 1;
    }
    if (from < chunk.length) {
      this.carry = Buffer.from(chunk.subarray(from));
      this.carryAt = offset + from;
    }
  }

  /** Ends the file: a last line without a newline is taken as it is. */
  end(): void {
    if (this.carry !== undefined && this.carry.length > 0) this.each(this.carry, this.carryAt);
    this.carry = undefined;
  }
}

/** See the module comment. */
export class IndexReader {
  readonly files: FileRef[] = [];
  /** Still reading what was there at the start. */
  indexing = true;
  private closed = false;
  private live: { fh: FileHandle; ref: FileRef; id: number; pos: number; lines: Lines } | undefined;
  private spool: { dir: string; fd: number; id: number; size: number; total: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private followOn = false;

  constructor(private readonly index: TraceIndex, private readonly onLine: OnLine, private readonly spoolMaxBytes = 1024 ** 3) {}

  private add(fileId: number): (line: Buffer, offset: number) => void {
    return (line, offset) => {
      const f = lineFields(line);
      if (f === undefined) return;
      this.index.add(f, fileId, offset, line.length);
      if (this.followOn) this.onLine(line);
    };
  }

  /** Reads `path` and its rotated siblings, then (with `follow`) follows the live file every `pollMs`. */
  async openFile(path: string, follow: boolean, pollMs: number): Promise<void> {
    const set = await discoverFiles(path, { allowMissing: follow && !path.endsWith('.gz') });
    for (const p of set.rotated) {
      if (this.closed) return;
      await this.readWhole(p);
    }
    if (set.live !== undefined) {
      if (set.live.endsWith('.gz') || !follow) await this.readWhole(set.live);
      else await this.openLive(set.live);
    }
    this.indexing = false;
    this.followOn = true;
    if (follow && !path.endsWith('.gz')) this.schedule(path, pollMs);
  }

  /** Reads a whole file (gzip or not) into the index. */
  private async readWhole(path: string): Promise<void> {
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      throw inputError(path, err);
    }
    const gz = path.endsWith('.gz');
    const id = this.files.push({ path, gz, ino: st.ino }) - 1;
    const lines = new Lines(this.add(id));
    if (gz) {
      let at = 0;
      const gunzip = createGunzip({ chunkSize: 256 * 1024 });
      createReadStream(path).on('error', (e) => gunzip.destroy(e)).pipe(gunzip);
      try {
        for await (const chunk of gunzip) {
          lines.push(chunk as Buffer, at);
          at += (chunk as Buffer).length;
          if (this.closed) break;
        }
      } catch {
        // a truncated .gz: what could be read is indexed
      }
    } else {
      const fh = await open(path, 'r').catch((err: unknown) => { throw inputError(path, err); });
      try {
        await this.drain(fh, lines, 0);
      } finally {
        await fh.close().catch(() => undefined);
      }
    }
    lines.end();
  }

  /** Reads from `pos` to the end; resolves with the new position. Yields to the event loop between chunks. */
  private async drain(fh: FileHandle, lines: Lines, pos: number): Promise<number> {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead <= 0 || this.closed) return pos;
      lines.push(buf.subarray(0, bytesRead), pos);
      pos += bytesRead;
    }
  }

  private async openLive(path: string): Promise<void> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch {
      return; // not there yet: waited for by the poll
    }
    const st = await fh.stat();
    const ref: FileRef = { path, gz: false, ino: st.ino };
    const id = this.files.push(ref) - 1;
    const lines = new Lines(this.add(id));
    this.live = { fh, ref, id, pos: 0, lines };
    this.live.pos = await this.drain(fh, lines, 0);
  }

  private schedule(path: string, pollMs: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => void this.poll(path).finally(() => this.schedule(path, pollMs)), pollMs);
    this.timer.unref();
  }

  /** One poll: appended bytes, or the live file renamed away and a new one in its place. */
  private async poll(path: string): Promise<void> {
    const live = this.live;
    if (live !== undefined) live.pos = await this.drain(live.fh, live.lines, live.pos);
    let st;
    try {
      st = await stat(path);
    } catch {
      return; // renamed away: keep reading the old descriptor until a new file appears
    }
    if (live !== undefined && st.ino === live.ref.ino) return;
    if (live !== undefined) {
      live.lines.end();
      await live.fh.close().catch(() => undefined);
      live.ref.path = await renamedTo(path, live.ref.ino) ?? live.ref.path;
      this.live = undefined;
    }
    await this.openLive(path);
  }

  /** Reads standard input (any stream) into spool files and the index, following it to its end. */
  async openStream(stream: NodeJS.ReadableStream): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'muxi-spool-'));
    this.spool = { dir, fd: -1, id: -1, size: 0, total: 0 };
    this.nextSpool();
    this.indexing = false;
    this.followOn = true;
    let lines = new Lines(this.add(this.spool.id));
    for await (const c of stream as AsyncIterable<Buffer | string>) {
      if (this.closed) break;
      const chunk = typeof c === 'string' ? Buffer.from(c) : c;
      const sp = this.spool;
      writeAllSync(sp.fd, chunk);
      lines.push(chunk, sp.size);
      sp.size += chunk.length;
      sp.total += chunk.length;
      if (sp.size >= this.spoolMaxBytes / 4 && chunk[chunk.length - 1] === 10) {
        lines.end();
        this.nextSpool();
        lines = new Lines(this.add(this.spool.id));
      }
    }
    lines.end();
  }

  /** Starts a new spool file; past the budget, the oldest spool file is removed (its events become unreadable). */
  private nextSpool(): void {
    const sp = this.spool!;
    if (sp.fd >= 0) closeSync(sp.fd);
    const path = join(sp.dir, `stdin-${this.files.length}.jsonl`);
    sp.fd = openSync(path, 'w', 0o600);
    sp.id = this.files.push({ path, gz: false, ino: 0 }) - 1;
    sp.size = 0;
    const kept = this.files.filter((f) => !f.gone);
    if (kept.length > 4) {
      const old = kept[0]!;
      old.gone = true;
      rmSync(old.path, { force: true });
    }
  }

  /** The bytes of each location, in order (missing files and ranges are skipped). */
  async read(locations: ReadonlyArray<{ file: number; offset: number; length: number }>): Promise<Buffer[]> {
    const out: Buffer[] = [];
    const byFile = new Map<number, Array<{ offset: number; length: number; at: number }>>();
    locations.forEach((l, at) => {
      let list = byFile.get(l.file);
      if (list === undefined) byFile.set(l.file, (list = []));
      list.push({ offset: l.offset, length: l.length, at });
    });
    const found: Array<Buffer | undefined> = new Array(locations.length);
    for (const [file, list] of byFile) {
      const ref = this.files[file];
      if (ref === undefined || ref.gone) continue;
      const bytes = await readRanges(ref, list);
      for (let i = 0; i < list.length; i++) found[list[i]!.at] = bytes[i];
    }
    for (const b of found) if (b !== undefined) out.push(b);
    return out;
  }

  /** Stops following; removes the spool. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    void this.live?.fh.close().catch(() => undefined);
    this.live = undefined;
    if (this.spool !== undefined) {
      if (this.spool.fd >= 0) closeSync(this.spool.fd);
      rmSync(this.spool.dir, { recursive: true, force: true });
      this.spool = undefined;
    }
  }
}

function writeAllSync(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

/** Where the file with inode `ino` went (a rotated sibling of `path`), if it can be found. */
async function renamedTo(path: string, ino: number): Promise<string | undefined> {
  try {
    const { rotated } = await discoverFiles(path, { allowMissing: true });
    for (let i = rotated.length - 1; i >= 0; i--) {
      const p = rotated[i]!;
      if (p.endsWith('.gz')) continue;
      if ((await stat(p)).ino === ino) return p;
    }
  } catch {
    // not found
  }
  return undefined;
}

/** Decompressed `.gz` files read last (one kept: trace fetches come in bursts on one file). */
let gzCache: { path: string; data: Buffer } | undefined;

/** Reads byte ranges of one file (a rotated file that was gzipped since is read from its `.gz`). */
async function readRanges(ref: FileRef, list: Array<{ offset: number; length: number }>): Promise<Array<Buffer | undefined>> {
  if (!ref.gz) {
    let fd: number;
    try {
      fd = openSync(ref.path, 'r');
    } catch {
      // Gzipped since it was indexed: the same bytes, decompressed.
      ref.path = ref.path + '.gz';
      ref.gz = true;
      return readRanges(ref, list);
    }
    try {
      return list.map(({ offset, length }) => {
        const b = Buffer.allocUnsafe(length);
        const n = readSync(fd, b, 0, length, offset);
        return n === length ? b : undefined;
      });
    } finally {
      closeSync(fd);
    }
  }
  if (gzCache?.path !== ref.path) {
    const parts: Buffer[] = [];
    try {
      const gunzip = createGunzip();
      createReadStream(ref.path).on('error', (e) => gunzip.destroy(e)).pipe(gunzip);
      for await (const c of gunzip) parts.push(c as Buffer);
    } catch {
      // truncated: what could be read
    }
    gzCache = { path: ref.path, data: Buffer.concat(parts) };
  }
  const data = gzCache.data;
  return list.map(({ offset, length }) => (offset + length <= data.length ? data.subarray(offset, offset + length) : undefined));
}

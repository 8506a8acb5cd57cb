/**
 * Reading indexed lines back by byte range. A plain file is read at the offsets (nearby ranges
 * in one read) with synchronous reads: a trace's few kilobytes come from the page cache in
 * microseconds, and a fetch never waits behind the indexer's turns of the event loop. A `.gz` file cannot be read at an offset: its offsets are positions in the
 * decompressed stream, which is decompressed from the start up to the last range needed (a
 * rotated file is at most `TRACING_FILE_MAX_SIZE` decompressed); the decompressed prefix is kept
 * for the next fetch from the same file when it is at most 64 MiB.
 * @module
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** A byte range of one line. */
export interface ByteRange {
  offset: number;
  length: number;
}

/** Ranges read back: the bytes of each range, in the order given, and the path that was read. */
export interface RangeResult {
  lines: Buffer[];
  /** The path read: the one asked for, or its `.gz` twin when it had been compressed since. */
  path: string;
}

const GAP = 64 * 1024;
const GROUP_MAX = 4 * 1024 * 1024;
const CACHE_MAX = 64 * 1024 * 1024;

/** Reads ranges of trace files; keeps one decompressed `.gz` prefix. */
export class RangeReader {
  private cache: { path: string; data: Buffer } | undefined;

  /**
   * Reads `ranges` of `path` (or of `path.gz` once the file was compressed); undefined when
   * neither exists any more.
   */
  async read(path: string, ranges: readonly ByteRange[]): Promise<RangeResult | undefined> {
    for (const p of path.endsWith('.gz') ? [path] : [path, path + '.gz']) {
      let fd: number;
      try {
        fd = openSync(p, 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      try {
        const head = Buffer.alloc(2);
        readSync(fd, head, 0, 2, 0);
        if (head[0] !== 0x1f || head[1] !== 0x8b) return { lines: readPlain(fd, ranges), path: p };
      } finally {
        closeSync(fd);
      }
      return { lines: await this.readGzip(p, ranges), path: p };
    }
    return undefined;
  }

  /** Forgets the decompressed prefix it keeps. */
  clear(): void {
    this.cache = undefined;
  }

  private async readGzip(path: string, ranges: readonly ByteRange[]): Promise<Buffer[]> {
    let need = 0;
    for (const r of ranges) need = Math.max(need, r.offset + r.length);
    let data = this.cache?.path === path && this.cache.data.length >= need ? this.cache.data : undefined;
    if (data === undefined) {
      data = await gunzipPrefix(path, need);
      this.cache = data.length <= CACHE_MAX ? { path, data } : undefined;
    }
    const out = data;
    return ranges.map((r) => out.subarray(Math.min(r.offset, out.length), Math.min(r.offset + r.length, out.length)));
  }
}

function readPlain(fd: number, ranges: readonly ByteRange[]): Buffer[] {
  const order = ranges.map((_, i) => i).sort((a, b) => ranges[a]!.offset - ranges[b]!.offset);
  const out: Buffer[] = new Array<Buffer>(ranges.length);
  let i = 0;
  while (i < order.length) {
    const first = ranges[order[i]!]!;
    let end = first.offset + first.length;
    let j = i + 1;
    while (j < order.length) {
      const r = ranges[order[j]!]!;
      if (r.offset - end > GAP || r.offset + r.length - first.offset > GROUP_MAX) break;
      end = Math.max(end, r.offset + r.length);
      j++;
    }
    const buf = Buffer.allocUnsafe(end - first.offset);
    let bytesRead = 0;
    while (bytesRead < buf.length) {
      const n = readSync(fd, buf, bytesRead, buf.length - bytesRead, first.offset + bytesRead);
      if (n <= 0) break;
      bytesRead += n;
    }
    for (let k = i; k < j; k++) {
      const r = ranges[order[k]!]!;
      const a = Math.min(r.offset - first.offset, bytesRead);
      out[order[k]!] = buf.subarray(a, Math.min(a + r.length, bytesRead));
    }
    i = j;
  }
  return out;
}

/** The first `need` decompressed bytes of a gzip file (fewer if it is shorter or corrupt). */
async function gunzipPrefix(path: string, need: number): Promise<Buffer> {
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  raw.on('error', (err) => gunzip.destroy(err));
  raw.pipe(gunzip);
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for await (const chunk of gunzip) {
      parts.push(chunk as Buffer);
      n += (chunk as Buffer).length;
      if (n >= need) break;
    }
  } catch {
    // a truncated or corrupt file: what was decompressed is returned
  } finally {
    raw.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(parts, n);
}

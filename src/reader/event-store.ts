/**
 * Where each indexed event lives, in columns rather than objects: its byte offset and length in
 * its file, the next event of the same trace (a linked list per trace), and a hash of its span
 * id; about 20 bytes per event. Events are numbered in input order and stored in chunks of
 * 65,536, so the chunks of evicted (oldest) traces are freed whole. An event's file is found
 * from its number: each file's events are one contiguous range.
 * @module
 */

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

interface Chunk {
  offset: Float64Array;
  length: Uint32Array;
  next: Int32Array;
  span: Uint32Array;
  /** Events in this chunk that belong to traces still held. */
  live: number;
}

/** The location of one event. */
export interface EventLocation {
  /** The file's number (see {@link EventStore.fileOf}). */
  file: number;
  offset: number;
  length: number;
}

/** Bytes one stored event costs (the four columns). */
export const EVENT_BYTES = 20;

/** Columnar storage of event locations; see the module notes. */
export class EventStore {
  private readonly chunks: Array<Chunk | undefined> = [];
  private count = 0;
  /** First event number of each file, ascending (file numbers are positions in this list). */
  private readonly fileStarts: number[] = [];

  /** Events stored so far (including freed ones). */
  get size(): number {
    return this.count;
  }

  /** Starts a new file: the events added from now on belong to it. Returns its number. */
  beginFile(): number {
    this.fileStarts.push(this.count);
    return this.fileStarts.length - 1;
  }

  /** Stores one event of the current file; returns its number. `prev` is the previous event of its trace (-1 for none). */
  add(offset: number, length: number, spanKey: number, prev: number): number {
    const n = this.count++;
    const ci = n >>> CHUNK_BITS;
    let c = this.chunks[ci];
    if (c === undefined) {
      if (ci > 0 && this.chunks[ci - 1]?.live === 0) this.chunks[ci - 1] = undefined;
      c = { offset: new Float64Array(CHUNK), length: new Uint32Array(CHUNK), next: new Int32Array(CHUNK).fill(-1), span: new Uint32Array(CHUNK), live: 0 };
      this.chunks[ci] = c;
    }
    const i = n & MASK;
    c.offset[i] = offset;
    c.length[i] = length;
    c.span[i] = spanKey;
    c.live++;
    if (prev >= 0) this.chunks[prev >>> CHUNK_BITS]!.next[prev & MASK] = n;
    return n;
  }

  /** The event after `n` in its trace, or -1. */
  next(n: number): number {
    return this.chunks[n >>> CHUNK_BITS]!.next[n & MASK]!;
  }

  /** The span hash of event `n`. */
  span(n: number): number {
    return this.chunks[n >>> CHUNK_BITS]!.span[n & MASK]!;
  }

  /** Where event `n` is. */
  location(n: number): EventLocation {
    const c = this.chunks[n >>> CHUNK_BITS]!;
    return { file: this.fileOf(n), offset: c.offset[n & MASK]!, length: c.length[n & MASK]! };
  }

  /** The number of the file event `n` belongs to. */
  fileOf(n: number): number {
    const s = this.fileStarts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid]! <= n) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Whether some event of file `file` lies in the chain starting at `head`. */
  chainTouches(head: number, file: number): boolean {
    const start = this.fileStarts[file]!;
    const end = file + 1 < this.fileStarts.length ? this.fileStarts[file + 1]! : this.count;
    for (let n = head; n >= 0; n = this.next(n)) if (n >= start && n < end) return true;
    return false;
  }

  /** Frees the events of a chain (an evicted trace); chunks left with no live event are released. */
  release(head: number): void {
    const last = (this.count - 1) >>> CHUNK_BITS;
    for (let n = head; n >= 0;) {
      const ci = n >>> CHUNK_BITS;
      const c = this.chunks[ci]!;
      const next = c.next[n & MASK]!;
      if (--c.live === 0 && ci < last) this.chunks[ci] = undefined;
      n = next;
    }
  }

  /** Chunks currently allocated (for memory accounting and tests). */
  get chunksHeld(): number {
    let k = 0;
    for (const c of this.chunks) if (c !== undefined) k++;
    return k;
  }
}

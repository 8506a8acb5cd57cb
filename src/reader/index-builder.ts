/**
 * Builds a {@link TraceIndex} from a file set: the rotated siblings oldest first (`.gz` read
 * through a decompressing stream), then the live file, whose growth is followed. Every line's
 * byte offset is kept with its event, per file; when the live file is rotated (renamed, then a
 * new one) the old file's new name is found among the rotated siblings (same inode, or the
 * newest `.gz` not yet known); after copy-truncate the copy holds the old offsets; a file
 * truncated without a copy, or gone, takes its traces with it (evicted). The reading yields to
 * the event loop after every chunk, so queries are answered while indexing goes on.
 * @module
 */
import { isUtf8 } from 'node:buffer';
import { stat } from 'node:fs/promises';
import { discoverFiles } from './files.js';
import type { ChunkSink } from './follow.js';
import { FileFollower } from './follow.js';
import { LineFields } from './line-fields.js';
import { LineScanner } from './line-scanner.js';
import { readFileInto } from './read.js';
import type { TraceEntry, TraceIndex } from './trace-index.js';

/** A file whose events are in the index. */
export interface FileRecord {
  /** Where its bytes are now (a rotated file may later be its `.gz` twin); undefined once lost. */
  path: string | undefined;
  /** Set while the new name of a rotated live file is being found. */
  pending?: Promise<void>;
}

/** Options of {@link IndexBuilder}. */
export interface IndexBuilderOptions {
  /**
   * The live file (with its rotated siblings), or one `.gz` file. With `fed`, the file that the
   * chunks given to {@link IndexBuilder.push} are written to (a stream spool).
   */
  path: string;
  /** The bytes come through `push`/`rotated`/`finish` instead of being read from `path` (default false). */
  fed?: boolean;
  index: TraceIndex;
  /** Keep reading the live file as it grows (default false). */
  follow?: boolean;
  /** Poll interval while following, ms (default 250). */
  pollMs?: number;
  /** Called once per unreadable or corrupt part of the input. */
  onWarning?: (message: string) => void;
  /** Called with the traces that new lines changed (after the first read), and their text when {@link IndexBuilder.keepText} is on. */
  onLive?: (traces: ReadonlySet<TraceEntry>, lines: readonly string[]) => void;
  /** Called while the first read goes on, at most every 200 ms, and once when it ends. */
  onProgress?: () => void;
}

/** See the module notes. */
export class IndexBuilder implements ChunkSink {
  /** Files indexed, by their number in the index's event store. */
  readonly records: FileRecord[] = [];
  /** Lines that are not trace events. */
  skipped = 0;
  /** Bytes of the first read so far, and in total. */
  bytesRead = 0;
  bytesTotal = 0;
  /** True until the first read of what was there ends. */
  loading = true;
  /** True while the live file is followed. */
  live: boolean;
  /** Keep the text of lines read after the first read (for watchers that need the events). */
  keepText = false;
  /** Resolves when the first read ends. */
  readonly loaded: Promise<void>;
  /** Resolves when the first chunk was indexed (or the first read ended). */
  readonly progressed: Promise<void>;
  private markLoaded!: () => void;
  private markProgressed!: () => void;
  private readonly fedEnd: Promise<void>;
  private endFed!: () => void;
  private readonly fields = new LineFields();
  private readonly scanner: LineScanner;
  private current: FileRecord | undefined;
  private currentNo = -1;
  private currentPath = '';
  private chunk: Buffer | undefined;
  private chunkValid = false;
  private touched = new Set<TraceEntry>();
  private texts: string[] = [];
  private readonly ac = new AbortController();
  private wake: (() => void) | undefined;
  private lastProgress = 0;
  private finishing = false;

  constructor(private readonly opts: IndexBuilderOptions) {
    this.live = opts.fed === true || (opts.follow === true && !opts.path.endsWith('.gz'));
    this.loaded = new Promise((resolve) => { this.markLoaded = resolve; });
    this.progressed = new Promise((resolve) => { this.markProgressed = resolve; });
    this.fedEnd = new Promise((resolve) => { this.endFed = resolve; });
    this.scanner = new LineScanner((buf, s, e, off) => this.line(buf, s, e, off), { onOversized: () => { this.skipped++; } });
  }

  /** Reads the input, then follows it until {@link IndexBuilder.stop}. Rejects on an unreadable input. */
  async run(): Promise<void> {
    if (this.opts.fed === true) {
      this.begin(this.opts.path);
      this.endLoading();
      await this.fedEnd;
      return;
    }
    try {
      await this.readAll();
    } finally {
      this.endLoading();
    }
  }

  /** With `fed`: the file the chunks went to was renamed to `path`; the next chunks start a new one. */
  rotated(path: string): void {
    this.end();
    if (this.current !== undefined) this.current.path = path;
    this.begin(this.opts.path);
  }

  /** With `fed`: the chunks handed over since the last call are in (tell watchers). */
  fedBatch(): void {
    this.opts.index.evictOverBudget();
    this.flushLive();
  }

  /** Polls the live file now instead of at the next interval. */
  pollNow(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Stops following after one last poll (with `fed`: the input ended). */
  finish(): void {
    if (this.opts.fed === true) {
      this.end();
      this.fedBatch();
      this.live = false;
      this.opts.onProgress?.();
      this.endFed();
      return;
    }
    this.finishing = true;
    this.pollNow();
  }

  /** Stops reading and following at once. */
  stop(): void {
    this.ac.abort();
    this.pollNow();
    if (this.opts.fed === true) {
      this.live = false;
      this.endFed();
    }
  }

  // ChunkSink: what the follower and the file reader feed.

  /** Takes one chunk of the current file. */
  push(chunk: Buffer): void {
    this.chunk = chunk;
    const nl = chunk.lastIndexOf(10);
    this.chunkValid = nl >= 0 && isUtf8(chunk.subarray(0, nl + 1));
    this.scanner.push(chunk);
    this.chunk = undefined;
  }

  /** The current file is complete. */
  end(): void {
    this.scanner.end();
  }

  /** What was read of the current file is gone. */
  reset(): void {
    this.scanner.reset();
  }

  /** The live file was replaced (see {@link ChunkSink.switched}). */
  switched(why: 'rotated' | 'copied' | 'truncated', old: { ino: number; dev: number; copy?: string }): void {
    const rec = this.current;
    const no = this.currentNo;
    this.begin(this.opts.path);
    if (rec === undefined) return;
    if (why === 'copied') {
      rec.path = old.copy;
    } else if (why === 'truncated') {
      rec.path = undefined;
      this.opts.index.evictFile(no);
    } else {
      rec.pending = this.findRotated(old.ino, old.dev).then((p) => {
        rec.path = p;
        rec.pending = undefined;
        if (p === undefined) this.opts.index.evictFile(no);
      });
    }
  }

  private async readAll(): Promise<void> {
    const { path } = this.opts;
    const gzOnly = path.endsWith('.gz');
    const set = await discoverFiles(path, { allowMissing: this.live });
    const paths = gzOnly ? [...set.rotated, ...(set.live ? [set.live] : [])] : set.rotated;
    this.bytesTotal = await sizes([...paths, ...(!gzOnly && set.live ? [set.live] : [])]);
    const signal = this.ac.signal;
    const afterChunk = async (n: number): Promise<void> => {
      this.bytesRead += n;
      this.opts.index.evictOverBudget();
      this.markProgressed();
      const now = Date.now();
      if (now - this.lastProgress >= 200) {
        this.lastProgress = now;
        this.opts.onProgress?.();
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
    for (const p of paths) {
      if (signal.aborted) return;
      this.begin(p);
      await readFileInto(p, this, afterChunk, { signal, onWarning: this.opts.onWarning });
      this.end();
    }
    if (gzOnly) return;
    const follower = new FileFollower(path, this);
    this.begin(path);
    let before = 0;
    await follower.open(() => afterChunk(follower.position - before).then(() => { before = follower.position; }), set.live !== undefined);
    if (!this.live) {
      this.end();
      await follower.close();
      return;
    }
    this.endLoading();
    const pollMs = this.opts.pollMs ?? 250;
    try {
      while (!signal.aborted) {
        if (!this.finishing) await new Promise<void>((resolve) => {
          const t = setTimeout(done, pollMs);
          function done(): void {
            clearTimeout(t);
            resolve();
          }
          this.wake = done;
        });
        if (signal.aborted) break;
        const last = this.finishing;
        await follower.poll();
        this.opts.index.evictOverBudget();
        this.flushLive();
        if (last) break;
      }
    } finally {
      this.live = false;
      await follower.close();
    }
  }

  private endLoading(): void {
    if (!this.loading) return;
    this.loading = false;
    this.touched.clear();
    this.texts = [];
    this.markLoaded();
    this.markProgressed();
    this.opts.onProgress?.();
  }

  private flushLive(): void {
    if (this.touched.size === 0) return;
    const touched = this.touched;
    const texts = this.texts;
    this.touched = new Set();
    this.texts = [];
    this.opts.onLive?.(touched, texts);
  }

  private begin(path: string): void {
    const rec: FileRecord = { path };
    this.currentNo = this.opts.index.beginFile();
    this.records[this.currentNo] = rec;
    this.current = rec;
    this.currentPath = path;
  }

  private line(buf: Buffer, start: number, end: number, offset: number): void {
    const valid = buf === this.chunk ? this.chunkValid || isUtf8(buf.subarray(start, end)) : isUtf8(buf.subarray(start, end));
    if (!valid || !this.fields.read(buf, start, end)) {
      this.skipped++;
      return;
    }
    const t = this.opts.index.add(this.fields.event, offset, end - start);
    if (!this.loading) {
      this.touched.add(t);
      if (this.keepText) this.texts.push(buf.toString('utf8', start, end));
    }
  }

  /** The rotated sibling that the live file with this inode became (see the module notes). */
  private async findRotated(ino: number, dev: number): Promise<string | undefined> {
    let rotated: string[];
    try {
      rotated = (await discoverFiles(this.opts.path, { allowMissing: true })).rotated;
    } catch {
      return undefined;
    }
    for (let i = rotated.length - 1; i >= 0; i--) {
      const p = rotated[i]!;
      if (p.endsWith('.gz')) continue;
      try {
        const st = await stat(p);
        if (st.ino === ino && st.dev === dev) return p;
      } catch {
        // gone meanwhile (compressed): see below
      }
    }
    const known = new Set<string>();
    for (const r of this.records) if (r?.path !== undefined) known.add(r.path.replace(/\.gz$/, ''));
    for (let i = rotated.length - 1; i >= 0; i--) {
      const p = rotated[i]!;
      if (p.endsWith('.gz') && !known.has(p.slice(0, -3))) return p;
    }
    return undefined;
  }

  /** The path the current file was opened at (for tests and notes). */
  get currentFile(): string {
    return this.currentPath;
  }
}

async function sizes(paths: string[]): Promise<number> {
  let n = 0;
  for (const p of paths) {
    try {
      n += (await stat(p)).size;
    } catch {
      // gone: counted as 0
    }
  }
  return n;
}

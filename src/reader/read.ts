/**
 * Reading trace input end to end: a file set (rotated siblings oldest first, `.gz` read
 * transparently, then the live file), standard input or any readable stream; optionally
 * following the live file. Items are delivered in batches (one per chunk read or poll), so
 * a consumer can write or render once per batch.
 * @module
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { discoverFiles, inputError } from './files.js';
import type { FileSet } from './files.js';
import { FileFollower } from './follow.js';
import type { ProcessorOptions, ReadCounts, ReadItem } from './processor.js';
import { LineProcessor } from './processor.js';

/** Where events come from: a file path (with its rotated siblings) or a stream such as stdin. */
export type InputSource =
  | { kind: 'file'; path: string }
  | { kind: 'stream'; stream: NodeJS.ReadableStream; name?: string };

/** Options of {@link readTrace}. */
export interface ReadOptions extends ProcessorOptions {
  /** The input. */
  source: InputSource;
  /** Keep following the live file after reading what is there (default false). */
  follow?: boolean;
  /** With `follow`: how many matching items already there to deliver first (default 10). */
  lines?: number | 'all';
  /** Poll interval while following, in ms (default 250). */
  pollMs?: number;
  /** Stops reading (and following) when aborted. */
  signal?: AbortSignal;
  /** Called with bytes read so far and the total (files only), at most once per chunk. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Called once per unreadable or corrupt part of the input that was skipped (default: ignored). */
  onWarning?: (message: string) => void;
}

/** What {@link readTrace} returns when the input ends (or following stops). */
export interface ReadSummary extends ReadCounts {
  /** Files read, in order. */
  files: string[];
}

/** Receives each batch of items; may return a promise (for output backpressure). */
export type BatchHandler = (items: ReadItem[]) => void | Promise<void>;

const CHUNK = 1024 * 1024;

/**
 * Reads trace input and hands matching items to `onBatch`, in order.
 * Resolves when the input ends, or when `signal` aborts while following.
 * @throws InputError when the file is missing, a directory or unreadable.
 * @example
 * ```ts
 * const summary = await readTrace({ source: { kind: 'file', path: 'app.jsonl' },
 *   filter: parseFilter('component=agent'), follow: true, lines: 10 }, (items) => {
 *   for (const it of items) if (it.kind === 'event') console.log(it.event.message);
 * });
 * ```
 */
export async function readTrace(opts: ReadOptions, onBatch: BatchHandler): Promise<ReadSummary> {
  const out: ReadItem[] = [];
  const proc = new LineProcessor(out, opts);
  const files: string[] = [];
  const emit = async (): Promise<void> => {
    if (out.length === 0) return;
    const batch = out.splice(0, out.length);
    await onBatch(batch);
  };
  const summary = (): ReadSummary => ({ ...proc.counts, files });
  if (opts.source.kind === 'stream') {
    await readStream(opts.source.stream, proc, emit, opts.signal);
    proc.end();
    await emit();
    return summary();
  }
  const set = await discoverFiles(opts.source.path, { allowMissing: opts.follow === true && !opts.source.path.endsWith('.gz') });
  // A compressed file is complete: there is nothing to follow.
  if (!opts.follow || opts.source.path.endsWith('.gz')) {
    const paths = [...set.rotated, ...(set.live ? [set.live] : [])];
    const total = opts.onProgress ? await totalBytes(paths) : 0;
    let done = 0;
    for (const p of paths) {
      if (opts.signal?.aborted) break;
      files.push(p);
      await readFileInto(p, proc, async (n) => {
        done += n;
        opts.onProgress?.(done, total);
        await emit();
      }, opts);
      proc.end();
      await emit();
    }
    return summary();
  }
  return follow(opts, set, proc, out, emit, files);
}

async function follow(opts: ReadOptions, set: FileSet, proc: LineProcessor, out: ReadItem[],
  emit: () => Promise<void>, files: string[]): Promise<ReadSummary> {
  const lines = opts.lines ?? 10;
  const live = opts.source.kind === 'file' ? opts.source.path : '';
  if (lines === 'all') {
    for (const p of set.rotated) {
      files.push(p);
      await readFileInto(p, proc, emit, opts);
      proc.end();
      await emit();
    }
  }
  const follower = new FileFollower(live, proc);
  files.push(live);
  const keep = lines === 'all' ? Infinity : Math.max(0, lines);
  // Only rotated siblings right now (the live file is being rotated): wait for the live file.
  await follower.open(lines === 'all' ? emit : () => { if (out.length > keep * 4 + 1024) out.splice(0, out.length - keep); },
    set.live !== undefined);
  if (lines !== 'all') {
    const fromLive = out.splice(0, out.length);
    let backlog = keep === 0 ? [] : fromLive.slice(-keep);
    if (backlog.length < keep && set.rotated.length > 0) {
      const older: ReadItem[] = [];
      const side = new LineProcessor(older, opts);
      for (const p of set.rotated) {
        await readFileInto(p, side, () => { if (older.length > keep * 4 + 1024) older.splice(0, older.length - keep); }, opts);
        side.end();
      }
      backlog = [...older.slice(-(keep - backlog.length)), ...backlog];
      proc.counts.skipped += side.counts.skipped;
    }
    out.push(...backlog);
  }
  await emit();
  const pollMs = opts.pollMs ?? 250;
  while (!opts.signal?.aborted) {
    await sleep(pollMs, opts.signal);
    if (opts.signal?.aborted) break;
    await follower.poll();
    await emit();
  }
  await follower.close();
  return { ...proc.counts, files };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function totalBytes(paths: string[]): Promise<number> {
  let n = 0;
  for (const p of paths) {
    try {
      const fh = await open(p, 'r');
      n += (await fh.stat()).size;
      await fh.close();
    } catch {
      // counted as 0
    }
  }
  return n;
}

/**
 * Reads one whole file (gzip-compressed or not) into `proc` (a `LineProcessor`, or anything
 * taking chunks), calling `after(bytes)` per chunk with the (compressed) bytes read.
 */
export async function readFileInto(path: string, proc: Pick<LineProcessor, 'push'>, after: (bytes: number) => void | Promise<void>,
  opts: Pick<ReadOptions, 'signal' | 'onWarning'> = {}): Promise<void> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    // A rotated file may be replaced by its .gz twin between discovery and reading.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !path.endsWith('.gz') && /\.\d{8}-\d{6}-\d{3}(\.\d+)?$/.test(path)) {
      return readFileInto(path + '.gz', proc, after, opts);
    }
    throw inputError(path, err);
  }
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    const first = await fh.read(buf, 0, CHUNK, 0);
    if (first.bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
      await fh.close();
      fh = undefined;
      await readGzip(path, proc, after, opts);
      return;
    }
    let pos = 0;
    let n = first.bytesRead;
    while (n > 0) {
      proc.push(buf.subarray(0, n));
      pos += n;
      await after(n);
      if (opts.signal?.aborted) return;
      n = (await fh.read(buf, 0, CHUNK, pos)).bytesRead;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw inputError(path, err);
    throw err;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

async function readGzip(path: string, proc: Pick<LineProcessor, 'push'>, after: (bytes: number) => void | Promise<void>,
  opts: Pick<ReadOptions, 'signal' | 'onWarning'>): Promise<void> {
  const raw = createReadStream(path, { highWaterMark: CHUNK });
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  let compressed = 0;
  raw.on('data', (c: Buffer | string) => { compressed += c.length; });
  raw.on('error', (err) => gunzip.destroy(err));
  raw.pipe(gunzip);
  let reported = 0;
  try {
    for await (const chunk of gunzip) {
      proc.push(chunk as Buffer);
      await after(compressed - reported);
      reported = compressed;
      if (opts.signal?.aborted) break;
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'ENOENT') throw inputError(path, err);
    opts.onWarning?.(`'${path}': compressed data is truncated or corrupt (${(err as Error).message}); read what could be read`);
  } finally {
    raw.destroy();
  }
}

async function readStream(stream: NodeJS.ReadableStream, proc: LineProcessor, emit: () => Promise<void>,
  signal: AbortSignal | undefined): Promise<void> {
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    proc.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    await emit();
    if (signal?.aborted) break;
  }
}

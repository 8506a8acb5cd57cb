/**
 * The file sink: JSON lines appended to `TRACING_FILE`, rotated by size and interval.
 *
 * Lines are appended to an in-memory buffer and written with one `fs.writeSync` per batch:
 * in a `setImmediate` (off the caller's stack), or inline when the batch reaches 256 KiB, so
 * memory stays bounded (about 256 KiB) without dropping events under a producer that never
 * yields (see `line-batch.ts` for how lines become bytes). In `sync` mode every line is written
 * before `write()` returns. Rotation renames the live file to `PATH.<UTC stamp>` synchronously
 * between batches (no reordering, no loss), then compresses and prunes in the background (see
 * `file-rotation.ts`).
 * @module
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { ensureDir } from './ensure-dir.js';
import { dirname } from 'node:path';
import type { TracingConfig } from '../config.js';
import { parseSize } from '../config.js';
import { TracingConfigError, reportFailure } from '../errors.js';
import type { TraceEvent } from '../event.js';
import { exitState } from '../exit-hooks.js';
import { jsonLineNl } from '../format/json.js';
import { RotationJobs, nextBoundary } from './file-rotation.js';
import { rotatedName } from './rotated-names.js';
import { LineBatch, writeAll } from './line-batch.js';
import type { Sink } from './types.js';

/** Options of {@link createFileSink}. */
export interface FileSinkOptions {
  /** Called (on a microtask) with the number of events lost while the file could not be written. */
  onDrop?: (dropped: number) => void;
  /** Least wait between attempts to reopen a file that failed, in ms (default 2000). */
  retryMs?: number;
  /**
   * How often to check, before a batch, that the live file is still at its path (removed or
   * moved away), in ms (default 100: one `stat` at most ten times a second). Lines written in
   * between land in the old file (moved: kept there; deleted: lost).
   */
  checkMs?: number;
}

/** The file sink, with its synchronous extras. */
export interface FileSink extends Sink {
  /** The live file's path. */
  readonly path: string;
  /** Writes the buffered lines now (used on exit signals). */
  flushSync(): void;
  /** Writes the buffered lines, then rotates now (if the live file is not empty). */
  rotate(): void;
  /** Writes the buffered lines to the file they were meant for, then opens the path again (what `TRACING_FILE_REOPEN_SIGNAL` does). */
  reopenNow(): void;
  /** Counters: events lost to write failures, rotations done. */
  stats(): { lost: number; rotations: number };
  /** Resolves when background compression and pruning are done. */
  idle(): Promise<void>;
  /** Wires loss reports (the tracer calls this when the sink is added). */
  reportDropsTo(onDrop: (dropped: number) => void): void;
}

/** Bytes in a batch before it is written without waiting for the next loop turn (larger batches cost the kernel less per byte). */
const BATCH = 256 * 1024;
const MAX_TIMER = 2 ** 31 - 1;


class RotatingFileSink implements FileSink {
  readonly name = 'file';
  private fd = -1;
  private ino = 0;
  private regular = true;
  private readonly batch = new LineBatch(BATCH);
  private scheduled = false;
  private size = 0;
  private lastStampMs = 0;
  private retryAt = 0;
  private rotateRetryAt = 0;
  private checkAt = 0;
  private failing = false;
  private lost = 0;
  private unreported = 0;
  private rotations = 0;
  private closed = false;
  /** Leftovers of an earlier run are tidied at the first write, not at open (a reader importing us must not touch files). */
  private tidied = false;
  private closing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly jobs: RotationJobs;
  private readonly maxSize: number;
  private readonly sync: boolean;
  private readonly retryMs: number;
  private readonly checkMs: number;
  private readonly onImmediate = (): void => {
    this.scheduled = false;
    this.drain(true);
  };

  constructor(readonly path: string, config: TracingConfig, private readonly opts: FileSinkOptions) {
    this.maxSize = parseSize(config.fileMaxSize) ?? 10 * 1024 * 1024;
    this.sync = config.sync;
    this.retryMs = opts.retryMs ?? 2000;
    this.checkMs = opts.checkMs ?? 100;
    this.jobs = new RotationJobs(path, config.fileMaxFiles, config.fileCompress === 'gzip');
    try {
      this.open();
    } catch (err) {
      throw new TracingConfigError('TRACING_FILE', path, 'a writable file path', (err as Error).message);
    }
    if (config.fileInterval && this.regular) this.arm(config.fileInterval);
    if (config.fileReopenSignal !== undefined) {
      // Added beside the app's own listeners, which still run; with none, the signal no longer
      // ends the process (as with nginx and pino's logrotate recipes). Removed on close.
      this.signal = config.fileReopenSignal;
      process.on(this.signal, this.onSignal);
    }
  }

  private signal: NodeJS.Signals | undefined;
  private readonly onSignal = (): void => {
    this.reopenNow();
  };

  /**
   * Reopens the live file at once (logrotate's `postrotate`): what is buffered goes to the file
   * it was meant for (the one just moved away), then the path is opened again (created if the
   * rotation did not create it).
   */
  reopenNow(): void {
    if (this.closed) return;
    this.drain(false);
    this.closeFd();
    this.retryAt = 0;
    this.reopen();
  }

  write(e: TraceEvent): void {
    if (this.closed) {
      this.lost++;
      return;
    }
    const full = this.batch.add(jsonLineNl(e));
    // A batch ends at 256 KiB, or where the live file might reach its rotation size (counting 3
    // bytes a character not encoded yet, so a file overshoots TRACING_FILE_MAX_SIZE by at most one line).
    if (full || this.sync || this.size + this.batch.maxBytes >= this.maxSize || exitState.exiting) this.drain(true);
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.onImmediate);
    }
  }

  /** Opens (or reopens) the live file: directories made (0750), file created 0640, a torn last line ended. */
  private open(): void {
    ensureDir(dirname(this.path), 0o750);
    const fd = openSync(this.path, 'a+', 0o640);
    try {
      const st = fstatSync(fd);
      this.regular = st.isFile();
      this.size = st.size;
      this.ino = st.ino;
      if (this.regular && st.size > 0) {
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, st.size - 1);
        if (last[0] !== 0x0a) this.size += writeSync(fd, '\n');
      }
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    this.fd = fd;
    this.checkAt = Date.now() + this.checkMs;
  }

  private drain(mayRotate: boolean): void {
    if (this.batch.empty) return;
    const { buf, len, lines: n } = this.batch.take();
    const now = this.regular ? Date.now() : 0;
    if (this.fd >= 0 && this.regular && now >= this.checkAt) this.checkLive(now);
    if (this.fd < 0 && !this.reopen()) return this.lose(n);
    try {
      writeAll(this.fd, buf, len);
      this.size += len;
    } catch (err) {
      return this.fail('file sink write failed', err, n);
    }
    if (this.failing) {
      this.failing = false;
      this.report();
    }
    if (!this.tidied) {
      this.tidied = true;
      if (this.regular) this.jobs.recover();
    }
    if (mayRotate && this.regular && this.size >= this.maxSize && now >= this.rotateRetryAt) this.doRotate();
  }

  /** The live file was removed or moved away (its directory deleted, an outside logrotate): reopen at the path. */
  private checkLive(now: number): void {
    this.checkAt = now + this.checkMs;
    let st: { ino: number; size: number } | undefined;
    try {
      st = statSync(this.path, { throwIfNoEntry: false });
    } catch {
      // ENOTDIR and the like: not the same file
    }
    if (st !== undefined && st.ino === this.ino) {
      // logrotate's copytruncate emptied it in place: appends go to the new end; count from there.
      if (st.size < this.size) this.size = st.size;
      return;
    }
    reportFailure('file sink: the live file was removed or moved, reopening', new Error(this.path));
    this.closeFd();
    this.reopen();
  }

  private reopen(): boolean {
    const now = Date.now();
    if (this.closed || now < this.retryAt) return false;
    try {
      this.open();
      return true;
    } catch (err) {
      this.retryAt = now + this.retryMs;
      reportFailure('file sink reopen failed', err);
      return false;
    }
  }

  private closeFd(): void {
    if (this.fd < 0) return;
    try {
      closeSync(this.fd);
    } catch {
      // already gone
    }
    this.fd = -1;
  }

  private fail(key: string, err: unknown, n: number): void {
    reportFailure(key, err);
    this.closeFd();
    this.retryAt = Date.now() + this.retryMs;
    this.lose(n);
  }

  /** Counts lost events; the first loss of an episode is reported at once, the rest on recovery or close. */
  private lose(n: number): void {
    this.lost += n;
    this.unreported += n;
    if (!this.failing) {
      this.failing = true;
      this.report();
    }
  }

  reportDropsTo(onDrop: (dropped: number) => void): void {
    this.opts.onDrop = onDrop;
  }

  private report(): void {
    const d = this.unreported;
    const cb = this.opts.onDrop;
    if (d === 0 || !cb) return;
    this.unreported = 0;
    queueMicrotask(() => {
      try {
        cb(d);
      } catch {
        // never throws
      }
    });
  }

  private doRotate(): void {
    if (this.fd < 0 || !this.regular || this.size === 0 || this.closed) return;
    const ms = Math.max(Date.now(), this.lastStampMs + 1);
    this.lastStampMs = ms;
    const date = new Date(ms);
    let seq = 0;
    let target = rotatedName(this.path, date, seq);
    while (existsSync(target) || existsSync(`${target}.gz`)) target = rotatedName(this.path, date, ++seq);
    try {
      renameSync(this.path, target);
    } catch (err) {
      reportFailure('file sink rotation failed', err);
      this.rotateRetryAt = Date.now() + this.retryMs;
      return;
    }
    this.rotations++;
    this.closeFd();
    this.jobs.rotated(target);
    this.reopen();
  }

  private arm(interval: string): void {
    const at = nextBoundary(interval, Date.now());
    const tick = (): void => {
      const left = at - Date.now();
      if (left > 0) {
        this.timer = setTimeout(tick, Math.min(left, MAX_TIMER));
        this.timer.unref();
        return;
      }
      if (this.closed) return;
      this.rotate();
      this.arm(interval);
    };
    tick();
  }

  rotate(): void {
    this.drain(false);
    this.doRotate();
  }

  flushSync(): void {
    this.drain(false);
  }

  flush(): Promise<void> {
    this.drain(true);
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.drain(false);
      this.closed = true;
      clearTimeout(this.timer);
      if (this.signal !== undefined) process.off(this.signal, this.onSignal);
      this.closeFd();
      this.report();
      this.closing = this.jobs.idle();
    }
    return this.closing;
  }

  stats(): { lost: number; rotations: number } {
    return { lost: this.lost, rotations: this.rotations };
  }

  idle(): Promise<void> {
    return this.jobs.idle();
  }
}

/**
 * Makes the file sink for `config.file`, honouring `fileMaxSize`, `fileInterval`,
 * `fileMaxFiles`, `fileCompress` and `sync`.
 * @throws TracingConfigError naming `TRACING_FILE` when the path cannot be opened for writing.
 *
 * @example
 * ```ts
 * const sink = createFileSink({ ...defaultConfig(), file: 'traces/app.jsonl', fileMaxSize: '1M' });
 * const t = new Tracer({ stdout: false, sinks: [sink] });
 * ```
 */
export function createFileSink(config: TracingConfig, opts: FileSinkOptions = {}): FileSink {
  if (!config.file) throw new TracingConfigError('TRACING_FILE', config.file, 'a file path');
  return new RotatingFileSink(config.file, config, { ...opts });
}

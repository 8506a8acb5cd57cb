/**
 * The per-line pipeline: raw prefilter on bytes, decode, classify, filter. Lines ruled out by
 * the prefilter are never decoded nor parsed, which is where the reader's speed comes from.
 * @module
 */
import type { TraceEvent } from '../event.js';
import { decodeLine, looksLikeObject, parseEventLine } from './classify.js';
import type { EventFilter } from './filter.js';
import { LineScanner } from './line-scanner.js';

/** What the reader yields: a matching event with its line, or (with `all`) a non-event line. */
export type ReadItem =
  | { kind: 'event'; event: TraceEvent; line: string }
  | { kind: 'raw'; line: string };

/** Counters of one read. */
export interface ReadCounts {
  /** Lines seen. */
  lines: number;
  /** Lines that were parsed as events (lines ruled out by the prefilter are not parsed). */
  parsed: number;
  /** Events that matched the filter. */
  matched: number;
  /** Lines that are not trace events (app logs, garbage, truncated JSON, invalid UTF-8, oversized). */
  skipped: number;
}

/** Options of {@link LineProcessor}. */
export interface ProcessorOptions {
  /** The filter (default: everything matches). */
  filter?: EventFilter;
  /** Yield non-event lines as `raw` items instead of skipping them (default false). */
  all?: boolean;
  /** Rule lines out on raw bytes before parsing (default true; off when `all`). */
  prefilter?: boolean;
  /** Longest line, in bytes (default 8 MiB). */
  maxLineBytes?: number;
}

/**
 * Turns chunks of a JSON-lines input into {@link ReadItem}s, appended to `out`.
 * @example
 * ```ts
 * const out: ReadItem[] = [];
 * const p = new LineProcessor(out, { filter: parseFilter('component=agent') });
 * p.push(chunk); p.end();
 * ```
 */
export class LineProcessor {
  /** Counters so far. */
  readonly counts: ReadCounts = { lines: 0, parsed: 0, matched: 0, skipped: 0 };
  private readonly scanner: LineScanner;
  private readonly filter: EventFilter | undefined;
  private readonly all: boolean;
  private readonly first: Buffer | undefined;
  private readonly rest: string[];
  private hitBuf: Buffer | undefined;
  private hit = -1;

  constructor(public out: ReadItem[], opts: ProcessorOptions = {}) {
    this.filter = opts.filter && !opts.filter.empty ? opts.filter : undefined;
    this.all = opts.all === true;
    const needles = this.filter && opts.prefilter !== false && !this.all ? this.filter.needles : [];
    this.first = needles.length > 0 ? Buffer.from(needles[0]!, 'utf8') : undefined;
    this.rest = needles.slice(1);
    this.scanner = new LineScanner((b, s, e) => this.line(b, s, e), {
      maxLineBytes: opts.maxLineBytes,
      onOversized: () => { this.counts.lines++; this.counts.skipped++; },
    });
  }

  /** Feeds a chunk; items for its complete lines are appended before it returns. */
  push(chunk: Buffer): void {
    this.hitBuf = undefined;
    this.scanner.push(chunk);
  }

  /** Ends the input: a held partial line is processed as a complete line. */
  end(): void {
    this.hitBuf = undefined;
    this.scanner.end();
  }

  /** Drops a held partial line (the input was truncated). */
  reset(): void {
    this.scanner.reset();
  }

  /** Bytes of the held partial line. */
  get pendingBytes(): number {
    return this.scanner.pendingBytes;
  }

  private line(buf: Buffer, start: number, end: number): void {
    this.counts.lines++;
    const first = this.first;
    if (first !== undefined) {
      if (this.hitBuf !== buf || (this.hit >= 0 && this.hit < start)) {
        this.hitBuf = buf;
        this.hit = buf.indexOf(first, start);
      }
      if (this.hit < 0 || this.hit + first.length > end) {
        if (!looksLikeObject(buf, start, end)) this.counts.skipped++;
        return;
      }
    }
    const text = decodeLine(buf, start, end);
    if (text === undefined) {
      this.nonEvent(buf, start, end);
      return;
    }
    const rest = this.rest;
    for (let i = 0; i < rest.length; i++) {
      if (!text.includes(rest[i]!)) {
        if (!looksLikeObject(buf, start, end)) this.counts.skipped++;
        return;
      }
    }
    const e = parseEventLine(text);
    if (e === undefined) {
      this.nonEvent(buf, start, end, text);
      return;
    }
    this.counts.parsed++;
    if (this.filter !== undefined && !this.filter(e)) return;
    this.counts.matched++;
    this.out.push({ kind: 'event', event: e, line: text });
  }

  private nonEvent(buf: Buffer, start: number, end: number, text?: string): void {
    this.counts.skipped++;
    if (this.all) this.out.push({ kind: 'raw', line: text ?? buf.toString('utf8', start, end) });
  }
}

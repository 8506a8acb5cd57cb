/**
 * The viewer's state and its transitions, with no React in sight: the event list with its
 * filter, cursor, window and follow mode, the filter line, the trace view and help. The Ink
 * components only read it and send it {@link Action}s, so every behaviour is tested directly.
 * @module
 */
import type { TraceEvent } from '../../src/event.js';
import { escapeText } from '../../src/format/escape.js';
import { EventBuffer } from './event-buffer.js';
import { isError, prettyLines } from './row-format.js';
import type { TraceLayout } from './trace-layout.js';
import { layoutTrace, rowOfEvent } from './trace-layout.js';
import { clampCursor, pageCursor, scrollTop } from './window.js';

/** A compiled filter: a predicate, or why the text does not parse. `match` undefined means "everything". */
export type CompiledFilter = { ok: true; match: ((e: TraceEvent) => boolean) | undefined } | { ok: false; error: string };

/** Turns filter text (the CLI's syntax) into a {@link CompiledFilter}. */
export type FilterCompiler = (text: string) => CompiledFilter;

/** Which screen is showing. */
export type Mode = 'list' | 'filter' | 'trace' | 'help';

/** Everything that can happen to the viewer. */
export type Action =
  | { type: 'append'; events: readonly TraceEvent[] }
  | { type: 'resize'; listHeight: number; treeHeight: number; detailHeight: number }
  | { type: 'move'; delta: number }
  | { type: 'page'; dir: 1 | -1 }
  | { type: 'home' } | { type: 'end' }
  | { type: 'nextError' } | { type: 'prevError' }
  | { type: 'toggleFollow' }
  | { type: 'openFilter' } | { type: 'editFilter'; text: string } | { type: 'applyFilter' } | { type: 'cancelFilter' }
  | { type: 'openTrace' } | { type: 'back' }
  | { type: 'detailScroll'; delta: number }
  | { type: 'toggleHelp' }
  | { type: 'ended' };

/** Options of {@link ViewerModel}. */
export interface ViewerModelOptions {
  /** Compiles filter text. */
  compile: FilterCompiler;
  /** Initial filter text (default none). */
  filter?: string;
  /** Stick to the newest event (default true). */
  follow?: boolean;
  /** Buffer capacity in events (default 100,000). */
  capacity?: number;
}

/** The open trace view. */
export interface TraceViewState {
  traceId: string;
  layout: TraceLayout;
  /** Selected span row. */
  row: number;
  /** First tree row on screen. */
  top: number;
  /** First detail line on screen. */
  detailTop: number;
}

/** The viewer's state. Mutated in place by {@link ViewerModel.dispatch}; `version` counts changes. */
export class ViewerModel {
  readonly buffer: EventBuffer;
  mode: Mode = 'list';
  /** Mode to return to when help closes. */
  private beforeHelp: Mode = 'list';
  /** The applied filter text and its predicate. */
  filterText = '';
  private match: ((e: TraceEvent) => boolean) | undefined;
  /** Filter line being edited (in `filter` mode), and its error when it does not parse. */
  draft = '';
  draftError: string | undefined;
  /** Indices into `buffer.events` of the events shown, in order. */
  matches: number[] = [];
  cursor = 0;
  top = 0;
  follow: boolean;
  /** Matching events that arrived below the screen while following but away from the bottom. */
  newCount = 0;
  /** True once the input has ended (no more events will come). */
  ended = false;
  /** What the input said when it ended (skipped lines, warnings, a failure); shown until quit. */
  endNote = '';
  trace: TraceViewState | undefined;
  /** A one-shot message for the status line ("no next error"). */
  notice = '';
  listHeight = 20;
  treeHeight = 10;
  detailHeight = 10;
  version = 0;
  private readonly compile: FilterCompiler;

  constructor(opts: ViewerModelOptions) {
    this.compile = opts.compile;
    this.buffer = new EventBuffer(opts.capacity);
    this.follow = opts.follow ?? true;
    const text = opts.filter?.trim() ?? '';
    const c = this.compile(text);
    if (c.ok) {
      this.filterText = text;
      this.match = c.match;
    } else {
      this.notice = `bad filter: ${c.error}`;
    }
  }

  /** The events buffered. */
  get events(): TraceEvent[] {
    return this.buffer.events;
  }

  /** The selected event of the list, if any. */
  get selected(): TraceEvent | undefined {
    const i = this.matches[this.cursor];
    return i === undefined ? undefined : this.buffer.events[i];
  }

  /** Whether the list is stuck to its newest event (following, cursor on the last row). */
  get atBottom(): boolean {
    return this.matches.length === 0 || this.cursor >= this.matches.length - 1;
  }

  /** Applies one action. */
  dispatch(a: Action): void {
    this.version++;
    if (a.type !== 'append' && a.type !== 'resize' && a.type !== 'ended') this.notice = '';
    switch (a.type) {
      case 'append': return this.append(a.events);
      case 'ended': this.ended = true; return;
      case 'resize':
        this.listHeight = Math.max(1, a.listHeight);
        this.treeHeight = Math.max(1, a.treeHeight);
        this.detailHeight = Math.max(1, a.detailHeight);
        return this.reconcile();
      case 'move': return this.mode === 'trace' ? this.moveRow(a.delta) : this.moveTo(this.cursor + a.delta);
      case 'page':
        if (this.mode === 'trace') return this.scrollDetail(a.dir * Math.max(1, this.detailHeight - 1));
        return this.moveTo(pageCursor(this.cursor, a.dir, this.listHeight, this.matches.length));
      case 'home': return this.mode === 'trace' ? this.moveRow(-Infinity) : this.moveTo(0);
      case 'end': return this.mode === 'trace' ? this.moveRow(Infinity) : this.moveTo(this.matches.length - 1);
      case 'nextError': return this.findError(1);
      case 'prevError': return this.findError(-1);
      case 'toggleFollow':
        this.follow = !this.follow;
        if (this.follow) this.moveTo(this.matches.length - 1);
        return;
      case 'openFilter':
        this.mode = 'filter';
        this.draft = this.filterText;
        this.draftMatch = this.match;
        this.filterOrigin = this.matches[this.cursor];
        this.draftError = undefined;
        return;
      case 'editFilter': return this.editFilter(a.text);
      case 'applyFilter':
        if (this.mode !== 'filter' || this.draftError !== undefined) return;
        this.filterText = this.draft.trim();
        this.match = this.draftMatch;
        this.mode = 'list';
        return;
      case 'cancelFilter':
        if (this.mode !== 'filter') return;
        this.mode = 'list';
        this.draftError = undefined;
        this.refilter(this.match, this.filterOrigin);
        return;
      case 'openTrace': return this.openTrace();
      case 'back':
        if (this.mode === 'trace' || this.mode === 'help') {
          this.mode = this.mode === 'help' ? this.beforeHelp : 'list';
          if (this.mode === 'list') this.trace = undefined;
        }
        return;
      case 'detailScroll': return this.scrollDetail(a.delta);
      case 'toggleHelp':
        if (this.mode === 'help') {
          this.mode = this.beforeHelp;
        } else if (this.mode !== 'filter') {
          this.beforeHelp = this.mode;
          this.mode = 'help';
        }
        return;
    }
  }

  private append(batch: readonly TraceEvent[]): void {
    if (batch.length === 0) return;
    const stuck = this.follow && this.atBottom;
    const base = this.buffer.events.length;
    const ev = this.buffer.append(batch, this.trace?.traceId);
    const pred = this.currentPredicate();
    let added = 0;
    if (ev !== undefined) this.applyEviction(ev.remap);
    const events = this.buffer.events;
    let from = base;
    if (ev !== undefined) {
      // The first surviving event of this batch (eviction may have taken some of it).
      from = events.length;
      for (let i = base; i < ev.remap.length; i++) {
        if (ev.remap[i]! >= 0) { from = ev.remap[i]!; break; }
      }
    }
    for (let i = from; i < events.length; i++) {
      if (pred === undefined || pred(events[i]!)) {
        this.matches.push(i);
        added++;
      }
    }
    if (stuck) {
      this.cursor = clampCursor(this.matches.length - 1, this.matches.length);
      this.newCount = 0;
    } else if (this.follow) {
      this.newCount += added;
    }
    if (this.trace !== undefined && batch.some((e) => e.trace_id === this.trace!.traceId)) this.relayout();
    this.reconcile();
  }

  private applyEviction(remap: Int32Array): void {
    const sel = this.matches[this.cursor];
    const kept: number[] = [];
    let cursor = 0;
    for (const i of this.matches) {
      if (sel !== undefined && i < sel && remap[i]! >= 0) cursor++;
      const j = remap[i]!;
      if (j >= 0) kept.push(j);
    }
    this.matches = kept;
    this.cursor = clampCursor(cursor, kept.length);
    if (this.filterOrigin !== undefined) {
      const j = remap[this.filterOrigin] ?? -1;
      this.filterOrigin = j >= 0 ? j : undefined;
    }
  }

  private currentPredicate(): ((e: TraceEvent) => boolean) | undefined {
    return this.mode === 'filter' && this.draftError === undefined ? this.draftMatch : this.match;
  }

  private draftMatch: ((e: TraceEvent) => boolean) | undefined;

  private editFilter(text: string): void {
    this.draft = text;
    const c = this.compile(text.trim());
    if (!c.ok) {
      this.draftError = c.error;
      return;
    }
    this.draftError = undefined;
    this.draftMatch = c.match;
    this.mode = 'filter';
    this.refilter(c.match);
  }

  /** The event selected when the filter line opened (Esc selects it again). */
  private filterOrigin: number | undefined;

  /**
   * Recomputes the matches for `pred`, keeping the selected event (or the next one) selected,
   * or `anchor` (an index into the buffer) when given.
   */
  private refilter(pred: ((e: TraceEvent) => boolean) | undefined, anchor?: number): void {
    const sel = anchor ?? this.matches[this.cursor] ?? 0;
    const stuck = this.follow && this.atBottom;
    const events = this.buffer.events;
    const out: number[] = [];
    let cursor = -1;
    for (let i = 0; i < events.length; i++) {
      if (pred === undefined || pred(events[i]!)) {
        if (cursor < 0 && i >= sel) cursor = out.length;
        out.push(i);
      }
    }
    this.matches = out;
    this.cursor = stuck || cursor < 0 ? clampCursor(out.length - 1, out.length) : cursor;
    this.newCount = 0;
    this.reconcile();
  }

  private moveTo(cursor: number): void {
    this.cursor = clampCursor(cursor, this.matches.length);
    if (this.atBottom) this.newCount = 0;
    this.reconcile();
  }

  private reconcile(): void {
    const total = this.matches.length;
    this.cursor = clampCursor(this.cursor, total);
    this.top = this.follow && this.atBottom ? Math.max(0, total - this.listHeight) : scrollTop(this.cursor, this.top, this.listHeight, total);
    const t = this.trace;
    if (t !== undefined) {
      t.row = clampCursor(t.row, t.layout.rows.length);
      t.top = scrollTop(t.row, t.top, this.treeHeight, t.layout.rows.length);
    }
  }

  private findError(dir: 1 | -1): void {
    if (this.mode === 'trace' && this.trace !== undefined) {
      const rows = this.trace.layout.rows;
      for (let i = this.trace.row + dir; i >= 0 && i < rows.length; i += dir) {
        if (rows[i]!.error) return this.moveRow(i - this.trace.row);
      }
    } else {
      const events = this.buffer.events;
      for (let i = this.cursor + dir; i >= 0 && i < this.matches.length; i += dir) {
        if (isError(events[this.matches[i]!]!)) return this.moveTo(i);
      }
    }
    this.notice = dir > 0 ? 'no next error' : 'no previous error';
  }

  private openTrace(): void {
    const e = this.selected;
    if (e === undefined) return;
    const layout = layoutTrace(this.buffer.traceEvents(e.trace_id));
    this.trace = { traceId: e.trace_id, layout, row: rowOfEvent(layout, e), top: 0, detailTop: 0 };
    this.mode = 'trace';
    this.reconcile();
  }

  private relayout(): void {
    const t = this.trace!;
    const spanId = t.layout.rows[t.row]?.spanId;
    t.layout = layoutTrace(this.buffer.traceEvents(t.traceId));
    const i = t.layout.rows.findIndex((r) => r.spanId === spanId);
    if (i >= 0) t.row = i;
  }

  private moveRow(delta: number): void {
    const t = this.trace;
    if (t === undefined) return;
    const before = t.row;
    const target = delta === Infinity ? t.layout.rows.length - 1 : delta === -Infinity ? 0 : t.row + delta;
    t.row = clampCursor(target, t.layout.rows.length);
    if (t.row !== before) t.detailTop = 0;
    this.reconcile();
  }

  private scrollDetail(delta: number): void {
    const t = this.trace;
    if (t === undefined) return;
    const max = Math.max(0, this.detailLines().length - this.detailHeight);
    t.detailTop = Math.min(Math.max(0, t.detailTop + delta), max);
  }

  private detailCache: { span: unknown; lines: string[] } | undefined;

  /** The detail pane's text for the selected span: each of its events as pretty JSON. */
  detailLines(): string[] {
    const span = this.trace?.layout.rows[this.trace.row];
    if (span === undefined) return [];
    if (this.detailCache?.span === span && this.detailCache.lines.length > 0) return this.detailCache.lines;
    const lines: string[] = [];
    span.events.forEach((e, i) => {
      lines.push(`── ${escapeText(`${e.component}:${e.operation}`)} · event ${i + 1} of ${span.events.length} ──`);
      lines.push(...prettyLines(e));
    });
    this.detailCache = { span, lines };
    return lines;
  }
}

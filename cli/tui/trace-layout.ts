/**
 * One trace as a tree of spans and a waterfall: events are grouped by `span_id` (a span's
 * opening and closing events share it), spans are nested by `parent_span_id`, siblings are
 * ordered by start time, and each span gets a bar scaled to the trace's time range.
 * @module
 */
import type { TraceEvent } from '../../src/event.js';
import { isErrorEvent as isError } from '../../src/event.js';

/** One span of a trace, placed in the tree. */
export interface SpanRow {
  spanId: string;
  parentSpanId?: string;
  /** The span's events in arrival order (usually an opening and a closing one). */
  events: TraceEvent[];
  /** `component:operation` of the first event. */
  name: string;
  /** The agent of the span's first event that names one. */
  agent?: string;
  /** Start and end in epoch milliseconds (end = start for a point event). */
  start: number;
  end: number;
  /** `duration_ms` of the closing event, when there is one. */
  durationMs?: number;
  /** Any event of the span is an error. */
  error: boolean;
  /** Nesting depth, 0 at a root. */
  depth: number;
}

/** Totals of one trace. */
export interface TraceTotals {
  spans: number;
  events: number;
  errors: number;
  /** Wall time from the first start to the last end, in ms. */
  durationMs: number;
  agents: string[];
  /** Sum of `data.usage.input_tokens` / `output_tokens` over the trace's events. */
  inputTokens: number;
  outputTokens: number;
}

/** A trace laid out for display. */
export interface TraceLayout {
  traceId: string;
  /** Spans in tree order (depth first, siblings by start time). */
  rows: SpanRow[];
  start: number;
  end: number;
  totals: TraceTotals;
}

/**
 * Lays out the events of one trace (any order, any subset; a span whose parent is missing
 * becomes a root, a parent cycle is broken).
 * @example
 * ```ts
 * const t = layoutTrace(events.filter((e) => e.trace_id === id));
 * t.rows.map((r) => '  '.repeat(r.depth) + r.name);
 * ```
 */
export function layoutTrace(events: readonly TraceEvent[]): TraceLayout {
  const spans = new Map<string, SpanRow>();
  let lastTime = 0;
  let events0 = 0;
  let errors = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  const agents = new Set<string>();
  for (const e of events) {
    events0++;
    if (isError(e)) errors++;
    if (e.agent_id !== undefined) agents.add(e.agent_id);
    const usage = (e.data as { usage?: { input_tokens?: unknown; output_tokens?: unknown } } | undefined)?.usage;
    if (usage && typeof usage === 'object') {
      if (typeof usage.input_tokens === 'number') inputTokens += usage.input_tokens;
      if (typeof usage.output_tokens === 'number') outputTokens += usage.output_tokens;
    }
    const parsed = Date.parse(e.timestamp);
    const t = Number.isNaN(parsed) ? lastTime : parsed;
    lastTime = t;
    let s = spans.get(e.span_id);
    if (s === undefined) {
      s = { spanId: e.span_id, events: [], name: `${e.component}:${e.operation}`, start: t, end: t, error: false, depth: 0 };
      if (e.parent_span_id !== undefined) s.parentSpanId = e.parent_span_id;
      spans.set(e.span_id, s);
    }
    s.events.push(e);
    if (s.agent === undefined && e.agent_id !== undefined) s.agent = e.agent_id;
    if (s.parentSpanId === undefined && e.parent_span_id !== undefined) s.parentSpanId = e.parent_span_id;
    if (isError(e)) s.error = true;
    if (t < s.start) s.start = t;
    if (t > s.end) s.end = t;
    if (e.duration_ms !== undefined && Number.isFinite(e.duration_ms) && e.duration_ms >= 0) {
      s.durationMs = e.duration_ms;
      if (t - e.duration_ms < s.start) s.start = t - e.duration_ms;
    }
  }

  const children = new Map<string, SpanRow[]>();
  const roots: SpanRow[] = [];
  for (const s of spans.values()) {
    const p = s.parentSpanId;
    if (p !== undefined && p !== s.spanId && spans.has(p)) {
      let list = children.get(p);
      if (list === undefined) children.set(p, (list = []));
      list.push(s);
    } else {
      roots.push(s);
    }
  }
  const byStart = (a: SpanRow, b: SpanRow): number => a.start - b.start;
  const rows: SpanRow[] = [];
  const seen = new Set<string>();
  const visit = (s: SpanRow, depth: number): void => {
    // Iterative depth-first walk: deep or cyclic parent chains cannot overflow the stack.
    const stack: Array<[SpanRow, number]> = [[s, depth]];
    while (stack.length > 0) {
      const [node, d] = stack.pop()!;
      if (seen.has(node.spanId)) continue;
      seen.add(node.spanId);
      node.depth = d;
      rows.push(node);
      const kids = (children.get(node.spanId) ?? []).slice().sort(byStart);
      for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, d + 1]);
    }
  };
  for (const r of roots.sort(byStart)) visit(r, 0);
  // Spans only reachable through a parent cycle: shown as roots.
  for (const s of [...spans.values()].sort(byStart)) if (!seen.has(s.spanId)) visit(s, 0);

  let start = Infinity;
  let end = -Infinity;
  for (const r of rows) {
    if (r.start < start) start = r.start;
    if (r.end > end) end = r.end;
  }
  if (rows.length === 0) start = end = 0;
  return {
    traceId: events[0]?.trace_id ?? '',
    rows,
    start,
    end,
    totals: { spans: rows.length, events: events0, errors, durationMs: end - start, agents: [...agents], inputTokens, outputTokens },
  };
}

/**
 * The waterfall bar of a span: `width` columns, the span's share of the trace's time range
 * drawn with `█` (at least one column), a point event drawn as `▪`.
 */
export function waterfallBar(row: SpanRow, start: number, end: number, width: number): string {
  if (width <= 0) return '';
  const total = end - start;
  if (total <= 0) return (row.end > row.start ? '█' : '▪').padEnd(width);
  let offset = Math.floor(((row.start - start) / total) * width);
  offset = Math.min(Math.max(offset, 0), width - 1);
  let len = Math.round(((row.end - row.start) / total) * width);
  len = Math.min(Math.max(len, 1), width - offset);
  const mark = row.end > row.start ? '█'.repeat(len) : '▪';
  return (' '.repeat(offset) + mark).padEnd(width);
}

/** The index of the row holding the span of `e`, or 0. */
export function rowOfEvent(layout: TraceLayout, e: TraceEvent | undefined): number {
  if (e === undefined) return 0;
  const i = layout.rows.findIndex((r) => r.spanId === e.span_id);
  return i < 0 ? 0 : i;
}

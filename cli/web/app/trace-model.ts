/**
 * One trace for the page: the span tree and waterfall (the viewer's own layout,
 * `cli/tui/trace-layout.ts`), the critical path, the flame rectangles, and the conversation
 * read top to bottom. Pure functions, tested without a browser.
 * @module
 */
import type { TraceEvent } from '../../../src/event.js';
import type { SpanRow, TraceLayout } from '../../tui/trace-layout.js';
import { layoutTrace } from '../../tui/trace-layout.js';

export type { SpanRow, TraceLayout };
export { layoutTrace };

/**
 * The spans on the critical path (as Jaeger computes it): from the root that ends last, walk
 * back in time. Within a span, the child that ends last is on the path; before that child
 * started, the child that ended last before then; and so on, each one walked the same way.
 * Children that ran beside one already chosen are not on the path.
 */
export function criticalPath(layout: TraceLayout): Set<string> {
  const children = new Map<string, SpanRow[]>();
  for (const r of layout.rows) {
    if (r.parentSpanId === undefined || r.depth === 0) continue;
    let list = children.get(r.parentSpanId);
    if (list === undefined) children.set(r.parentSpanId, (list = []));
    list.push(r);
  }
  const out = new Set<string>();
  const roots = layout.rows.filter((r) => r.depth === 0);
  const last = roots.reduce<SpanRow | undefined>((a, r) => (a === undefined || r.end > a.end ? r : a), undefined);
  if (last === undefined) return out;
  // Iterative: [span, the time up to which it is on the path].
  const stack: Array<[SpanRow, number]> = [[last, last.end]];
  while (stack.length > 0) {
    const [span, until] = stack.pop()!;
    if (out.has(span.spanId)) continue;
    out.add(span.spanId);
    const kids = (children.get(span.spanId) ?? []).slice().sort((a, b) => b.end - a.end || b.start - a.start);
    let t = until;
    for (const k of kids) {
      if (k.start >= t) continue; // started after the time the path is at: ran beside it
      stack.push([k, Math.min(k.end, t)]);
      t = k.start;
    }
  }
  return out;
}

/** A span's name with what it worked on: the tool (`server/tool`) or the model. */
export function spanLabel(row: SpanRow): string {
  for (const e of row.events) {
    const d = e.data as Record<string, unknown> | undefined;
    if (d === undefined || typeof d !== 'object') continue;
    if (typeof d['tool'] === 'string') return `${row.name} ${typeof d['server'] === 'string' ? d['server'] + '/' : ''}${d['tool']}`;
    if (typeof d['model'] === 'string') return `${row.name} ${d['model']}`;
  }
  return row.name;
}

/** A user's message without the tracer's `User sent: ` wording. */
export function userText(message: string): string {
  return strip(message);
}

/** A flame rectangle: x and width in [0, 1] of the trace's time range, y the depth. */
export interface FlameRect {
  span: SpanRow;
  x: number;
  w: number;
  depth: number;
}

/** The flame view: x is time, width is duration, y is depth. */
export function flameRects(layout: TraceLayout): FlameRect[] {
  const total = layout.end - layout.start;
  return layout.rows.map((r) => {
    const x = total > 0 ? (r.start - layout.start) / total : 0;
    const w = total > 0 ? Math.max((r.end - r.start) / total, 0.002) : 1;
    return { span: r, x, w: Math.min(w, 1 - x), depth: r.depth };
  });
}

/** One turn of the conversation view. */
export interface Turn {
  kind: 'user' | 'route' | 'model-call' | 'model-answer' | 'tool-call' | 'tool-result' | 'agent' | 'reply' | 'error' | 'other';
  /** Who speaks: the user id, an agent, a model, a tool. */
  who: string;
  text: string;
  /** Structured details shown as JSON (params, results, usage). */
  detail?: unknown;
  error: boolean;
  event: TraceEvent;
}

const PREFIXES: Array<[RegExp, string]> = [
  [/^User sent: /, ''],
  [/^Orchestrator responding to user: /, ''],
  [/^Agent '[^']*' responded: /, ''],
];

function strip(message: string): string {
  for (const [re] of PREFIXES) if (re.test(message)) return message.replace(re, '');
  return message;
}

/** The trace read top to bottom like a chat: the user's message, the agent's model and tool calls, the reply. */
export function conversation(events: readonly TraceEvent[]): Turn[] {
  const out: Turn[] = [];
  for (const e of events) {
    const op = `${e.component}:${e.operation}`;
    const d = (e.data ?? {}) as Record<string, unknown>;
    const error = e.level === 'ERROR' || e.error !== undefined;
    const agent = e.agent_id ?? 'agent';
    if (op === 'user:message') out.push({ kind: 'user', who: e.user_id ?? 'user', text: strip(e.message), error, event: e });
    else if (op === 'orchestrator:route') out.push({ kind: 'route', who: 'orchestrator', text: e.message, error, event: e });
    else if (op === 'agent:llm_call') out.push({ kind: 'model-call', who: `${agent} → ${String(d['model'] ?? 'model')}`, text: e.message, detail: d['messages'], error, event: e });
    else if (op === 'agent:llm_result') out.push({ kind: 'model-answer', who: String(d['model'] ?? 'model'), text: typeof d['output'] === 'string' ? d['output'] : e.message, detail: d['usage'], error, event: e });
    else if (op === 'agent:tool_call') out.push({ kind: 'tool-call', who: `${agent} → ${String(d['server'] ?? '')}/${String(d['tool'] ?? '')}`, text: e.message, detail: d['params'], error, event: e });
    else if (op === 'agent:tool_result') out.push({ kind: 'tool-result', who: `${String(d['server'] ?? '')}/${String(d['tool'] ?? '')}`, text: e.message, detail: d['result'], error, event: e });
    else if (op === 'agent:process_start') out.push({ kind: 'agent', who: agent, text: e.message, error, event: e });
    else if (op === 'agent:response') out.push({ kind: 'agent', who: agent, text: strip(e.message), error, event: e });
    else if (op === 'orchestrator:response') out.push({ kind: 'reply', who: 'orchestrator', text: strip(e.message), error, event: e });
    else if (error) out.push({ kind: 'error', who: op, text: e.error ? `${e.error.type}: ${e.error.message}` : e.message, detail: e.error, error, event: e });
    else if (e.component !== 'mcp') out.push({ kind: 'other', who: op, text: e.message, error, event: e });
  }
  return out;
}

/**
 * Trace statistics (`muxi trace stats`, the dashboard's analytics): events per component and
 * operation, traces, errors and the error rate, latency percentiles per operation, agent and
 * tool, tool calls, token totals per agent and model, and events over time. One implementation:
 * every source's figures are defined by this file (a database source computes the same with SQL).
 * @module
 */
import type { TraceEvent } from '../event.js';
import type { LatencySummary } from './quantiles.js';
import { Quantiles } from './quantiles.js';
import { timestampMs } from './time.js';
import type { Timeline } from './timeline.js';
import { TimelineCounter } from './timeline.js';

/** Token totals of one agent and model, from `data.usage` of the events that carry it. */
export interface TokenTotals {
  agent: string;
  model: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
}

/** Calls of one tool, keyed like `latency.tool` (`component:server/tool`). */
export interface ToolUsage {
  /** `tool_call` events. */
  calls: number;
  /** `tool_result` events at level `ERROR` and `tool_call_error` events. */
  errors: number;
}

/** The statistics of a set of events (the `--json` form of `muxi trace stats`). */
export interface TraceStats {
  events: number;
  /** Distinct trace ids. */
  traces: number;
  /** Events at level `ERROR`. */
  errors: number;
  /** `errors / events` (0 without events). */
  error_rate: number;
  first_timestamp?: string;
  last_timestamp?: string;
  components: Record<string, number>;
  operations: Record<string, { events: number; errors: number }>;
  latency: {
    /** By `component:operation`, from `duration_ms`. */
    operation: Record<string, LatencySummary>;
    /** By agent id, from the `agent:response` events (the agent's processing time). */
    agent: Record<string, LatencySummary>;
    /** By `component:server/tool`, from `tool_result`/`tool_call_error` events. */
    tool: Record<string, LatencySummary>;
  };
  tokens: TokenTotals[];
  /** Tool calls and failures by `component:server/tool`, most called first. */
  tools: Record<string, ToolUsage>;
  /** Events and errors per time bucket (see `timeline.ts`). */
  timeline: Timeline;
}

/** Options of {@link StatsCollector}. */
export interface StatsCollectorOptions {
  /**
   * Count distinct trace ids (default true). A caller that knows the number of traces itself
   * (the trace index) turns this off so memory does not grow with them, and fills `traces` in.
   */
  countTraces?: boolean;
}

/**
 * Accumulates {@link TraceStats} one event at a time, in memory that grows only with the
 * number of distinct keys (and trace ids), not with the number of events.
 * @example
 * ```ts
 * const s = new StatsCollector(); for (const e of events) s.add(e); console.log(formatStats(s.result()));
 * ```
 */
export class StatsCollector {
  private events = 0;
  private errors = 0;
  private first: string | undefined;
  private last: string | undefined;
  private readonly traces = new Set<string>();
  private readonly components = new Map<string, { count: number }>();
  private readonly operations = new Map<string, { events: number; errors: number }>();
  /** Per component, per operation: the counters and series to update (no key string built per event). */
  private readonly slots = new Map<string, Map<string, OpSlot>>();
  private readonly byOp = new Map<string, Quantiles>();
  private readonly byAgent = new Map<string, Quantiles>();
  private readonly byTool = new Map<string, Quantiles>();
  private readonly tokens = new Map<string, TokenTotals>();
  private readonly tools = new Map<string, ToolUsage>();
  private readonly timeline = new TimelineCounter();
  private readonly countTraces: boolean;

  constructor(opts: StatsCollectorOptions = {}) {
    this.countTraces = opts.countTraces !== false;
  }

  /**
   * Adds one event. Only these fields are read: `timestamp`, `level`, `trace_id`, `component`,
   * `operation`, `agent_id`, `duration_ms`, and in `data`: `tool`, `server`, `usage`, `model`.
   * `ms` is `timestamp` in epoch ms when the caller has it already.
   */
  add(e: TraceEvent, ms?: number): void {
    this.events++;
    const isErr = e.level === 'ERROR';
    if (isErr) this.errors++;
    const ts = e.timestamp;
    if (this.first === undefined || ts < this.first) this.first = ts;
    if (this.last === undefined || ts > this.last) this.last = ts;
    this.timeline.add(ms ?? timestampMs(ts), isErr);
    if (this.countTraces) this.traces.add(e.trace_id);
    const slot = this.slot(e.component, e.operation);
    slot.component.count++;
    const o = slot.counts;
    o.events++;
    if (isErr) o.errors++;
    const isCall = e.operation === 'tool_call';
    if (isCall || (isErr && e.operation === 'tool_result') || e.operation === 'tool_call_error') {
      const tool = e.data?.['tool'];
      if (typeof tool === 'string') {
        const server = e.data?.['server'];
        const key = `${e.component}:${typeof server === 'string' ? server + '/' : ''}${tool}`;
        let u = this.tools.get(key);
        if (u === undefined) this.tools.set(key, (u = { calls: 0, errors: 0 }));
        if (isCall) u.calls++;
        else u.errors++;
      }
    }
    const d = e.duration_ms;
    if (typeof d === 'number') {
      (slot.latency ??= series(this.byOp, slot.key)).add(d);
      if (e.component === 'agent' && e.operation === 'response' && e.agent_id !== undefined) series(this.byAgent, e.agent_id).add(d);
      if (e.operation === 'tool_result' || e.operation === 'tool_call_error') {
        const tool = e.data?.['tool'];
        if (typeof tool === 'string') {
          const server = e.data?.['server'];
          series(this.byTool, `${e.component}:${typeof server === 'string' ? server + '/' : ''}${tool}`).add(d);
        }
      }
    }
    const usage = e.data?.['usage'];
    if (usage !== null && typeof usage === 'object') {
      const u = usage as Record<string, unknown>;
      const inp = typeof u['input_tokens'] === 'number' ? u['input_tokens'] : 0;
      const out = typeof u['output_tokens'] === 'number' ? u['output_tokens'] : 0;
      if (inp > 0 || out > 0) {
        const model = e.data?.['model'];
        const agent = e.agent_id ?? '-';
        const m = typeof model === 'string' ? model : '-';
        const key = agent + '\u0000' + m;
        let t = this.tokens.get(key);
        if (t === undefined) this.tokens.set(key, (t = { agent, model: m, calls: 0, input_tokens: 0, output_tokens: 0 }));
        t.calls++;
        t.input_tokens += inp;
        t.output_tokens += out;
      }
    }
  }

  private slot(component: string, operation: string): OpSlot {
    let byOp = this.slots.get(component);
    if (byOp === undefined) this.slots.set(component, (byOp = new Map()));
    let slot = byOp.get(operation);
    if (slot === undefined) {
      const key = component + ':' + operation;
      let c = this.components.get(component);
      if (c === undefined) this.components.set(component, (c = { count: 0 }));
      let counts = this.operations.get(key);
      if (counts === undefined) this.operations.set(key, (counts = { events: 0, errors: 0 }));
      slot = { key, component: c, counts, latency: this.byOp.get(key) };
      byOp.set(operation, slot);
    }
    return slot;
  }

  /** The statistics so far; keys sorted by count (then name). */
  result(): TraceStats {
    const out: TraceStats = {
      events: this.events,
      traces: this.traces.size,
      errors: this.errors,
      error_rate: this.events === 0 ? 0 : this.errors / this.events,
      components: Object.fromEntries(sortByCount([...this.components].map(([k, v]) => [k, v.count] as [string, number]), (v) => v)),
      operations: Object.fromEntries(sortByCount([...this.operations], (v) => v.events)),
      latency: { operation: summaries(this.byOp), agent: summaries(this.byAgent), tool: summaries(this.byTool) },
      tokens: [...this.tokens.values()].sort((a, b) => (b.input_tokens + b.output_tokens) - (a.input_tokens + a.output_tokens) ||
        cmpText(a.agent, b.agent) || cmpText(a.model, b.model)),
      tools: Object.fromEntries(sortByCount([...this.tools], (v) => v.calls)),
      timeline: this.timeline.result(),
    };
    if (this.first !== undefined) out.first_timestamp = this.first;
    if (this.last !== undefined) out.last_timestamp = this.last;
    return out;
  }
}

/** The counters one `component:operation` updates. */
interface OpSlot {
  key: string;
  component: { count: number };
  counts: { events: number; errors: number };
  latency: Quantiles | undefined;
}

function series(m: Map<string, Quantiles>, key: string): Quantiles {
  let q = m.get(key);
  if (q === undefined) m.set(key, (q = new Quantiles()));
  return q;
}

/** Compares strings by UTF-16 code unit (as `<` does). */
export function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Entries by count, most first, then by key. */
export function sortByCount<V>(entries: Array<[string, V]>, count: (v: V) => number): Array<[string, V]> {
  return entries.sort((a, b) => count(b[1]) - count(a[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function summaries(m: Map<string, Quantiles>): Record<string, LatencySummary> {
  const list = [...m].map(([k, q]) => [k, q.summary()] as [string, LatencySummary]);
  return Object.fromEntries(sortByCount(list, (s) => s.count));
}

/**
 * Trace statistics (`muxi trace stats`): events per component and operation, traces, errors,
 * latency percentiles per operation, agent and tool, and token totals per agent and model.
 * @module
 */
import type { TraceEvent } from '../event.js';
import type { LatencySummary } from './quantiles.js';
import { Quantiles } from './quantiles.js';

/** Token totals of one agent and model, from `data.usage` of the events that carry it. */
export interface TokenTotals {
  agent: string;
  model: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
}

/** The statistics of a set of events (the `--json` form of `muxi trace stats`). */
export interface TraceStats {
  events: number;
  traces: number;
  errors: number;
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
  private readonly components = new Map<string, number>();
  private readonly operations = new Map<string, { events: number; errors: number }>();
  private readonly byOp = new Map<string, Quantiles>();
  private readonly byAgent = new Map<string, Quantiles>();
  private readonly byTool = new Map<string, Quantiles>();
  private readonly tokens = new Map<string, TokenTotals>();

  /** Adds one event. */
  add(e: TraceEvent): void {
    this.events++;
    const isErr = e.level === 'ERROR';
    if (isErr) this.errors++;
    const ts = e.timestamp;
    if (this.first === undefined || ts < this.first) this.first = ts;
    if (this.last === undefined || ts > this.last) this.last = ts;
    this.traces.add(e.trace_id);
    this.components.set(e.component, (this.components.get(e.component) ?? 0) + 1);
    const op = e.component + ':' + e.operation;
    let o = this.operations.get(op);
    if (o === undefined) this.operations.set(op, (o = { events: 0, errors: 0 }));
    o.events++;
    if (isErr) o.errors++;
    const d = e.duration_ms;
    if (typeof d === 'number') {
      series(this.byOp, op).add(d);
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

  /** The statistics so far; keys sorted by count (then name). */
  result(): TraceStats {
    const out: TraceStats = {
      events: this.events,
      traces: this.traces.size,
      errors: this.errors,
      components: Object.fromEntries(sortByCount([...this.components], (v) => v)),
      operations: Object.fromEntries(sortByCount([...this.operations], (v) => v.events)),
      latency: { operation: summaries(this.byOp), agent: summaries(this.byAgent), tool: summaries(this.byTool) },
      tokens: [...this.tokens.values()].sort((a, b) => (b.input_tokens + b.output_tokens) - (a.input_tokens + a.output_tokens)),
    };
    if (this.first !== undefined) out.first_timestamp = this.first;
    if (this.last !== undefined) out.last_timestamp = this.last;
    return out;
  }
}

function series(m: Map<string, Quantiles>, key: string): Quantiles {
  let q = m.get(key);
  if (q === undefined) m.set(key, (q = new Quantiles()));
  return q;
}

function sortByCount<V>(entries: Array<[string, V]>, count: (v: V) => number): Array<[string, V]> {
  return entries.sort((a, b) => count(b[1]) - count(a[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function summaries(m: Map<string, Quantiles>): Record<string, LatencySummary> {
  const list = [...m].map(([k, q]) => [k, q.summary()] as [string, LatencySummary]);
  return Object.fromEntries(sortByCount(list, (s) => s.count));
}

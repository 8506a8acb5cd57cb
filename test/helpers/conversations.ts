/**
 * MUXI conversations as trace events with known summary fields, for trace-source tests.
 */
import type { TraceEvent } from '../../src/event.js';
import { jsonLine } from '../../src/format/json.js';

/** What one generated conversation looks like. */
export interface Conversation {
  trace: string;
  user?: string;
  agent: string;
  /** Epoch ms of its first event; events are 10 ms apart. */
  start: number;
  message: string;
  /** The tool result fails (two ERROR events: mcp and agent tool results). */
  error?: boolean;
  tokens?: [number, number];
  tool?: string;
}

const hex16 = (n: number): string => n.toString(16).padStart(16, '0');

/** The events of a conversation, in order: 7 events, 4 spans (2 with ERROR when `error`). */
export function conversation(c: Conversation): TraceEvent[] {
  let t = c.start;
  const span = parseInt(c.trace.slice(-6), 16) * 16;
  const at = (): string => new Date((t += 10) - 10).toISOString();
  const root = hex16(span + 1);
  const agentSpan = hex16(span + 2);
  const toolSpan = hex16(span + 3);
  const mcpSpan = hex16(span + 4);
  const base = { trace_id: c.trace, level: 'TRACE' as const };
  const user = c.user !== undefined ? { user_id: c.user } : {};
  const tool = c.tool ?? 'search';
  const [inp, out] = c.tokens ?? [10, 2];
  return [
    { ...base, timestamp: at(), span_id: root, component: 'user', operation: 'message', message: `User sent: ${c.message}`, ...user, data: { message: c.message } },
    { ...base, timestamp: at(), span_id: agentSpan, parent_span_id: root, component: 'agent', operation: 'process_start', message: `Agent '${c.agent}' processing message`, ...user, agent_id: c.agent },
    { ...base, timestamp: at(), span_id: agentSpan, parent_span_id: root, component: 'agent', operation: 'llm_result', message: 'model answered', agent_id: c.agent, data: { model: 'm-1', usage: { input_tokens: inp, output_tokens: out } }, duration_ms: 5 },
    { ...base, timestamp: at(), span_id: toolSpan, parent_span_id: agentSpan, component: 'agent', operation: 'tool_call', message: `Agent '${c.agent}' calling tool '${tool}' on server 'tools'`, agent_id: c.agent, data: { server: 'tools', tool, params: { q: c.message } } },
    { ...base, timestamp: at(), span_id: mcpSpan, parent_span_id: toolSpan, component: 'mcp', operation: 'tool_result', message: `${tool} done`, level: c.error ? 'ERROR' : 'TRACE', data: { server: 'tools', tool }, duration_ms: 3 },
    { ...base, timestamp: at(), span_id: toolSpan, parent_span_id: agentSpan, component: 'agent', operation: 'tool_result', message: `Agent '${c.agent}' received result from tool '${tool}'`, level: c.error ? 'ERROR' : 'TRACE', agent_id: c.agent, data: { server: 'tools', tool }, duration_ms: 4.5 },
    { ...base, timestamp: at(), span_id: root, component: 'orchestrator', operation: 'response', message: 'Orchestrator responding to user: done', ...user, duration_ms: 60 },
  ];
}

/** JSON lines (with newlines) of events. */
export function toLines(events: readonly TraceEvent[]): string {
  return events.map((e) => jsonLine(e) + '\n').join('');
}

/** A 32-hex trace id from a number, with a fixed prefix per `group` (so prefixes can be tested). */
export function traceId(n: number, group = 'a1b2'): string {
  return (group + n.toString(16).padStart(28, '0')).slice(0, 32);
}

/** Interleaves conversations event by event (as concurrent conversations are written). */
export function interleave(convs: readonly TraceEvent[][]): TraceEvent[] {
  const out: TraceEvent[] = [];
  const max = Math.max(0, ...convs.map((c) => c.length));
  for (let i = 0; i < max; i++) for (const c of convs) if (i < c.length) out.push(c[i]!);
  return out;
}

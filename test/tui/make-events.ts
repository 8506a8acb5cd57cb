/**
 * Test events for the viewer: whole conversations shaped like a decorated MUXI app's trace
 * (the contract's event order, spans nested by parent_span_id, durations on closing events).
 */
import type { TraceEvent } from '../../src/event.js';

let seq = 0;
const hex = (n: number, len: number): string => n.toString(16).padStart(len, '0').slice(-len);

/** `len` hex digits that look random but are deterministic (a multiplicative hash of a counter). */
function noise(len: number): string {
  let out = '';
  let x = (++seq * 2654435761) >>> 0;
  while (out.length < len) {
    x = (Math.imul(x ^ (x >>> 15), 2246822519) + 0x9e3779b9) >>> 0;
    out += hex(x, 8);
  }
  return out.slice(0, len);
}

/** A unique 32-hex trace id; `tag` (0..0xffff) becomes its first four digits, readable in assertions. */
export function traceIdFor(tag: number): string {
  return hex(tag, 4) + noise(28);
}

/** Options of {@link conversation}. */
export interface ConversationOptions {
  traceId?: string;
  /** Epoch ms of the first event (default 2026-05-15T10:15:22.000Z). */
  start?: number;
  agent?: string;
  tool?: string;
  /** Make the tool call fail (ERROR events with an `error`). */
  fail?: boolean;
  message?: string;
}

/** One user message's events, in emission order (11 events). */
export function conversation(o: ConversationOptions = {}): TraceEvent[] {
  const trace = o.traceId ?? traceIdFor(0xabcd);
  const t0 = o.start ?? Date.parse('2026-05-15T10:15:22.000Z');
  const agent = o.agent ?? 'weather';
  const tool = o.tool ?? 'forecast';
  const span = (): string => noise(16);
  const [root, route, proc, llm, call, mcp] = [span(), span(), span(), span(), span(), span()];
  const ev = (ms: number, spanId: string, parent: string | undefined, component: string, operation: string,
    message: string, extra: Partial<TraceEvent> = {}): TraceEvent => {
    const e: TraceEvent = { timestamp: new Date(t0 + ms).toISOString(), level: 'TRACE', trace_id: trace, span_id: spanId, component, operation, message, user_id: 'u1', ...extra };
    if (parent !== undefined) e.parent_span_id = parent;
    return e;
  };
  const err = o.fail ? { level: 'ERROR' as const, error: { type: 'ToolError', message: 'upstream timeout' } } : {};
  return [
    ev(0, root, undefined, 'user', 'message', `User sent: ${o.message ?? 'weather in Paris?'}`),
    ev(2, route, root, 'orchestrator', 'route', `Routing message to agent '${agent}'`, { agent_id: agent }),
    ev(3, proc, root, 'agent', 'process_start', `Agent '${agent}' processing message`, { agent_id: agent }),
    ev(4, llm, proc, 'agent', 'llm_call', `Agent '${agent}' calling model 'gpt-x'`, { agent_id: agent }),
    ev(40, llm, proc, 'agent', 'llm_result', 'model answered', { agent_id: agent, duration_ms: 36, data: { usage: { input_tokens: 120, output_tokens: 30 } } }),
    ev(41, call, proc, 'agent', 'tool_call', `Agent '${agent}' calling tool '${tool}' on server 'meteo'`, { agent_id: agent, data: { params: { city: 'Paris' } } }),
    ev(42, mcp, call, 'mcp', 'tool_call', `executing ${tool}`),
    ev(90, mcp, call, 'mcp', 'tool_result', `${tool} done`, { duration_ms: 48, ...err }),
    ev(91, call, proc, 'agent', 'tool_result', `Agent '${agent}' received result from tool '${tool}'`, { agent_id: agent, duration_ms: 50, ...err }),
    ev(95, proc, root, 'agent', 'response', `Agent '${agent}' responded: sunny`, { agent_id: agent, duration_ms: 92 }),
    ev(96, root, undefined, 'orchestrator', 'response', 'Orchestrator responding to user: sunny', { duration_ms: 96 }),
  ];
}

/** `n` conversations one after another (each 11 events), every `failEvery`-th failing. */
export function conversations(n: number, failEvery = 0, start = Date.parse('2026-05-15T10:15:22.000Z')): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (let i = 0; i < n; i++) {
    out.push(...conversation({ traceId: traceIdFor(i), start: start + i * 1000, fail: failEvery > 0 && i % failEvery === failEvery - 1, agent: i % 2 ? 'weather' : 'travel' }));
  }
  return out;
}

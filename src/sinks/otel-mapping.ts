/**
 * From muxi-tracing events to OpenTelemetry span names, kinds and attributes, after the
 * OpenTelemetry GenAI semantic conventions (semantic-conventions v1.41.0, GenAI agent, model,
 * tool and MCP spans; development status). Pure functions, no OpenTelemetry import.
 * @module
 */
import type { TraceEvent } from '../event.js';

/** Span kinds, as `@opentelemetry/api`'s `SpanKind` numbers them. */
const KIND = { INTERNAL: 0, SERVER: 1, CLIENT: 2 } as const;

/** OpenTelemetry attribute values we produce. */
export type AttrValue = string | number | boolean;
export type Attrs = Record<string, AttrValue>;

/** What an event is to the bridge. */
export type EventRole = 'open' | 'close' | 'point';

/** `component:operation` pairs that open a span (closed by an event with the same `span_id`). */
const OPENERS = new Set(['user:message', 'agent:process_start', 'agent:tool_call', 'agent:llm_call', 'mcp:tool_call']);

/**
 * Opening, closing or point: an event with `duration_ms` closes a span; one of the MUXI
 * span-opening operations (or any `*_start`) opens one; anything else is a point event.
 */
export function roleOf(e: TraceEvent): EventRole {
  if (e.duration_ms !== undefined) return 'close';
  if (OPENERS.has(`${e.component}:${e.operation}`) || e.operation.endsWith('_start')) return 'open';
  return 'point';
}

/** How one span starts: its name, kind and attributes. */
export interface SpanShape {
  name: string;
  kind: number;
  attributes: Attrs;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

function quoted(message: string, after: string): string | undefined {
  const m = new RegExp(`${after} '([^']*)'`).exec(message);
  return m?.[1];
}

/** Attributes every span of ours carries: the conversation, our ids, who. */
function commonAttributes(e: TraceEvent): Attrs {
  const a: Attrs = {
    'gen_ai.conversation.id': e.trace_id,
    'muxi.trace_id': e.trace_id,
    'muxi.span_id': e.span_id,
    'muxi.component': e.component,
    'muxi.operation': e.operation,
  };
  if (e.parent_span_id !== undefined) a['muxi.parent_span_id'] = e.parent_span_id;
  if (e.user_id !== undefined) a['user.id'] = e.user_id;
  if (e.agent_id !== undefined) a['gen_ai.agent.name'] = e.agent_id;
  return a;
}

/** The span an opening event starts (also used for a close whose opening we never saw). */
export function shapeOf(e: TraceEvent, op: string = e.operation): SpanShape {
  const a = commonAttributes(e);
  const d = e.data ?? {};
  const key = `${e.component}:${op}`;
  switch (key) {
    case 'user:message':
    case 'orchestrator:response': {
      a['gen_ai.operation.name'] = 'invoke_workflow';
      a['gen_ai.agent.name'] = 'orchestrator';
      return { name: 'invoke_workflow orchestrator', kind: KIND.INTERNAL, attributes: a };
    }
    case 'agent:process_start':
    case 'agent:response': {
      const agent = e.agent_id ?? 'agent';
      a['gen_ai.operation.name'] = 'invoke_agent';
      a['gen_ai.agent.name'] = agent;
      return { name: `invoke_agent ${agent}`, kind: KIND.INTERNAL, attributes: a };
    }
    case 'agent:llm_call':
    case 'agent:llm_result': {
      const model = str(d['model']) ?? quoted(e.message, 'model') ?? 'unknown';
      a['gen_ai.operation.name'] = 'chat';
      a['gen_ai.request.model'] = model;
      const provider = str(d['provider']);
      if (provider !== undefined) a['gen_ai.provider.name'] = provider;
      return { name: `chat ${model}`, kind: KIND.CLIENT, attributes: a };
    }
    case 'agent:tool_call':
    case 'agent:tool_result': {
      const tool = str(d['tool']) ?? quoted(e.message, 'tool') ?? 'unknown';
      a['gen_ai.operation.name'] = 'execute_tool';
      a['gen_ai.tool.name'] = tool;
      const server = str(d['server']);
      if (server !== undefined) a['muxi.mcp.server'] = server;
      return { name: `execute_tool ${tool}`, kind: KIND.INTERNAL, attributes: a };
    }
    case 'mcp:tool_call':
    case 'mcp:tool_result': {
      const tool = str(d['tool']) ?? quoted(e.message, 'tool') ?? 'unknown';
      a['mcp.method.name'] = 'tools/call';
      a['gen_ai.operation.name'] = 'execute_tool';
      a['gen_ai.tool.name'] = tool;
      const server = str(d['server']);
      if (server !== undefined) a['muxi.mcp.server'] = server;
      return { name: `tools/call ${tool}`, kind: KIND.CLIENT, attributes: a };
    }
    default:
      return { name: `${e.component} ${op.replace(/_start$/, '')}`, kind: KIND.INTERNAL, attributes: a };
  }
}

/** The operation that opened the span a closing event closes, from the closing operation. */
export function openingOperation(e: TraceEvent): string {
  const op = e.operation;
  if (e.component === 'orchestrator' && op === 'response') return 'response';
  if (op.endsWith('_error')) return op.slice(0, -'_error'.length);
  if (op.endsWith('_end')) return op.slice(0, -'_end'.length);
  return op;
}

/** Attributes a closing event adds to its span: token usage. */
export function closeAttributes(e: TraceEvent): Attrs {
  const a: Attrs = {};
  const usage = e.data?.['usage'];
  if (usage !== null && typeof usage === 'object') {
    const u = usage as Record<string, unknown>;
    if (typeof u['input_tokens'] === 'number') a['gen_ai.usage.input_tokens'] = u['input_tokens'];
    if (typeof u['output_tokens'] === 'number') a['gen_ai.usage.output_tokens'] = u['output_tokens'];
  }
  const model = str(e.data?.['response_model']);
  if (model !== undefined) a['gen_ai.response.model'] = model;
  return a;
}

/** Whether an event marks failure: an error object, or level ERROR (an MCP `isError` result). */
export function isFailure(e: TraceEvent): boolean {
  return e.error !== undefined || e.level === 'ERROR';
}

/** `error.type` of a failure: the error's type, or `tool_error` for an MCP error result (as the MCP conventions name it). */
export function errorType(e: TraceEvent): string {
  if (e.error !== undefined) return e.error.type || '_OTHER';
  return e.operation.endsWith('tool_result') ? 'tool_error' : '_OTHER';
}

/** Attributes of a point event recorded as a span event. */
export function pointAttributes(e: TraceEvent): Attrs {
  const a: Attrs = { 'muxi.span_id': e.span_id, 'muxi.level': e.level, 'muxi.message': e.message };
  if (e.agent_id !== undefined) a['gen_ai.agent.name'] = e.agent_id;
  if (e.component === 'orchestrator' && e.operation === 'route' && e.agent_id !== undefined) a['muxi.route.agent'] = e.agent_id;
  return a;
}

/**
 * The MUXI event wording (PRD §7) and the helpers the mixins share: reading responses,
 * model usage and MCP error results, and emitting a point error event.
 * @module
 */
import type { Tracer } from '../src/index.js';
import { newSpanId, toTraceError } from '../src/index.js';
import { asText } from './message.js';

/** Token usage as it appears in `data.usage` of `agent:llm_result`. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  total_tokens?: number;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Reads token usage from a model result: `{usage:{input_tokens,output_tokens}}` (Anthropic),
 * `{usage:{prompt_tokens,completion_tokens}}` (OpenAI) or camelCase forms of either.
 */
export function usageOf(result: unknown): Usage | undefined {
  if (result === null || typeof result !== 'object') return undefined;
  const u = (result as { usage?: unknown }).usage;
  if (u === null || typeof u !== 'object') return undefined;
  const r = u as Record<string, unknown>;
  const input = num(r['input_tokens']) ?? num(r['prompt_tokens']) ?? num(r['inputTokens']) ?? num(r['promptTokens']);
  const output = num(r['output_tokens']) ?? num(r['completion_tokens']) ?? num(r['outputTokens']) ?? num(r['completionTokens']);
  if (input === undefined && output === undefined) return undefined;
  const out: Usage = { input_tokens: input ?? 0, output_tokens: output ?? 0 };
  const total = num(r['total_tokens']) ?? num(r['totalTokens']);
  out.total_tokens = total ?? out.input_tokens + out.output_tokens;
  return out;
}

/** The text of a response or model result: a string, or a common `text`/`content`/`response` field. */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of ['text', 'content', 'response', 'output', 'message']) if (typeof o[k] === 'string') return o[k] as string;
    const choice = (o['choices'] as Array<{ message?: { content?: unknown } }> | undefined)?.[0]?.message?.content;
    if (typeof choice === 'string') return choice;
    const mcp = mcpText(v);
    if (mcp !== undefined) return mcp;
  }
  return asText(v);
}

/** The joined text parts of an MCP tool result, if it is one. */
export function mcpText(v: unknown): string | undefined {
  const content = v !== null && typeof v === 'object' ? (v as { content?: unknown }).content : undefined;
  if (!Array.isArray(content)) return undefined;
  const texts = content.filter((c): c is { type: 'text'; text: string } => c !== null && typeof c === 'object' && typeof (c as { text?: unknown }).text === 'string')
    .map((c) => c.text);
  return texts.length ? texts.join('\n') : undefined;
}

/** Whether a value is an MCP error result (`isError: true`). */
export function isErrorResult(v: unknown): boolean {
  return v !== null && typeof v === 'object' && (v as { isError?: unknown }).isError === true;
}

/** A value read as an id (a string, or an object's `name`/`id`). */
export function idOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object') {
    const o = v as { name?: unknown; id?: unknown };
    if (typeof o.name === 'string') return o.name;
    if (typeof o.id === 'string') return o.id;
  }
  return asText(v);
}

/** The message of anything thrown. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : asText(err);
}

/**
 * Emits one `ERROR` event with the error, as a child of the current span (or in a new trace),
 * for methods that do not open a span (`selectAgent`).
 */
export function pointError(t: Tracer, component: string, operation: string, message: string, err: unknown, durationMs: number, data?: unknown): void {
  if (!t.enabled) return;
  const ctx = t.currentContext() ?? t.startTrace({}, () => t.currentContext());
  if (!ctx || !ctx.sampled) return;
  t.emitRaw(ctx.traceId, newSpanId(), ctx.spanId, component, operation, message, 'ERROR', ctx.userId, ctx.agentId, data,
    Math.round(durationMs * 1000) / 1000, toTraceError(err));
}

/**
 * The MUXI event wording (PRD §7) and the helpers the mixins share: reading responses,
 * model usage and MCP error results, and emitting a point error event.
 * @module
 */
import type { Tracer } from '../src/index.js';
import { toTraceError } from '../src/event.js';
import { newSpanId } from '../src/ids.js';
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

const TEXT_KEYS = ['text', 'content', 'response', 'output', 'message'];

/**
 * What a message shows of a response or model result: the string itself, or a common
 * `text`/`content`/`response`/`output`/`message` field, an OpenAI `choices[0].message.content`,
 * the text parts of an MCP result; else the value itself (the tracer renders it as bounded JSON).
 * Never throws (a hostile value is returned as it is).
 */
export function textSource(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  try {
    const o = v as Record<string, unknown>;
    for (let i = 0; i < TEXT_KEYS.length; i++) {
      const x = o[TEXT_KEYS[i]!];
      if (typeof x === 'string') return x;
    }
    const choices = o['choices'];
    if (Array.isArray(choices)) {
      const content = (choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content;
      if (typeof content === 'string') return content;
    }
    const mcp = mcpText(v);
    if (mcp !== undefined) return mcp;
  } catch {
    // unreadable: shown as the value
  }
  return v;
}

/** Text parts joined for a message: a few thousand characters at most (the tracer cuts the rest). */
const MCP_TEXT_MAX = 64 * 1024;

/** The joined text parts of an MCP tool result, if it is one (at most about 64 KiB of them); never throws. */
export function mcpText(v: unknown): string | undefined {
  try {
    const content = v !== null && typeof v === 'object' ? (v as { content?: unknown }).content : undefined;
    if (!Array.isArray(content)) return undefined;
    let out: string | undefined;
    for (let i = 0; i < content.length && (out === undefined || out.length < MCP_TEXT_MAX); i++) {
      const c = content[i] as { text?: unknown } | null;
      if (c === null || typeof c !== 'object' || typeof c.text !== 'string') continue;
      out = out === undefined ? c.text : out + '\n' + c.text;
    }
    return out;
  } catch {
    return undefined;
  }
}

/** Whether a value is an MCP error result (`isError: true`); never throws. */
export function isErrorResult(v: unknown): boolean {
  try {
    return v !== null && typeof v === 'object' && (v as { isError?: unknown }).isError === true;
  } catch {
    return false;
  }
}

/** A value read as an id (a string, or an object's `name`/`id`), bounded; never throws. */
export function idOf(v: unknown): string {
  if (typeof v === 'string') return v.length > ID_MAX ? v.slice(0, ID_MAX) : v;
  try {
    if (v !== null && typeof v === 'object') {
      const o = v as { name?: unknown; id?: unknown };
      if (typeof o.name === 'string') return idOf(o.name);
      if (typeof o.id === 'string') return idOf(o.id);
    }
  } catch {
    // unreadable
  }
  const t = asText(v);
  return t.length > ID_MAX ? t.slice(0, ID_MAX) : t;
}

/** Ids (agent, model, tool, server names) are cut at this many characters. */
const ID_MAX = 256;

/** The message of anything thrown (an Error's message, else the value), as the tracer renders it. */
export function errorSource(err: unknown): unknown {
  try {
    return err instanceof Error ? err.message : err;
  } catch {
    return err;
  }
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

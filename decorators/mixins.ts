/**
 * Mixins for MUXI classes: `TracedOrchestrator`, `TracedAgent`, `TracedMCPHandler` return
 * subclasses whose MUXI methods emit the PRD §7 events, as nested spans.
 * @module
 */
import type { Tracer } from '../src/index.js';
import { tracer as defaultTracer } from '../src/index.js';
import { asText } from './message.js';
import { callAndSettle, openSafely } from './settle.js';
import { errorText, idOf, isErrorResult, mcpText, pointError, textOf, usageOf } from './muxi-events.js';

/** Any class. */
export type Constructor<T = object> = new (...args: any[]) => T;

/** Method names of an Orchestrator (each `false` turns that method's tracing off). */
export interface OrchestratorMap {
  /** `chat(message, userId?)`: `user:message` ... `orchestrator:response` (default `'chat'`). */
  chat?: string | false;
  /** `selectAgent(message)` returning the agent id: `orchestrator:route` (default `'selectAgent'`). */
  selectAgent?: string | false;
  /** Tracer to use (default: the process-wide `tracer`). */
  tracer?: Tracer;
}

/** Method and property names of an Agent. */
export interface AgentMap {
  /** `processMessage(message)`: `agent:process_start` ... `agent:response` (default `'processMessage'`). */
  processMessage?: string | false;
  /** `callTool(serverName, toolName, params)`: `agent:tool_call` ... `agent:tool_result` (default `'callTool'`). */
  callTool?: string | false;
  /** `generate(messages)`, the model call: `agent:llm_call` ... `agent:llm_result` (default `'generate'`). */
  generate?: string | false;
  /** Property holding the agent id (default `'name'`). */
  name?: string;
  /** Property holding the model name (default `'model'`). */
  model?: string;
  /** Tracer to use (default: the process-wide `tracer`). */
  tracer?: Tracer;
}

/** Method names of an MCPHandler. */
export interface MCPHandlerMap {
  /** `executeTool(serverName, toolName, params)`: `mcp:tool_call` ... `mcp:tool_result` (default `'executeTool'`). */
  executeTool?: string | false;
  /** Tracer to use (default: the process-wide `tracer`). */
  tracer?: Tracer;
}

type Fn = (this: any, ...args: any[]) => any;
type Maker = (orig: Fn, t: Tracer) => Fn;

/** The method `name` as the base class has it (a getter or field is not a method: left alone). */
function findMethod(proto: object, name: string): Fn | undefined {
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return typeof d.value === 'function' ? (d.value as Fn) : undefined;
  }
  return undefined;
}

function subclass<T extends Constructor>(Base: T, t: Tracer, methods: Array<[string | false | undefined, Maker]>): T {
  const Sub = class extends Base {};
  Object.defineProperty(Sub, 'name', { value: Base.name, configurable: true });
  for (const [name, make] of methods) {
    if (!name) continue;
    const orig = findMethod(Base.prototype as object, name);
    if (!orig) continue;
    const wrapped = make(orig, t);
    Object.defineProperty(wrapped, 'name', { value: orig.name, configurable: true });
    Object.defineProperty(wrapped, 'length', { value: orig.length, configurable: true });
    Object.defineProperty(Sub.prototype, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
  }
  return Sub;
}

function optString(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

const chat: Maker = (orig, t) => function (this: unknown, ...args: unknown[]) {
  if (!t.enabled) return orig.apply(this, args);
  const message = args[0];
  const span = openSafely(() => t.startSpan({
    component: 'user', operation: 'message', message: `User sent: ${textOf(message)}`,
    userId: optString(args[1]), data: { message },
  }));
  if (span === undefined) return orig.apply(this, args);
  return callAndSettle(() => orig.apply(this, args), span.ctx, {
    ok(v) {
      span.end('response', { component: 'orchestrator', message: `Orchestrator responding to user: ${textOf(v)}`, data: { response: v } });
    },
    fail(err) {
      span.end('chat_error', { component: 'orchestrator', message: `Orchestrator failed to respond: ${errorText(err)}`, level: 'ERROR', error: err });
    },
  });
};

const selectAgent: Maker = (orig, t) => function (this: unknown, ...args: unknown[]) {
  if (!t.enabled) return orig.apply(this, args);
  const started = performance.now();
  return callAndSettle(() => orig.apply(this, args), undefined, {
    ok(v) {
      const id = idOf(v);
      t.trace('orchestrator', 'route', `Routing message to agent '${id}'`, { agentId: id, data: { message: args[0], agent_id: id } });
    },
    fail(err) {
      pointError(t, 'orchestrator', 'route_error', `Routing failed: ${errorText(err)}`, err, performance.now() - started, { message: args[0] });
    },
  });
};

/**
 * Traces an Orchestrator class: `chat` opens the conversation's root span (`user:message`, a new
 * trace unless one is active) closed by `orchestrator:response`; what `selectAgent` returns
 * becomes `orchestrator:route`. Errors: `orchestrator:chat_error`, `orchestrator:route_error`.
 *
 * @example
 * ```ts
 * import { TracedOrchestrator } from 'muxi-tracing/decorators';
 * export const Orchestrator = TracedOrchestrator(BaseOrchestrator);
 * ```
 */
export function TracedOrchestrator<T extends Constructor>(Base: T, map: OrchestratorMap = {}): T {
  const t = map.tracer ?? defaultTracer;
  return subclass(Base, t, [
    [map.chat ?? 'chat', chat],
    [map.selectAgent ?? 'selectAgent', selectAgent],
  ]);
}

/**
 * Traces an Agent class: `processMessage` is the agent's span (`agent:process_start` ...
 * `agent:response`); `generate` (`agent:llm_call`/`agent:llm_result`, with `data.usage`) and
 * `callTool` (`agent:tool_call`/`agent:tool_result`) are spans inside it. The agent id is read
 * from `name`, the model from `model`. Errors: `agent:process_error`, `agent:llm_call_error`,
 * `agent:tool_call_error`.
 *
 * @example
 * ```ts
 * export const Agent = TracedAgent(BaseAgent, { name: 'id' });
 * ```
 */
export function TracedAgent<T extends Constructor>(Base: T, map: AgentMap = {}): T {
  const t = map.tracer ?? defaultTracer;
  const nameKey = map.name ?? 'name';
  const modelKey = map.model ?? 'model';
  const agentId = (self: unknown): string => {
    try {
      const v = (self as Record<string, unknown> | null | undefined)?.[nameKey];
      return v === undefined || v === null ? 'unknown' : String(v);
    } catch {
      return 'unknown';
    }
  };

  const process: Maker = (orig) => function (this: unknown, ...args: unknown[]) {
    if (!t.enabled) return orig.apply(this, args);
    const id = agentId(this);
    const span = openSafely(() => t.startSpan({ component: 'agent', operation: 'process_start', message: `Agent '${id}' processing message`, agentId: id, data: { message: args[0] } }));
    if (span === undefined) return orig.apply(this, args);
    return callAndSettle(() => orig.apply(this, args), span.ctx, {
      ok(v) {
        span.end('response', { message: `Agent '${id}' responded: ${textOf(v)}`, data: { response: v } });
      },
      fail(err) {
        span.end('process_error', { message: `Agent '${id}' failed: ${errorText(err)}`, level: 'ERROR', error: err });
      },
    });
  };

  const generate: Maker = (orig) => function (this: unknown, ...args: unknown[]) {
    if (!t.enabled) return orig.apply(this, args);
    const id = agentId(this);
    let model = 'unknown';
    try {
      const m = (this as Record<string, unknown> | null | undefined)?.[modelKey];
      if (m !== undefined && m !== null) model = typeof m === 'object' ? idOf(m) : String(m);
    } catch { /* keep 'unknown' */ }
    const span = openSafely(() => t.startSpan({ component: 'agent', operation: 'llm_call', message: `Agent '${id}' calling model '${model}'`, agentId: id, data: { model, messages: args[0] } }));
    if (span === undefined) return orig.apply(this, args);
    return callAndSettle(() => orig.apply(this, args), span.ctx, {
      ok(v) {
        const usage = usageOf(v);
        const tokens = usage ? ` (${usage.input_tokens} input + ${usage.output_tokens} output tokens)` : '';
        span.end('llm_result', {
          message: `Agent '${id}' received answer from model '${model}'${tokens}`,
          data: { model, output: textOf(v), ...(usage ? { usage } : {}) },
        });
      },
      fail(err) {
        span.end('llm_call_error', { message: `Agent '${id}' model '${model}' failed: ${errorText(err)}`, level: 'ERROR', error: err, data: { model } });
      },
    });
  };

  const callTool: Maker = (orig) => function (this: unknown, ...args: unknown[]) {
    if (!t.enabled) return orig.apply(this, args);
    const id = agentId(this);
    const [server, tool, params] = [asText(args[0]), asText(args[1]), args[2]];
    const span = openSafely(() => t.startSpan({
      component: 'agent', operation: 'tool_call', message: `Agent '${id}' calling tool '${tool}' on server '${server}'`,
      agentId: id, data: { server, tool, params },
    }));
    if (span === undefined) return orig.apply(this, args);
    return callAndSettle(() => orig.apply(this, args), span.ctx, {
      ok(v) {
        span.end('tool_result', {
          message: `Agent '${id}' received result from tool '${tool}'`,
          level: isErrorResult(v) ? 'ERROR' : 'TRACE', data: { server, tool, result: v },
        });
      },
      fail(err) {
        span.end('tool_call_error', { message: `Agent '${id}' tool '${tool}' on server '${server}' failed: ${errorText(err)}`, level: 'ERROR', error: err, data: { server, tool } });
      },
    });
  };

  return subclass(Base, t, [
    [map.processMessage ?? 'processMessage', process],
    [map.generate ?? 'generate', generate],
    [map.callTool ?? 'callTool', callTool],
  ]);
}

const executeTool: Maker = (orig, t) => function (this: unknown, ...args: unknown[]) {
  if (!t.enabled) return orig.apply(this, args);
  const [server, tool, params] = [asText(args[0]), asText(args[1]), args[2]];
  const span = openSafely(() => t.startSpan({ component: 'mcp', operation: 'tool_call', message: `MCP server '${server}' executing tool '${tool}'`, data: { server, tool, params } }));
  if (span === undefined) return orig.apply(this, args);
  return callAndSettle(() => orig.apply(this, args), span.ctx, {
    ok(v) {
      const bad = isErrorResult(v);
      span.end('tool_result', {
        message: bad ? `MCP tool '${tool}' on server '${server}' returned an error: ${mcpText(v) ?? 'no details'}`
          : `MCP tool '${tool}' on server '${server}' returned a result`,
        level: bad ? 'ERROR' : 'TRACE', data: { server, tool, result: v },
      });
    },
    fail(err) {
      span.end('tool_call_error', { message: `MCP tool '${tool}' on server '${server}' failed: ${errorText(err)}`, level: 'ERROR', error: err, data: { server, tool } });
    },
  });
};

/**
 * Traces an MCPHandler class: `executeTool` is a span (`mcp:tool_call` ... `mcp:tool_result`,
 * level `ERROR` for an `isError` result). Errors: `mcp:tool_call_error`.
 *
 * @example
 * ```ts
 * export const MCPHandler = TracedMCPHandler(BaseMCPHandler);
 * ```
 */
export function TracedMCPHandler<T extends Constructor>(Base: T, map: MCPHandlerMap = {}): T {
  return subclass(Base, map.tracer ?? defaultTracer, [[map.executeTool ?? 'executeTool', executeTool]]);
}

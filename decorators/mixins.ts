/**
 * Mixins for MUXI classes: `TracedOrchestrator`, `TracedAgent`, `TracedMCPHandler` return
 * subclasses whose MUXI methods emit the PRD §7 events, as nested spans.
 * @module
 */
import type { Tracer } from '../src/index.js';
import { tracer as defaultTracer } from '../src/index.js';
import { Phrase } from '../src/phrase.js';
import { callAndSettle, openSafely } from './settle.js';
import { errorSource, idOf, isErrorResult, mcpText, pointError, textSource, usageOf } from './muxi-events.js';

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

/**
 * `{ [key]: value }` for the event's data, or nothing when the value is a string: the message
 * already shows a string whole (`User sent: <message>`), so it is not written twice.
 */
function valueData(key: string, value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'string' ? undefined : { [key]: value };
}

/** An argument read as a short name (server, tool): a string as it is, anything else as bounded text. */
function nameOf(t: Tracer, v: unknown): string {
  return typeof v === 'string' && v.length <= 256 ? v : t.composeMessage('', v).slice(0, 256);
}

const chat: Maker = (orig, t) => function (this: unknown, ...args: unknown[]) {
  if (!t.enabled) return orig.apply(this, args);
  const message = args[0];
  const span = openSafely(() => t.startSpan({
    component: 'user', operation: 'message', message: t.composeMessage('User sent: ', textSource(message)),
    userId: optString(args[1]), data: valueData('message', message),
  }));
  if (span === undefined) return orig.apply(this, args);
  return callAndSettle(() => orig.apply(this, args), span.ctx, {
    ok(v) {
      span.end('response', { component: 'orchestrator', message: t.composeMessage('Orchestrator responding to user: ', textSource(v)), data: valueData('response', v) });
    },
    fail(err) {
      span.end('chat_error', { component: 'orchestrator', message: t.composeMessage('Orchestrator failed to respond: ', errorSource(err)), level: 'ERROR', error: err });
    },
  });
};

const selectAgent: Maker = (orig, t) => {
  const routing = new Phrase((id) => `Routing message to agent '${id}'`);
  return function (this: unknown, ...args: unknown[]) {
  if (!t.enabled) return orig.apply(this, args);
  const started = performance.now();
  return callAndSettle(() => orig.apply(this, args), undefined, {
    ok(v) {
      const id = idOf(v);
      t.trace('orchestrator', 'route', routing.of(id), { agentId: id, data: typeof args[0] === 'string' ? { agent_id: id } : { message: args[0], agent_id: id } });
    },
    fail(err) {
      pointError(t, 'orchestrator', 'route_error', t.composeMessage('Routing failed: ', errorSource(err)), err, performance.now() - started, { message: args[0] });
    },
  });
  };
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

  const processing = new Phrase((id) => `Agent '${id}' processing message`);
  const responded = new Phrase((id) => `Agent '${id}' responded: `);
  const process: Maker = (orig) => function (this: unknown, ...args: unknown[]) {
    if (!t.enabled) return orig.apply(this, args);
    const id = agentId(this);
    const span = openSafely(() => t.startSpan({ component: 'agent', operation: 'process_start', message: processing.of(id), agentId: id, data: { message: args[0] } }));
    if (span === undefined) return orig.apply(this, args);
    return callAndSettle(() => orig.apply(this, args), span.ctx, {
      ok(v) {
        span.end('response', { message: t.composeMessage(responded.of(id), textSource(v)), data: valueData('response', v) });
      },
      fail(err) {
        span.end('process_error', { message: t.composeMessage(`Agent '${id}' failed: `, errorSource(err)), level: 'ERROR', error: err });
      },
    });
  };

  const calling = new Phrase((id, model) => `Agent '${id}' calling model '${model}'`);
  const answered = new Phrase((id, model) => `Agent '${id}' received answer from model '${model}'`);
  const generate: Maker = (orig) => function (this: unknown, ...args: unknown[]) {
    if (!t.enabled) return orig.apply(this, args);
    const id = agentId(this);
    let model = 'unknown';
    try {
      const m = (this as Record<string, unknown> | null | undefined)?.[modelKey];
      if (m !== undefined && m !== null) model = typeof m === 'object' ? idOf(m) : String(m);
    } catch { /* keep 'unknown' */ }
    const span = openSafely(() => t.startSpan({ component: 'agent', operation: 'llm_call', message: calling.of(id, model), agentId: id, data: { model, messages: args[0] } }));
    if (span === undefined) return orig.apply(this, args);
    return callAndSettle(() => orig.apply(this, args), span.ctx, {
      ok(v) {
        const usage = usageOf(v);
        const tokens = usage ? ` (${usage.input_tokens} input + ${usage.output_tokens} output tokens)` : '';
        span.end('llm_result', {
          message: t.composeMessage(answered.of(id, model), '', tokens),
          data: usage ? { model, output: t.composeMessage('', textSource(v)), usage } : { model, output: t.composeMessage('', textSource(v)) },
        });
      },
      fail(err) {
        span.end('llm_call_error', { message: t.composeMessage(`Agent '${id}' model '${model}' failed: `, errorSource(err)), level: 'ERROR', error: err, data: { model } });
      },
    });
  };

  const toolCall = new Phrase((id, tool, server) => `Agent '${id}' calling tool '${tool}' on server '${server}'`);
  const toolResult = new Phrase((id, tool) => `Agent '${id}' received result from tool '${tool}'`);
  const callTool: Maker = (orig) => function (this: unknown, ...args: unknown[]) {
    if (!t.enabled) return orig.apply(this, args);
    const id = agentId(this);
    const server = nameOf(t, args[0]);
    const tool = nameOf(t, args[1]);
    const params = args[2];
    const span = openSafely(() => t.startSpan({
      component: 'agent', operation: 'tool_call', message: toolCall.of(id, tool, server),
      agentId: id, data: { server, tool, params },
    }));
    if (span === undefined) return orig.apply(this, args);
    return callAndSettle(() => orig.apply(this, args), span.ctx, {
      ok(v) {
        span.end('tool_result', {
          message: toolResult.of(id, tool),
          level: isErrorResult(v) ? 'ERROR' : 'TRACE', data: { server, tool, result: v },
        });
      },
      fail(err) {
        span.end('tool_call_error', { message: t.composeMessage(`Agent '${id}' tool '${tool}' on server '${server}' failed: `, errorSource(err)), level: 'ERROR', error: err, data: { server, tool } });
      },
    });
  };

  return subclass(Base, t, [
    [map.processMessage ?? 'processMessage', process],
    [map.generate ?? 'generate', generate],
    [map.callTool ?? 'callTool', callTool],
  ]);
}

const executeTool: Maker = (orig, t) => {
  const executing = new Phrase((server, tool) => `MCP server '${server}' executing tool '${tool}'`);
  const returned = new Phrase((server, tool) => `MCP tool '${tool}' on server '${server}' returned a result`);
  return function (this: unknown, ...args: unknown[]) {
  if (!t.enabled) return orig.apply(this, args);
  const server = nameOf(t, args[0]);
  const tool = nameOf(t, args[1]);
  const params = args[2];
  const span = openSafely(() => t.startSpan({ component: 'mcp', operation: 'tool_call', message: executing.of(server, tool), data: { server, tool, params } }));
  if (span === undefined) return orig.apply(this, args);
  return callAndSettle(() => orig.apply(this, args), span.ctx, {
    ok(v) {
      const bad = isErrorResult(v);
      span.end('tool_result', {
        message: bad ? t.composeMessage(`MCP tool '${tool}' on server '${server}' returned an error: `, mcpText(v) ?? 'no details')
          : returned.of(server, tool),
        level: bad ? 'ERROR' : 'TRACE', data: { server, tool, result: v },
      });
    },
    fail(err) {
      span.end('tool_call_error', { message: t.composeMessage(`MCP tool '${tool}' on server '${server}' failed: `, errorSource(err)), level: 'ERROR', error: err, data: { server, tool } });
    },
  });
  };
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

/**
 * The tracer: the MUXI component methods of the PRD (`userMessage`, `orchestratorRoute`,
 * `agentProcessing`, `agentToolCall`, `agentToolResult`, `agentResponse`,
 * `orchestratorResponse`) on top of the generic {@link TracerCore}.
 * @module
 */
import type { TraceContext } from './context.js';
import { childContext, contextManager } from './context.js';
import type { Level } from './event.js';
import { reportFailure } from './errors.js';
import { newSpanId } from './ids.js';
import { isRooted, markRooted } from './open-spans.js';
import type { SpanRole } from './open-spans.js';
import { Phrase } from './phrase.js';
import { TracerCore, asText, normalizeTraceId, restoreTo, round } from './tracer-core.js';

export type { ActiveSpan, SpanEnd, SpanStart, TraceOptions, TracerOptions } from './tracer-core.js';
export { TracerCore } from './tracer-core.js';

/**
 * The tracer. Use the process-wide {@link tracer}; construct your own for tests.
 *
 * Each component method puts its event in the current trace (AsyncLocalStorage), or in the
 * trace given by its `traceId` argument; `userMessage()` starts a trace unless one is active.
 *
 * @example
 * ```ts
 * import { tracer } from 'muxi-tracing';
 * const traceId = tracer.userMessage('What is the weather?', 'user-1');
 * tracer.orchestratorRoute('What is the weather?', 'weather-agent');
 * ```
 */
export class Tracer extends TracerCore {
  // The component methods' wording, kept while its parts repeat (see `phrase.ts`).
  private readonly routing = new Phrase((id) => `Routing message to agent '${id}'`);
  private readonly processing = new Phrase((id) => `Agent '${id}' processing message`);
  private readonly responded = new Phrase((id) => `Agent '${id}' responded: `);
  private readonly toolCalling = new Phrase((id, tool, server) => `Agent '${id}' calling tool '${tool}' on server '${server}'`);
  private readonly toolReturned = new Phrase((id, tool) => `Agent '${id}' received result from tool '${tool}'`);

  /**
   * A user sent a message: opens the conversation's root span and makes it current for the
   * rest of the calling async function. It joins the active trace when that trace has no
   * `user:message` yet (inside `startTrace` or `continueTrace`); otherwise (no trace, or the
   * active one already has its message, as in a chat loop) it starts a new trace.
   * Returns the trace id.
   */
  userMessage(message: string, userId?: string): string {
    let traceId = '';
    try {
      const uid = userId === undefined || userId === null ? undefined : asText(userId);
      const active = this.current();
      const base = active !== undefined && !isRooted(active) && !this.open.has(active.traceId + '|root')
        ? active
        : this.newContext({ userId: uid });
      traceId = base.traceId;
      if (!this.enabled) return traceId;
      markRooted(base);
      const span = this.openTracked(traceId + '|root', 'root', base, 'user', 'message', this.composeMessage('User sent: ', message),
        { userId: uid ?? base.userId, data: typeof message === 'string' ? undefined : { message } });
      markRooted(span);
      contextManager.enter(span);
    } catch (err) {
      reportFailure('userMessage() failed', err);
    }
    return traceId;
  }

  /** The orchestrator chose an agent for a message: a point event under the current span. */
  orchestratorRoute(message: string, agentId: string, traceId?: string): void {
    if (!this.enabled) return;
    try {
      const ctx = this.contextFor(traceId);
      if (!ctx.sampled) return;
      this.emitRaw(ctx.traceId, newSpanId(), ctx.spanId, 'orchestrator', 'route', this.routing.of(asText(agentId)), 'TRACE',
        ctx.userId, agentId, typeof message === 'string' ? { agent_id: agentId } : { message, agent_id: agentId }, undefined, undefined);
    } catch (err) {
      reportFailure('orchestratorRoute() failed', err);
    }
  }

  /** An agent starts processing a message: opens the agent's span (closed by `agentResponse`). */
  agentProcessing(agentId: string, traceId?: string): void {
    if (!this.enabled) return;
    try {
      let ctx = this.contextFor(traceId);
      // Inside the same agent's open span (a sibling call that entered it), open beside it.
      const at = this.open.openAt(ctx);
      if (at !== undefined && at.role === 'agent' && at.ctx.agentId === agentId) ctx = at.parent;
      const span = this.openTracked(`${ctx.traceId}|agent|${asText(agentId)}`, 'agent', ctx, 'agent', 'process_start', this.processing.of(asText(agentId)), { agentId });
      this.enterIfCurrent(traceId, span);
    } catch (err) {
      reportFailure('agentProcessing() failed', err);
    }
  }

  /** An agent calls a tool: opens the tool-call span (closed by `agentToolResult`). */
  agentToolCall(agentId: string, serverName: string, toolName: string, params: unknown, traceId?: string): void {
    if (!this.enabled) return;
    try {
      let ctx = this.contextFor(traceId, agentId);
      // A tool call never nests in another tool call: inside one (a sibling call that entered it), open beside it.
      const at = this.open.openAt(ctx);
      if (at !== undefined && at.role === 'tool') ctx = at.parent;
      const span = this.openTracked(`${ctx.traceId}|tool|${asText(agentId)}|${asText(serverName)}|${asText(toolName)}`, 'tool', ctx, 'agent', 'tool_call',
        this.toolCalling.of(asText(agentId), asText(toolName), asText(serverName)), { agentId, data: { server: serverName, tool: toolName, params } });
      this.enterIfCurrent(traceId, span);
    } catch (err) {
      reportFailure('agentToolCall() failed', err);
    }
  }

  /** A tool call returned: closes the tool-call span. An MCP error result (`isError: true`) is logged at ERROR. */
  agentToolResult(agentId: string, serverName: string, toolName: string, result: unknown, traceId?: string): void {
    if (!this.enabled) return;
    try {
      const isErr = isErrorResult(result);
      this.closeTracked(`|tool|${asText(agentId)}|${asText(serverName)}|${asText(toolName)}`, traceId, 'agent', 'tool_result', this.toolReturned.of(asText(agentId), asText(toolName)),
        { agentId, level: isErr ? 'ERROR' : 'TRACE', data: { server: serverName, tool: toolName, result } });
    } catch (err) {
      reportFailure('agentToolResult() failed', err);
    }
  }

  /** An agent responded: closes the agent's span. */
  agentResponse(agentId: string, response: string, traceId?: string): void {
    if (!this.enabled) return;
    try {
      this.closeTracked(`|agent|${asText(agentId)}`, traceId, 'agent', 'response', this.composeMessage(this.responded.of(asText(agentId)), response), { agentId, data: typeof response === 'string' ? undefined : { response } });
    } catch (err) {
      reportFailure('agentResponse() failed', err);
    }
  }

  /** The orchestrator answers the user: closes the conversation's root span. */
  orchestratorResponse(response: string, traceId?: string): void {
    if (!this.enabled) return;
    try {
      this.closeTracked('|root', traceId, 'orchestrator', 'response', this.composeMessage('Orchestrator responding to user: ', response), { data: typeof response === 'string' ? undefined : { response } });
    } catch (err) {
      reportFailure('orchestratorResponse() failed', err);
    }
  }

  /** Makes `span` current when the call was about the current trace (no explicit id, or the current one). */
  private enterIfCurrent(traceId: string | undefined, span: TraceContext): void {
    if (traceId === undefined || traceId === '') {
      contextManager.enter(span);
      return;
    }
    const active = contextManager.active();
    if (active !== undefined && active.traceId === span.traceId) contextManager.enter(span);
  }

  private openTracked(key: string, role: SpanRole, parent: TraceContext, component: string, operation: string, message: string,
    o: { agentId?: string; userId?: string; data?: unknown }): TraceContext {
    const spanId = newSpanId();
    const ctx = childContext(parent, spanId, { agentId: o.agentId, userId: o.userId });
    const at = performance.now();
    this.open.open(key, role, ctx, parent, at);
    if (parent.sampled) {
      this.emitRaw(ctx.traceId, spanId, parent.spanId, component, operation, message, 'TRACE', ctx.userId, ctx.agentId, o.data, undefined, undefined, at);
    }
    return ctx;
  }

  /**
   * Closes the span opened under `<trace><suffix>` (preferring the one current in the caller's
   * context) and makes its parent current again. With nothing open to close, the event is a
   * zero-length span under the current span, so every closing event carries `duration_ms`.
   */
  private closeTracked(suffix: string, traceId: string | undefined, component: string, operation: string, message: string,
    o: { agentId?: string; level?: Level; data?: unknown }): void {
    const active = this.current();
    const tid = traceId === undefined || traceId === '' ? active?.traceId : normalizeTraceId(traceId);
    const here = active !== undefined && active.traceId === tid;
    const open = tid === undefined ? undefined : this.open.take(tid + suffix, here ? active.spanId : undefined);
    if (open !== undefined) {
      if (here) contextManager.enter(restoreTo(open.parent));
      const p = open.parent;
      if (!p.sampled) return;
      const at = performance.now();
      this.emitRaw(p.traceId, open.ctx.spanId!, p.spanId, component, operation, message, o.level ?? 'TRACE',
        open.ctx.userId, o.agentId ?? open.ctx.agentId, o.data, round(at - open.start), undefined, at);
      return;
    }
    const ctx = this.contextFor(traceId);
    if (!ctx.sampled) return;
    this.emitRaw(ctx.traceId, newSpanId(), ctx.spanId, component, operation, message, o.level ?? 'TRACE', ctx.userId, o.agentId ?? ctx.agentId, o.data, 0, undefined);
  }
}

/** Whether a tool result is an MCP error result (`isError: true`); never throws. */
function isErrorResult(result: unknown): boolean {
  try {
    return result !== null && typeof result === 'object' && (result as { isError?: unknown }).isError === true;
  } catch {
    return false;
  }
}

/**
 * The OpenTelemetry twin of the traced app: the same classes, each MUXI method a span made with
 * `startActiveSpan`, carrying the attributes our events carry (component, operation, the message
 * text, user and agent ids, and every `data` field: strings as they are, numbers as numbers,
 * objects as JSON text, since OpenTelemetry attributes hold only primitives; this is what
 * OpenLLMetry does with `traceloop.entity.input`/`output`).
 * @module
 */
import type { Attributes, Span, Tracer } from '@opentelemetry/api';
import type { ChatMessage, ModelResult, ToolResult } from './app.js';
import { Agent, DATA, MCPHandler, Orchestrator } from './app.js';

function traced<R>(t: Tracer, name: string, attributes: Attributes, run: (span: Span) => Promise<R>, end: (span: Span, r: R) => void): Promise<R> {
  return t.startActiveSpan(name, { attributes }, async (span: Span) => {
    try {
      const r = await run(span);
      end(span, r);
      return r;
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: 2 });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** One conversation per call through OpenTelemetry spans (7 spans, one per MUXI method). */
export function otelConversation(t: Tracer): (i: number) => Promise<string> {
  class OtelMCP extends MCPHandler {
    override executeTool(server: string, tool: string, params: { city: string }): Promise<ToolResult> {
      return traced(t, `tools/call ${tool}`, {
        'muxi.component': 'mcp', 'muxi.operation': 'tool_call', 'muxi.message': `MCP server '${server}' executing tool '${tool}'`,
        'muxi.mcp.server': server, 'gen_ai.tool.name': tool, 'gen_ai.tool.call.arguments': JSON.stringify(params),
      }, () => super.executeTool(server, tool, params), (span, r) => {
        span.setAttributes({ 'muxi.end_message': `MCP tool '${tool}' on server '${server}' returned a result`, 'gen_ai.tool.call.result': JSON.stringify(r) });
      });
    }
  }

  class OtelAgent extends Agent {
    override processMessage(message: string): Promise<string> {
      return traced(t, `invoke_agent ${this.name}`, {
        'muxi.component': 'agent', 'muxi.operation': 'process_start', 'muxi.message': `Agent '${this.name}' processing message`,
        'gen_ai.agent.name': this.name, 'muxi.data.message': message,
      }, () => super.processMessage(message), (span, r) => {
        span.setAttributes({ 'muxi.end_message': `Agent '${this.name}' responded: ${r}` });
      });
    }

    override generate(messages: ChatMessage[]): Promise<ModelResult> {
      return traced(t, `chat ${this.model}`, {
        'muxi.component': 'agent', 'muxi.operation': 'llm_call', 'muxi.message': `Agent '${this.name}' calling model '${this.model}'`,
        'gen_ai.agent.name': this.name, 'gen_ai.request.model': this.model, 'gen_ai.input.messages': JSON.stringify(messages),
      }, () => super.generate(messages), (span, r) => {
        span.setAttributes({
          'muxi.end_message': `Agent '${this.name}' received answer from model '${this.model}' (${r.usage.input_tokens} input + ${r.usage.output_tokens} output tokens)`,
          'gen_ai.output.text': r.text, 'gen_ai.usage.input_tokens': r.usage.input_tokens, 'gen_ai.usage.output_tokens': r.usage.output_tokens,
        });
      });
    }

    override callTool(server: string, tool: string, params: { city: string; units: string; days: number }): Promise<ToolResult> {
      return traced(t, `execute_tool ${tool}`, {
        'muxi.component': 'agent', 'muxi.operation': 'tool_call', 'muxi.message': `Agent '${this.name}' calling tool '${tool}' on server '${server}'`,
        'gen_ai.agent.name': this.name, 'muxi.mcp.server': server, 'gen_ai.tool.name': tool, 'gen_ai.tool.call.arguments': JSON.stringify(params),
      }, () => super.callTool(server, tool, params), (span, r) => {
        span.setAttributes({ 'muxi.end_message': `Agent '${this.name}' received result from tool '${tool}'`, 'gen_ai.tool.call.result': JSON.stringify(r) });
      });
    }
  }

  class OtelOrchestrator extends Orchestrator {
    override chat(message: string, userId?: string): Promise<string> {
      return traced(t, 'invoke_workflow orchestrator', {
        'muxi.component': 'user', 'muxi.operation': 'message', 'muxi.message': `User sent: ${message}`,
        'user.id': userId ?? '',
      }, () => super.chat(message, userId), (span, r) => {
        span.setAttributes({ 'muxi.end_message': `Orchestrator responding to user: ${r}` });
      });
    }

    override selectAgent(message: string): Promise<string> {
      return traced(t, 'route', { 'muxi.component': 'orchestrator', 'muxi.operation': 'route' },
        () => super.selectAgent(message), (span, id) => {
          span.setAttributes({ 'muxi.message': `Routing message to agent '${id}'`, 'gen_ai.agent.name': id, 'muxi.data.agent_id': id });
        });
    }
  }

  const o = new OtelOrchestrator({ weather: new OtelAgent(new OtelMCP()) });
  return (i) => {
    const d = DATA[i % DATA.length]!;
    return o.chat(d.message, d.userId);
  };
}

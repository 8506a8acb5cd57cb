/**
 * Flow 2: the same app traced with direct tracer calls (`userMessage`, `orchestratorRoute`,
 * `agentProcessing`, `agentToolCall`, ... and `startSpan` for the model and MCP spans, which
 * have no component method), as the README's third way shows.
 * @module
 */
import { tracer } from 'muxi-tracing';
import type { ChatMessage, ModelResult, ToolResult } from './app.js';
import { Agent, DATA, MCPHandler, Orchestrator } from './app.js';

class DirectMCP extends MCPHandler {
  override async executeTool(serverName: string, toolName: string, params: { city: string }): Promise<ToolResult> {
    const span = tracer.startSpan({ component: 'mcp', operation: 'tool_call', message: `MCP server '${serverName}' executing tool '${toolName}'`, data: { server: serverName, tool: toolName, params } });
    const r = await super.executeTool(serverName, toolName, params);
    span.end('tool_result', { message: `MCP tool '${toolName}' on server '${serverName}' returned a result`, data: { server: serverName, tool: toolName, result: r } });
    return r;
  }
}

class DirectAgent extends Agent {
  override async processMessage(message: string): Promise<string> {
    tracer.agentProcessing(this.name);
    const r = await super.processMessage(message);
    tracer.agentResponse(this.name, r);
    return r;
  }

  override async generate(messages: ChatMessage[]): Promise<ModelResult> {
    const span = tracer.startSpan({ component: 'agent', operation: 'llm_call', message: `Agent '${this.name}' calling model '${this.model}'`, agentId: this.name, data: { model: this.model, messages } });
    const r = await super.generate(messages);
    span.end('llm_result', {
      message: `Agent '${this.name}' received answer from model '${this.model}' (${r.usage.input_tokens} input + ${r.usage.output_tokens} output tokens)`,
      data: { model: this.model, output: r.text, usage: { ...r.usage, total_tokens: r.usage.input_tokens + r.usage.output_tokens } },
    });
    return r;
  }

  override async callTool(serverName: string, toolName: string, params: { city: string; units: string; days: number }): Promise<ToolResult> {
    tracer.agentToolCall(this.name, serverName, toolName, params);
    const r = await super.callTool(serverName, toolName, params);
    tracer.agentToolResult(this.name, serverName, toolName, r);
    return r;
  }
}

class DirectOrchestrator extends Orchestrator {
  override async chat(message: string, userId?: string): Promise<string> {
    tracer.userMessage(message, userId);
    const id = await this.selectAgent(message);
    tracer.orchestratorRoute(message, id);
    const answer = await this.agents[id]!.processMessage(message);
    tracer.orchestratorResponse(answer);
    return answer;
  }
}

/** One conversation per call, cycling through the data pool. */
export function directConversation(): (i: number) => Promise<string> {
  const o = new DirectOrchestrator({ weather: new DirectAgent(new DirectMCP()) });
  return (i) => {
    const d = DATA[i % DATA.length]!;
    return o.chat(d.message, d.userId);
  };
}

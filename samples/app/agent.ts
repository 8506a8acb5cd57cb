/**
 * The MUXI Agent: thinks with its model, calls tools through the MCPHandler, answers.
 */
import type { ChatMessage, FakeModel, ModelResult } from './fake-model.js';
import type { MCPHandler, ToolResult } from './mcp-handler.js';

/** Text of an MCP tool result. */
export function resultText(r: ToolResult): string {
  return r.content.map((c) => c.text ?? '').join('\n');
}

/** One agent: `name` is its id, `model` its model's name. */
export class Agent {
  readonly model: string;

  constructor(readonly name: string, private readonly llm: FakeModel, private readonly mcp: MCPHandler, private readonly instructions: string) {
    this.model = llm.name;
  }

  /** The model call: the agent's "thinking". */
  async generate(messages: ChatMessage[]): Promise<ModelResult> {
    await new Promise((r) => setImmediate(r)); // a real model answers asynchronously
    return this.llm.complete(messages);
  }

  /** Calls a tool on an MCP server. */
  async callTool(serverName: string, toolName: string, params: Record<string, unknown>): Promise<ToolResult> {
    return this.mcp.executeTool(serverName, toolName, params);
  }

  /** Handles one user message: plan, call a tool if the model asks for one, answer. */
  async processMessage(message: string): Promise<string> {
    const messages: ChatMessage[] = [{ role: 'system', content: this.instructions }, { role: 'user', content: message }];
    const plan = await this.generate(messages);
    if (plan.toolCall === undefined) return plan.text;
    const { server, tool, params } = plan.toolCall;
    const result = await this.callTool(server, tool, params);
    messages.push({ role: 'assistant', content: plan.text }, { role: 'tool', content: (result.isError ? 'ERROR: ' : '') + resultText(result) });
    return (await this.generate(messages)).text;
  }
}

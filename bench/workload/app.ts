/**
 * A small MUXI app as a user writes it, untraced: an Orchestrator routing to an Agent that calls
 * its model twice and one tool through an MCPHandler (PRD §7). The benchmark traces it three
 * ways: the mixins (`mixins.ts`), direct tracer calls (`direct.ts`) and OpenTelemetry spans
 * (`otel-app.ts`). Every method is async and awaited, as in a real app.
 * @module
 */
import type { ConversationData } from './text.js';
import { POOL, conversations } from './text.js';

/** A chat message as model APIs take them. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
}

/** A model answer with its token usage (the Anthropic shape). */
export interface ModelResult {
  text: string;
  usage: { input_tokens: number; output_tokens: number };
}

/** An MCP `tools/call` result. */
export interface ToolResult {
  content: Array<{ type: 'text'; text: string }>;
  isError: boolean;
}

const SYSTEM = 'You are a helpful weather assistant. Use the get_forecast tool for any question about the weather, and answer in two or three sentences.';

/** The conversations the benchmark cycles through, and their data by message. */
export const DATA: ConversationData[] = conversations(POOL);
const byMessage = new Map(DATA.map((d) => [d.message, d]));
const byCity = new Map(DATA.map((d) => [d.city, d]));

/** The MCP side: one tool. */
export class MCPHandler {
  async executeTool(_serverName: string, _toolName: string, params: { city: string }): Promise<ToolResult> {
    return { content: [{ type: 'text', text: byCity.get(params.city)!.toolText }], isError: false };
  }
}

/** The agent: plans with its model, calls the forecast tool, answers with its model. */
export class Agent {
  name = 'weather';
  model = 'claude-sonnet-4-5';
  constructor(private readonly mcp: MCPHandler) {}

  async processMessage(message: string): Promise<string> {
    const d = byMessage.get(message)!;
    const first = await this.generate([{ role: 'system', content: SYSTEM }, { role: 'user', content: message }]);
    const result = await this.callTool('weather-server', 'get_forecast', { city: d.city, units: 'metric', days: 3 });
    const second = await this.generate([
      { role: 'system', content: SYSTEM }, { role: 'user', content: message },
      { role: 'assistant', content: first.text }, { role: 'tool', content: result.content[0]!.text },
    ]);
    return second.text;
  }

  async generate(messages: ChatMessage[]): Promise<ModelResult> {
    const last = messages[messages.length - 1]!;
    const d = last.role === 'user' ? byMessage.get(last.content)! : byMessage.get(messages[1]!.content)!;
    const text = last.role === 'user' ? d.plan : d.answer;
    let chars = 0;
    for (const m of messages) chars += m.content.length;
    return { text, usage: { input_tokens: Math.ceil(chars / 4), output_tokens: Math.ceil(text.length / 4) } };
  }

  async callTool(serverName: string, toolName: string, params: { city: string; units: string; days: number }): Promise<ToolResult> {
    return this.mcp.executeTool(serverName, toolName, params);
  }
}

/** The orchestrator: routes every message to the weather agent. */
export class Orchestrator {
  constructor(protected readonly agents: Record<string, Agent>) {}

  async chat(message: string, _userId?: string): Promise<string> {
    const id = await this.selectAgent(message);
    return this.agents[id]!.processMessage(message);
  }

  async selectAgent(_message: string): Promise<string> {
    return 'weather';
  }
}

/** Events one conversation writes (user:message ... orchestrator:response). */
export const EVENTS_PER_CONVERSATION = 13;
/** Spans of one conversation in OpenTelemetry (chat, selectAgent, processMessage, generate x2, callTool, executeTool). */
export const SPANS_PER_CONVERSATION = 7;

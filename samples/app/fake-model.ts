/**
 * A deterministic stand-in for an LLM: no network, same answer every time. It "plans" a tool
 * call from the user's message and "writes" the answer from the tool result, and reports
 * token usage like a real model API does.
 */

/** One chat message sent to the model. */
export interface ChatMessage {
  role: 'system' | 'user' | 'tool' | 'assistant';
  content: string;
}

/** A tool the model may ask for. */
export interface ToolCall {
  server: string;
  tool: string;
  params: Record<string, unknown>;
}

/** What the model returns: text, maybe a tool call, and token usage. */
export interface ModelResult {
  text: string;
  toolCall?: ToolCall;
  usage: { input_tokens: number; output_tokens: number };
}

/** An agent's skill: when its pattern matches the user message, plan this tool call. */
export interface Skill {
  pattern: RegExp;
  plan: (message: string, match: RegExpMatchArray) => ToolCall;
  /** Writes the answer from the tool's text (`failed` when the tool reported an error). */
  answer: (toolText: string, failed: boolean, call: ToolCall) => string;
}

/** Rough token count, as tokenizers average about four characters a token. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The deterministic model: plans with the first matching skill, then answers from the tool result. */
export class FakeModel {
  constructor(readonly name: string, private readonly skills: Skill[]) {}

  complete(messages: ChatMessage[]): ModelResult {
    const input = countTokens(messages.map((m) => m.content).join('\n'));
    const last = messages[messages.length - 1];
    const user = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const skill = this.skills.find((s) => s.pattern.test(user));
    let text: string;
    let toolCall: ToolCall | undefined;
    if (skill === undefined) {
      text = "I'm not sure how to help with that.";
    } else if (last?.role === 'tool') {
      const call = skill.plan(user, user.match(skill.pattern)!);
      text = skill.answer(last.content.replace(/^ERROR: /, ''), last.content.startsWith('ERROR: '), call);
    } else {
      toolCall = skill.plan(user, user.match(skill.pattern)!);
      text = `I will call ${toolCall.tool} on ${toolCall.server}.`;
    }
    return { text, ...(toolCall ? { toolCall } : {}), usage: { input_tokens: input, output_tokens: countTokens(text) } };
  }
}

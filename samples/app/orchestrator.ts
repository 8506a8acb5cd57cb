/**
 * The MUXI Orchestrator: routes each user message to an agent by keyword.
 */
import type { Agent } from './agent.js';

/** A routing rule: messages matching `pattern` go to agent `agent`. */
export interface Route {
  pattern: RegExp;
  agent: string;
}

/** Routes messages to agents and returns their answers. */
export class Orchestrator {
  private readonly agents = new Map<string, Agent>();

  constructor(agents: Agent[], private readonly routes: Route[], private readonly fallback: string) {
    for (const a of agents) this.agents.set(a.name, a);
  }

  /** Picks the agent for a message: the first matching route, else the fallback agent. */
  selectAgent(message: string): string {
    return this.routes.find((r) => r.pattern.test(message))?.agent ?? this.fallback;
  }

  /** Answers one user message. */
  async chat(message: string, userId?: string): Promise<string> {
    void userId; // a real orchestrator keeps per-user memory
    const id = this.selectAgent(message);
    const agent = this.agents.get(id);
    if (agent === undefined) throw new Error(`no agent '${id}'`);
    return agent.processMessage(message);
  }
}

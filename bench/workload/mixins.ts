/**
 * Flow 1: the app's classes wrapped by the MUXI mixins, exactly as the README's quick start.
 * @module
 */
import { TracedAgent, TracedMCPHandler, TracedOrchestrator } from 'muxi-tracing/decorators';
import { Agent as BaseAgent, DATA, MCPHandler as BaseMCP, Orchestrator as BaseOrchestrator } from './app.js';

const Orchestrator = TracedOrchestrator(BaseOrchestrator);
const Agent = TracedAgent(BaseAgent);
const MCPHandler = TracedMCPHandler(BaseMCP);

/** One conversation per call, cycling through the data pool. */
export function mixinConversation(): (i: number) => Promise<string> {
  const o = new Orchestrator({ weather: new Agent(new MCPHandler()) });
  return (i) => {
    const d = DATA[i % DATA.length]!;
    return o.chat(d.message, d.userId);
  };
}

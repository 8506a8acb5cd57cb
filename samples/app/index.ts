/**
 * The demo MUXI app, traced: the plain MUXI classes wrapped once with the mixins, two agents
 * (weather, math) with a deterministic model, and an MCPHandler talking to a real MCP server.
 */
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { TracedAgent, TracedMCPHandler, TracedOrchestrator } from 'muxi-tracing/decorators';
import { fileURLToPath } from 'node:url';
import { Agent as BaseAgent } from './agent.js';
import type { Skill } from './fake-model.js';
import { FakeModel } from './fake-model.js';
import { MCPHandler as BaseMCPHandler } from './mcp-handler.js';
import { Orchestrator as BaseOrchestrator } from './orchestrator.js';

// The one line per class that turns tracing on: the PRD §7 events, no tracer calls in the app.
export const Orchestrator = TracedOrchestrator(BaseOrchestrator);
export const Agent = TracedAgent(BaseAgent);
export const MCPHandler = TracedMCPHandler(BaseMCPHandler);

/** The MCP server's name in the app. */
export const TOOLS = 'tools';

const weatherSkills: Skill[] = [
  {
    pattern: /alerts?\b.*?\b(?:for|in)\s+([A-Z][a-z]+)/,
    plan: (_m, match) => ({ server: TOOLS, tool: 'get_alerts', params: { city: match[1]! } }),
    answer: (text, failed, call) => failed
      ? `Sorry, I could not get the alerts for ${String(call.params['city'])}: ${text}`
      : `Alerts for ${String(call.params['city'])}: ${text}`,
  },
  {
    pattern: /weather\b.*?\bin\s+([A-Z][a-z]+)/,
    plan: (_m, match) => ({ server: TOOLS, tool: 'get_weather', params: { city: match[1]! } }),
    answer: (text, failed) => failed ? `Sorry, the weather service failed: ${text}` : `It is ${text}.`,
  },
];

const mathSkills: Skill[] = [
  {
    pattern: /([\d(][\d\s+\-*/().]*[\d)])/,
    plan: (_m, match) => ({ server: TOOLS, tool: 'calculate', params: { expression: match[1]!.trim() } }),
    answer: (text, failed) => failed ? `I could not calculate that: ${text}` : `The answer is ${text.split(' = ').pop()} (${text}).`,
  },
];

/** How the app reaches its MCP server. */
export type ToolTransport = 'stdio' | (() => Transport);

/** Options of {@link createApp}. */
export interface AppOptions {
  /** `'stdio'` spawns `samples/mcp/server.ts` as a child process (default); a function gives any other transport. */
  transport?: ToolTransport;
  /** Environment of the server process (stdio only). */
  serverEnv?: Record<string, string>;
}

/** The running app. */
export interface App {
  orchestrator: InstanceType<typeof Orchestrator>;
  mcp: InstanceType<typeof MCPHandler>;
  tools: string[];
  close(): Promise<void>;
}

/** Builds and connects the app. */
export async function createApp(opts: AppOptions = {}): Promise<App> {
  const mcp = new MCPHandler();
  const transport = opts.transport ?? 'stdio';
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const tools = await mcp.connect(TOOLS, transport === 'stdio'
    ? new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', fileURLToPath(new URL('../mcp/server.ts', import.meta.url))],
      cwd: root,
      env: { ...(process.env as Record<string, string>), ...opts.serverEnv },
      stderr: 'inherit',
    })
    : transport());
  const weather = new Agent('weather', new FakeModel('fake-weather-1', weatherSkills), mcp,
    'You answer questions about the weather using the weather tools.');
  const math = new Agent('math', new FakeModel('fake-math-1', mathSkills), mcp,
    'You answer arithmetic questions using the calculate tool.');
  const orchestrator = new Orchestrator([weather, math], [
    { pattern: /\b(weather|alerts?|forecast|rain|sunny)\b/i, agent: 'weather' },
    { pattern: /\d\s*[-+*/]\s*\d|\b(calculate|math|plus|minus|times)\b/i, agent: 'math' },
  ], 'weather');
  return { orchestrator, mcp, tools, close: () => mcp.close() };
}

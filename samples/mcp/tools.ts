/**
 * The demo's MCP server: weather and math tools, one of which (`get_alerts`) fails on purpose.
 * Its tool code is traced with `@Traced`; with `instrumentMcpServer` those events join the
 * caller's trace, under the caller's `mcp:tool_call` span.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Traced, TracedClass } from 'muxi-tracing/decorators';
import { instrumentMcpServer } from 'muxi-tracing/mcp';
import { z } from 'zod';

const WEATHER: Record<string, { sky: string; celsius: number }> = {
  paris: { sky: 'sunny', celsius: 21 },
  london: { sky: 'light rain', celsius: 14 },
  tokyo: { sky: 'cloudy', celsius: 18 },
};

/** Evaluates + - * / and parentheses on numbers (no `eval`). */
export function calculate(expression: string): number {
  const tokens = expression.match(/\d+(?:\.\d+)?|[-+*/()]/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const factor = (): number => {
    const tok = tokens[i++];
    if (tok === '(') {
      const v = sum();
      if (tokens[i++] !== ')') throw new Error('missing )');
      return v;
    }
    if (tok === '-') return -factor();
    if (tok === undefined || Number.isNaN(Number(tok))) throw new Error(`unexpected '${tok ?? 'end'}'`);
    return Number(tok);
  };
  const product = (): number => {
    let v = factor();
    while (peek() === '*' || peek() === '/') v = tokens[i++] === '*' ? v * factor() : v / factor();
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (peek() === '+' || peek() === '-') v = tokens[i++] === '+' ? v + product() : v - product();
    return v;
  };
  const v = sum();
  if (i !== tokens.length) throw new Error(`unexpected '${tokens[i]}'`);
  return v;
}

/** The tools' logic, traced as component `tools`. */
@TracedClass({ component: 'tools' })
export class ToolService {
  @Traced({ operation: 'weather', message: 'Looking up the weather in {city}', endMessage: 'Weather in {city}: {result}' })
  weather(city: string): string {
    const w = WEATHER[city.toLowerCase()];
    if (w === undefined) return `No weather data for ${city}.`;
    return `${w.sky}, ${w.celsius}°C in ${city}`;
  }

  @Traced({ operation: 'alerts', message: 'Fetching weather alerts for {city}' })
  async alerts(city: string): Promise<string> {
    await new Promise((r) => setImmediate(r));
    throw new Error(`alerts service unavailable for ${city}`);
  }

  @Traced({ operation: 'calculate', message: 'Calculating {expression}', endMessage: '{expression} = {result}' })
  calculate(expression: string): number {
    return calculate(expression);
  }
}

const text = (t: string): { content: Array<{ type: 'text'; text: string }> } => ({ content: [{ type: 'text', text: t }] });

/** Builds the MCP server (not yet connected to a transport), traced with `instrumentMcpServer`. */
export function createToolServer(): McpServer {
  const server = instrumentMcpServer(new McpServer({ name: 'muxi-demo-tools', version: '1.0.0' }));
  const svc = new ToolService();
  server.registerTool('get_weather', { description: 'Current weather in a city', inputSchema: { city: z.string() } },
    async ({ city }) => text(svc.weather(city)));
  // Fails on purpose: the SDK turns the thrown error into a result with isError: true.
  server.registerTool('get_alerts', { description: 'Weather alerts for a city (always down in this demo)', inputSchema: { city: z.string() } },
    async ({ city }) => text(await svc.alerts(city)));
  server.registerTool('calculate', { description: 'Evaluate an arithmetic expression', inputSchema: { expression: z.string() } },
    async ({ expression }) => text(`${expression} = ${svc.calculate(expression)}`));
  return server;
}

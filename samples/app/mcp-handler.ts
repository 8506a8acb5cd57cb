/**
 * The MUXI MCPHandler: holds one MCP client per server and executes tools on them.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { instrumentMcpClient } from 'muxi-tracing/mcp';

/** An MCP tool result as the SDK returns it. */
export interface ToolResult {
  content: Array<{ type: string; text?: string }>;
  isError?: boolean;
}

/** Holds the MCP connections of the app. */
export class MCPHandler {
  private readonly clients = new Map<string, Client>();

  /** Connects to a server over any MCP transport (stdio for a child process, in-memory in tests). */
  async connect(serverName: string, transport: Transport): Promise<string[]> {
    // Every request carries the caller's traceparent, so the server's events join the trace.
    const client = instrumentMcpClient(new Client({ name: 'muxi-demo', version: '1.0.0' }));
    await client.connect(transport);
    this.clients.set(serverName, client);
    const { tools } = await client.listTools();
    return tools.map((t) => t.name);
  }

  /** Runs a tool on a server. A tool that fails returns an MCP error result (`isError: true`). */
  async executeTool(serverName: string, toolName: string, params: Record<string, unknown>): Promise<ToolResult> {
    const client = this.clients.get(serverName);
    if (client === undefined) throw new Error(`MCP server '${serverName}' is not connected`);
    return (await client.callTool({ name: toolName, arguments: params })) as ToolResult;
  }

  /** Closes every connection (and so stops stdio server processes). */
  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => c.close()));
  }
}

/**
 * The demo's MCP server process: `node --import tsx samples/mcp/server.ts`, speaking MCP over
 * stdio. Its stdout is the protocol, so its own trace events go to the file named by
 * TRACING_FILE (the demo sets it), never to stdout.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { tracer } from 'muxi-tracing';
import { createToolServer } from './tools.js';

tracer.configure({ stdout: false });
const server = createToolServer();
await server.connect(new StdioServerTransport());

const stop = (): void => {
  void server.close().finally(() => tracer.shutdown()).finally(() => process.exit(0));
};
process.stdin.on('close', stop);
process.on('SIGTERM', stop);

/**
 * muxi-tracing/mcp: W3C trace context across the Model Context Protocol, for
 * `@modelcontextprotocol/sdk` (an optional peer dependency; nothing here imports it).
 * @packageDocumentation
 */
import '../sinks/builtin.js';

// Instrumentation
export { instrumentMcpClient } from './client.js';
export type { McpClientLike, McpInstrumentOptions } from './client.js';
export { instrumentMcpServer } from './server.js';
export type { McpHighLevelServerLike, McpServerLike } from './server.js';

// _meta helpers
export { TRACEPARENT_KEY, TRACESTATE_KEY, traceMetaOf, withTraceMeta } from './meta.js';
export type { McpRequestLike } from './meta.js';

/**
 * `instrumentMcpServer`: every request handler of an MCP server runs inside the caller's
 * trace, read from `params._meta.traceparent`. Duck-typed: nothing here imports
 * `@modelcontextprotocol/sdk`.
 * @module
 */
import { reportFailure } from '../errors.js';
import { tracer as defaultTracer } from '../singleton.js';
import type { Tracer } from '../tracer.js';
import type { McpInstrumentOptions } from './client.js';
import { traceMetaOf } from './meta.js';

/** A request handler as the SDK's `Protocol` stores it: `(request, extra) => Promise<result>`. */
type Handler = (request: unknown, ...rest: unknown[]) => unknown;

/** The low-level SDK `Server` (any `Protocol`): its handler map and `setRequestHandler`. */
export interface McpServerLike {
  setRequestHandler(schema: any, handler: any): void;
}

/** The high-level `McpServer`: wraps a low-level `Server` in `.server`. */
export interface McpHighLevelServerLike {
  server: McpServerLike;
}

const INSTRUMENTED = Symbol.for('muxi-tracing.mcp.server');
const wrapped = new WeakSet<Handler>();

function wrapHandler(handler: unknown, t: Tracer): unknown {
  if (typeof handler !== 'function' || wrapped.has(handler as Handler)) return handler;
  const h = handler as Handler;
  const w: Handler = function (this: unknown, request: unknown, ...rest: unknown[]): unknown {
    let meta: { traceparent?: string; tracestate?: string } = {};
    try {
      meta = traceMetaOf(request);
    } catch (err) {
      reportFailure('mcp server: could not read traceparent', err);
    }
    if (meta.traceparent === undefined) return h.call(this, request, ...rest);
    return t.continueTrace(meta.traceparent, () => h.call(this, request, ...rest), meta.tracestate);
  };
  wrapped.add(w);
  return w;
}

/**
 * Makes every request handler of the server (tool calls, and any other request) run as a
 * child of the caller's span, read from `params._meta.traceparent` (and `tracestate`), so
 * the events the server's own traced code emits share the caller's trace id and hang under
 * the caller's current span (the agent's `mcp:tool_call`). A request without a valid
 * `traceparent` runs as before (an invalid one starts a fresh trace; nothing throws).
 *
 * Takes the SDK's `McpServer` (its `.server` is used) or the low-level `Server`. Works
 * before or after `connect()` and before or after tools are registered: the handlers already
 * registered are wrapped, and so is every handler registered later. Idempotent. Returns the
 * same server.
 *
 * @example
 * ```ts
 * import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
 * import { instrumentMcpServer } from 'muxi-tracing/mcp';
 * const server = instrumentMcpServer(new McpServer({ name: 'weather', version: '1.0.0' }));
 * server.registerTool('forecast', { inputSchema: { city: z.string() } }, async ({ city }) => {
 *   tracer.trace('weather', 'lookup', `Looking up ${city}`); // joins the caller's trace
 *   return { content: [{ type: 'text', text: 'sunny' }] };
 * });
 * ```
 */
export function instrumentMcpServer<S extends McpServerLike | McpHighLevelServerLike>(server: S, options: McpInstrumentOptions = {}): S {
  const low = lowLevel(server);
  if (low === undefined) {
    reportFailure('instrumentMcpServer', new Error('not an MCP server: neither it nor its .server has setRequestHandler()'));
    return server;
  }
  const target = low as McpServerLike & { [INSTRUMENTED]?: true; _requestHandlers?: unknown };
  if (target[INSTRUMENTED]) return server;
  const t = options.tracer ?? defaultTracer;
  const map = target._requestHandlers;
  if (map instanceof Map) {
    // Handlers registered so far, then every later `set` (setRequestHandler, McpServer's lazy registration).
    for (const [method, handler] of map) map.set(method, wrapHandler(handler, t));
    const set = map.set;
    Object.defineProperty(map, 'set', {
      value: function (this: Map<unknown, unknown>, key: unknown, value: unknown) {
        return set.call(this, key, wrapHandler(value, t));
      },
      writable: true, configurable: true, enumerable: false,
    });
  } else {
    // An SDK without the handler map: wrap handlers registered from now on.
    const original = target.setRequestHandler;
    Object.defineProperty(target, 'setRequestHandler', {
      value: function (this: unknown, schema: unknown, handler: unknown) {
        return original.call(this, schema, wrapHandler(handler, t));
      },
      writable: true, configurable: true, enumerable: false,
    });
    reportFailure('instrumentMcpServer', new Error('this SDK version keeps no _requestHandlers map: handlers registered before instrumentMcpServer() are not traced'));
  }
  Object.defineProperty(target, INSTRUMENTED, { value: true, configurable: true, enumerable: false });
  return server;
}

function lowLevel(server: unknown): McpServerLike | undefined {
  if (server === null || typeof server !== 'object') return undefined;
  const s = server as Partial<McpServerLike> & Partial<McpHighLevelServerLike>;
  const inner = s.server as Partial<McpServerLike> | undefined;
  if (inner !== null && typeof inner === 'object' && typeof inner.setRequestHandler === 'function') return inner as McpServerLike;
  if (typeof s.setRequestHandler === 'function') return s as McpServerLike;
  return undefined;
}

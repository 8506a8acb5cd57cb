/**
 * `instrumentMcpClient`: every request an MCP `Client` sends carries the current trace in
 * `params._meta`. Duck-typed: nothing here imports `@modelcontextprotocol/sdk`.
 * @module
 */
import { reportFailure } from '../errors.js';
import { tracer as defaultTracer } from '../singleton.js';
import type { Tracer } from '../tracer.js';
import { withTraceMeta } from './meta.js';

/** Options of {@link instrumentMcpClient} and {@link instrumentMcpServer}. */
export interface McpInstrumentOptions {
  /** Tracer whose sampling applies (default the process-wide `tracer`; the context is shared by all tracers). */
  tracer?: Tracer;
}

/** What the client side needs: the SDK `Client` (any `Protocol`) has `request(request, schema?, options?)`. */
export interface McpClientLike {
  request(request: any, ...rest: any[]): any;
}

const INSTRUMENTED = Symbol.for('muxi-tracing.mcp.client');

/**
 * Makes every request the client sends (`tools/call`, `tools/list`, `initialize`, ...) carry
 * the current W3C `traceparent` (and `tracestate` when present) in `params._meta`, the keys
 * MCP reserves for it. The caller's own `_meta` keys are kept. It emits no events of its own
 * (the `mcp:*` events come from the traced `executeTool`). Works before or after `connect()`:
 * it wraps the instance's `request`, through which the SDK sends every request. Idempotent.
 * Returns the same client.
 *
 * @example
 * ```ts
 * import { Client } from '@modelcontextprotocol/sdk/client/index.js';
 * import { instrumentMcpClient } from 'muxi-tracing/mcp';
 * const client = instrumentMcpClient(new Client({ name: 'muxi', version: '1.0.0' }));
 * await client.connect(transport);
 * await client.callTool({ name: 'weather', arguments: { city: 'Paris' } }); // carries traceparent
 * ```
 */
export function instrumentMcpClient<C extends McpClientLike>(client: C, options: McpInstrumentOptions = {}): C {
  const target = client as C & { [INSTRUMENTED]?: true };
  if (target === null || typeof target !== 'object' || typeof target.request !== 'function') {
    reportFailure('instrumentMcpClient', new Error('not an MCP client: it has no request() method'));
    return client;
  }
  if (target[INSTRUMENTED]) return client;
  const t = options.tracer ?? defaultTracer;
  const original = target.request;
  const request = function (this: unknown, req: unknown, ...rest: unknown[]): unknown {
    let out = req;
    try {
      out = withTraceMeta(req, t);
    } catch (err) {
      reportFailure('mcp client: could not add traceparent', err);
    }
    return original.call(this, out, ...rest);
  };
  Object.defineProperty(target, 'request', { value: request, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(target, INSTRUMENTED, { value: true, configurable: true, enumerable: false });
  return client;
}

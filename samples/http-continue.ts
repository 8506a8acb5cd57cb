/**
 * Continuing a trace from an incoming HTTP request's W3C `traceparent` header.
 *
 *   node --import tsx samples/http-continue.ts           # serves, sends itself one request, exits
 *   node --import tsx samples/http-continue.ts --serve   # keeps serving on 127.0.0.1:$PORT (default 8787)
 *   curl -H 'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' \
 *        -d 'What is the weather?' http://127.0.0.1:8787/chat
 *
 * Every event of the request joins the caller's trace, under the caller's span; a missing or
 * malformed header starts a fresh trace. The answer names the trace and our `traceparent`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { tracer as defaultTracer } from 'muxi-tracing';
import type { Tracer } from 'muxi-tracing';

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The request handler: reads the body, then runs the (tiny) conversation inside the caller's trace. */
export function createHandler(tracer: Tracer = defaultTracer) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const answer = await tracer.continueTrace(header(req, 'traceparent'), async () => {
      const traceId = tracer.userMessage(body || '(empty)', header(req, 'x-user-id'));
      tracer.orchestratorRoute(body, 'echo-agent');
      tracer.agentProcessing('echo-agent');
      const reply = `You said: ${body}`;
      tracer.agentResponse('echo-agent', reply);
      const traceparent = tracer.traceparent();
      tracer.orchestratorResponse(reply);
      return { trace_id: traceId, traceparent, tracestate: tracer.tracestate(), reply };
    }, header(req, 'tracestate'));
    res.writeHead(200, { 'content-type': 'application/json', traceparent: answer.traceparent ?? '' });
    res.end(JSON.stringify(answer));
  };
}

/** Starts the server on 127.0.0.1 (`port` 0 picks a free one). */
export async function start(port: number, tracer: Tracer = defaultTracer): Promise<Server> {
  const handle = createHandler(tracer);
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

async function main(): Promise<void> {
  const serve = process.argv.includes('--serve');
  const server = await start(serve ? Number(process.env['PORT'] ?? 8787) : 0);
  const { port } = server.address() as AddressInfo;
  if (serve) {
    process.stderr.write(`listening on http://127.0.0.1:${port}/chat\n`);
    return;
  }
  const upstream = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const res = await fetch(`http://127.0.0.1:${port}/chat`, { method: 'POST', headers: { traceparent: upstream }, body: 'What is the weather?' });
  const answer = (await res.json()) as { trace_id: string };
  server.close();
  await defaultTracer.flush();
  console.log(`upstream traceparent ${upstream}\nanswer ${JSON.stringify(answer)}\njoined: ${answer.trace_id === upstream.split('-')[1]}`);
  await defaultTracer.shutdown();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

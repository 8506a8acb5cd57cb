import { expect } from 'chai';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { MemorySink, tracer } from 'muxi-tracing';
import type { TraceEvent } from 'muxi-tracing';
import type { App } from '../../samples/app/index.js';
import { createApp } from '../../samples/app/index.js';
import { createToolServer } from '../../samples/mcp/tools.js';

const N = 500;

/** The i-th conversation: a message, who sends it, and what must come back. */
function nth(i: number): { message: string; user: string; agent: string; tool: string; serverOp: string; answer: string; failed: boolean } {
  const user = `user-${i}`;
  switch (i % 4) {
    case 0:
      return { message: `Please calculate ${i} + 1`, user, agent: 'math', tool: 'calculate', serverOp: 'calculate', answer: `The answer is ${i + 1} (${i} + 1 = ${i + 1}).`, failed: false };
    case 1:
      return { message: "What's the weather in Paris?", user, agent: 'weather', tool: 'get_weather', serverOp: 'weather', answer: 'It is sunny, 21°C in Paris.', failed: false };
    case 2:
      return { message: `Any weather alerts for Tokyo? (#${i})`, user, agent: 'weather', tool: 'get_alerts', serverOp: 'alerts',
        answer: 'Sorry, I could not get the alerts for Tokyo: alerts service unavailable for Tokyo', failed: true };
    default:
      return { message: `calculate ${i} * 2`, user, agent: 'math', tool: 'calculate', serverOp: 'calculate', answer: `The answer is ${i * 2} (${i} * 2 = ${i * 2}).`, failed: false };
  }
}

describe(`samples: ${N} concurrent chats through the sample app`, function () {
  this.timeout(60_000);
  const sink = new MemorySink();
  let remove: () => void;
  let app: App;
  let before: { stdout: boolean };

  beforeEach(async () => {
    before = { stdout: tracer.config.stdout };
    tracer.configure({ stdout: false });
    remove = tracer.addSink(sink);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createToolServer().connect(serverSide);
    app = await createApp({ transport: () => clientSide });
    sink.clear();
  });

  afterEach(async () => {
    await app.close();
    remove();
    tracer.configure({ stdout: before.stdout });
  });

  it('puts every event in its own conversation\'s trace, under the right parent', async () => {
    const answers = await Promise.all(Array.from({ length: N }, (_, i) => app.orchestrator.chat(nth(i).message, nth(i).user)));
    answers.forEach((a, i) => expect(a, nth(i).message).to.equal(nth(i).answer));

    const byTrace = new Map<string, TraceEvent[]>();
    for (const e of sink.events) {
      const list = byTrace.get(e.trace_id) ?? [];
      list.push(e);
      byTrace.set(e.trace_id, list);
    }
    expect(byTrace.size).to.equal(N);
    const seenUsers = new Set<string>();
    for (const events of byTrace.values()) {
      const root = events[0]!;
      expect(`${root.component}:${root.operation}`).to.equal('user:message');
      const i = Number(/^user-(\d+)$/.exec(root.user_id ?? '')?.[1]);
      const c = nth(i);
      seenUsers.add(root.user_id!);
      expect(root.message).to.equal(`User sent: ${c.message}`);
      const names = events.map((e) => `${e.component}:${e.operation}`);
      expect(names).to.deep.equal([
        'user:message', 'orchestrator:route', 'agent:process_start', 'agent:llm_call', 'agent:llm_result',
        'agent:tool_call', 'mcp:tool_call', `tools:${c.serverOp}_start`, `tools:${c.serverOp}_${c.failed ? 'error' : 'end'}`,
        'mcp:tool_result', 'agent:tool_result', 'agent:llm_call', 'agent:llm_result', 'agent:response', 'orchestrator:response',
      ]);
      const at = (n: string, k = 0): TraceEvent => events.filter((e) => `${e.component}:${e.operation}` === n)[k]!;
      const agent = at('agent:process_start');
      const tool = at('agent:tool_call');
      const mcp = at('mcp:tool_call');
      expect(root.parent_span_id).to.equal(undefined);
      expect(at('orchestrator:route').parent_span_id).to.equal(root.span_id);
      expect(at('orchestrator:route').agent_id).to.equal(c.agent);
      expect(agent.parent_span_id).to.equal(root.span_id);
      expect(at('agent:llm_call').parent_span_id).to.equal(agent.span_id);
      expect(at('agent:llm_call', 1).parent_span_id).to.equal(agent.span_id);
      expect(tool.parent_span_id).to.equal(agent.span_id);
      expect(mcp.parent_span_id).to.equal(tool.span_id);
      expect(at(`tools:${c.serverOp}_start`).parent_span_id).to.equal(mcp.span_id);
      expect(at('mcp:tool_result').span_id).to.equal(mcp.span_id);
      expect(at('agent:tool_result').span_id).to.equal(tool.span_id);
      expect(at('agent:response').span_id).to.equal(agent.span_id);
      expect(at('orchestrator:response').span_id).to.equal(root.span_id);
      expect(at('agent:tool_call').message).to.equal(`Agent '${c.agent}' calling tool '${c.tool}' on server 'tools'`);
      expect(at('orchestrator:response').message).to.equal(`Orchestrator responding to user: ${c.answer}`);
      expect(at('mcp:tool_result').level).to.equal(c.failed ? 'ERROR' : 'TRACE');
      // The server side continues the trace from the traceparent alone (no user or agent id crosses MCP).
      for (const e of events.filter((x) => x.component !== 'tools')) {
        expect(e.user_id).to.equal(c.user);
        if (e.component === 'agent' || e.component === 'mcp') expect(e.agent_id).to.equal(c.agent);
      }
    }
    expect(seenUsers.size).to.equal(N);
  });
});

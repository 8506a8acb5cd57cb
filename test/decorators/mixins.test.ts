import { expect } from 'chai';
import { TracedAgent, TracedMCPHandler, TracedOrchestrator, usageOf } from '../../decorators/index.js';
import { Tracer } from '../../src/index.js';
import { mode, names, one, sink, t, tick } from './helpers.js';

interface ToolResult { content: Array<{ type: 'text'; text: string }>; isError?: boolean }

class BaseMCP {
  async executeTool(server: string, tool: string, params: Record<string, unknown>): Promise<ToolResult> {
    await tick();
    if (tool === 'explode') throw new Error(`no such tool on ${server}`);
    if (tool === 'bad') return { content: [{ type: 'text', text: 'service down' }], isError: true };
    return { content: [{ type: 'text', text: `${tool}(${JSON.stringify(params)})` }] };
  }
}
const MCP = TracedMCPHandler(BaseMCP, { tracer: t });

class BaseAgent {
  model = 'fake-1';
  constructor(readonly name: string, private readonly mcp: BaseMCP) {}

  get description(): string {
    throw new Error('getters must not be read by the mixin');
  }

  async generate(messages: Array<{ role: string; content: string }>): Promise<{ text: string; usage: { prompt_tokens: number; completion_tokens: number } }> {
    await tick();
    return { text: `thought about ${messages.length}`, usage: { prompt_tokens: 10, completion_tokens: 4 } };
  }

  async callTool(server: string, tool: string, params: Record<string, unknown>): Promise<ToolResult> {
    return this.mcp.executeTool(server, tool, params);
  }

  async processMessage(message: string): Promise<string> {
    await this.generate([{ role: 'user', content: message }]);
    const tool = message.includes('fail') ? 'bad' : message.includes('crash') ? 'explode' : 'lookup';
    let r: ToolResult;
    try {
      r = await this.callTool('srv', tool, { q: message });
    } catch {
      return 'tool crashed';
    }
    return r.content[0]!.text;
  }
}
const Agent = TracedAgent(BaseAgent, { tracer: t });

class BaseOrchestrator {
  constructor(readonly agents: Map<string, BaseAgent>) {}

  selectAgent(message: string): string {
    if (message.includes('nobody')) throw new Error('no agent');
    return message.includes('math') ? 'math' : 'weather';
  }

  async chat(message: string, userId?: string): Promise<string> {
    void userId;
    const id = this.selectAgent(message);
    return this.agents.get(id)!.processMessage(message);
  }
}
const Orchestrator = TracedOrchestrator(BaseOrchestrator, { tracer: t });

function app(): InstanceType<typeof Orchestrator> {
  const mcp = new MCP();
  return new Orchestrator(new Map([['weather', new Agent('weather', mcp)], ['math', new Agent('math', mcp)]]));
}

const FLOW = [
  'user:message', 'orchestrator:route', 'agent:process_start', 'agent:llm_call', 'agent:llm_result',
  'agent:tool_call', 'mcp:tool_call', 'mcp:tool_result', 'agent:tool_result', 'agent:response', 'orchestrator:response',
];

describe(`MUXI mixins (${mode} decorators)`, () => {
  beforeEach(() => sink.clear());

  it('emits the PRD §7 flow in order with PRD wording, in one trace', async () => {
    const answer = await app().chat('weather in Paris?', 'user-7');
    expect(answer).to.equal('lookup({"q":"weather in Paris?"})');
    expect(names()).to.deep.equal(FLOW);
    expect(new Set(sink.events.map((e) => e.trace_id)).size).to.equal(1);
    const m = (n: string): string => one(n).message;
    expect(m('user:message')).to.equal('User sent: weather in Paris?');
    expect(m('orchestrator:route')).to.equal("Routing message to agent 'weather'");
    expect(m('agent:process_start')).to.equal("Agent 'weather' processing message");
    expect(m('agent:llm_call')).to.equal("Agent 'weather' calling model 'fake-1'");
    expect(m('agent:tool_call')).to.equal("Agent 'weather' calling tool 'lookup' on server 'srv'");
    expect(m('agent:tool_result')).to.equal("Agent 'weather' received result from tool 'lookup'");
    expect(m('agent:response')).to.equal(`Agent 'weather' responded: ${answer}`);
    expect(m('orchestrator:response')).to.equal(`Orchestrator responding to user: ${answer}`);
    for (const e of sink.events) expect(e.user_id).to.equal('user-7');
    expect(one('agent:llm_result').data?.['usage']).to.deep.equal({ input_tokens: 10, output_tokens: 4, total_tokens: 14 });
  });

  it('nests spans: route and agent under the root, tool and model calls under the agent, mcp under the tool call', async () => {
    await app().chat('math 2+2');
    const root = one('user:message');
    const agent = one('agent:process_start');
    const tool = one('agent:tool_call');
    expect(root.parent_span_id).to.equal(undefined);
    expect(one('orchestrator:route').parent_span_id).to.equal(root.span_id);
    expect(one('orchestrator:route').agent_id).to.equal('math');
    expect(agent.parent_span_id).to.equal(root.span_id);
    expect(one('agent:llm_call').parent_span_id).to.equal(agent.span_id);
    expect(tool.parent_span_id).to.equal(agent.span_id);
    expect(one('mcp:tool_call').parent_span_id).to.equal(tool.span_id);
    expect(one('mcp:tool_call').agent_id).to.equal('math');
    // closing events share their opening event's span and carry duration_ms
    for (const [open, close] of [['user:message', 'orchestrator:response'], ['agent:process_start', 'agent:response'],
      ['agent:llm_call', 'agent:llm_result'], ['agent:tool_call', 'agent:tool_result'], ['mcp:tool_call', 'mcp:tool_result']] as const) {
      expect(one(close).span_id, close).to.equal(one(open).span_id);
      expect(one(close).duration_ms, close).to.be.a('number');
    }
  });

  it('logs an MCP error result at ERROR without throwing', async () => {
    expect(await app().chat('please fail')).to.equal('service down');
    expect(names()).to.deep.equal(FLOW);
    expect(one('mcp:tool_result').level).to.equal('ERROR');
    expect(one('mcp:tool_result').message).to.include('service down');
    expect(one('agent:tool_result').level).to.equal('ERROR');
    expect(one('agent:response').level).to.equal('TRACE');
  });

  it('emits <component>:<operation>_error for a throwing method and passes the error on', async () => {
    expect(await app().chat('crash now')).to.equal('tool crashed');
    const err = one('mcp:tool_call_error');
    expect(err.level).to.equal('ERROR');
    expect(err.error?.message).to.equal('no such tool on srv');
    expect(one('agent:tool_call_error').error?.message).to.equal('no such tool on srv');
    expect(names()).to.include('orchestrator:response');
  });

  it('records routing errors and chat errors, rethrowing the same error', async () => {
    let caught: unknown;
    await app().chat('nobody home').catch((e: unknown) => { caught = e; });
    expect((caught as Error).message).to.equal('no agent');
    expect(names()).to.deep.equal(['user:message', 'orchestrator:route_error', 'orchestrator:chat_error']);
    expect(one('orchestrator:chat_error').span_id).to.equal(one('user:message').span_id);
    expect(one('orchestrator:route_error').parent_span_id).to.equal(one('user:message').span_id);
  });

  it('joins an active trace instead of starting one', async () => {
    const tid = await t.startTrace({ userId: 'u1' }, async () => {
      await app().chat('weather');
      return t.currentTraceId();
    });
    expect(new Set(sink.events.map((e) => e.trace_id))).to.deep.equal(new Set([tid]));
  });

  it('keeps method names and lengths, and the class name', () => {
    expect(Agent.prototype.callTool.name).to.equal('callTool');
    expect(Agent.prototype.callTool.length).to.equal(3);
    expect(Agent.name).to.equal('BaseAgent');
    expect(new Agent('a', new MCP())).to.be.instanceOf(BaseAgent);
  });

  it('follows a method map, and leaves methods the base lacks untraced', async () => {
    class Bot {
      id = 'bot-1';
      llm = { name: 'tiny' };
      async respond(m: string): Promise<string> {
        await this.think(m);
        return m.toUpperCase();
      }
      async think(m: string): Promise<string> {
        return m;
      }
    }
    const TBot = TracedAgent(Bot, { tracer: t, processMessage: 'respond', generate: 'think', name: 'id', model: 'llm', callTool: 'nope' });
    expect(await new TBot().respond('hi')).to.equal('HI');
    expect(names()).to.deep.equal(['agent:process_start', 'agent:llm_call', 'agent:llm_result', 'agent:response']);
    expect(one('agent:llm_call').message).to.equal("Agent 'bot-1' calling model 'tiny'");
    expect(one('agent:llm_result').data?.['usage']).to.equal(undefined);
    expect('nope' in TBot.prototype).to.equal(false);
  });

  it('leaves getters alone, even when the map names one', () => {
    const G = TracedAgent(BaseAgent, { tracer: t, generate: 'description' });
    expect(Object.getOwnPropertyDescriptor(G.prototype, 'description')).to.equal(undefined);
    expect(() => new G('g', new MCP()).description).to.throw('getters must not be read');
    expect(sink.events).to.have.length(0);
  });

  it('calls the original methods directly when the tracer is disabled', async () => {
    const off = new Tracer({ env: false, stdout: false, enabled: false, sinks: [sink] });
    const A = TracedAgent(BaseAgent, { tracer: off });
    const M = TracedMCPHandler(BaseMCP, { tracer: off });
    const O = TracedOrchestrator(BaseOrchestrator, { tracer: off });
    const o = new O(new Map([['weather', new A('weather', new M())]]));
    expect(await o.chat('weather', 'u')).to.equal('lookup({"q":"weather"})');
    expect(sink.events).to.have.length(0);
  });

  it('never throws into the caller on odd arguments (no toString)', async () => {
    const odd = Object.create(null) as Record<string, unknown>;
    expect(() => String(odd)).to.throw(TypeError);
    const r = await new MCP().executeTool(odd as never, 'lookup', { q: 1 });
    expect(r.content[0]!.text).to.equal('lookup({"q":1})');
    expect(names()).to.deep.equal(['mcp:tool_call', 'mcp:tool_result']);
    expect(one('mcp:tool_call').message).to.equal("MCP server '{}' executing tool 'lookup'");
  });

  it('normalises the common usage shapes', () => {
    expect(usageOf({ usage: { input_tokens: 3, output_tokens: 2 } })).to.deep.equal({ input_tokens: 3, output_tokens: 2, total_tokens: 5 });
    expect(usageOf({ usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 9 } })).to.deep.equal({ input_tokens: 3, output_tokens: 2, total_tokens: 9 });
    expect(usageOf({ usage: { inputTokens: 1, outputTokens: 1 } })).to.deep.equal({ input_tokens: 1, output_tokens: 1, total_tokens: 2 });
    expect(usageOf({ text: 'x' })).to.equal(undefined);
    expect(usageOf(null)).to.equal(undefined);
  });
});

/**
 * Concurrency isolation: 1,000 interleaved conversations, each through awaits, timers,
 * setImmediate, Promise.all, EventEmitter listeners and async generators, with no explicit
 * ids. Every event must carry its own conversation's trace id and the right parent span.
 */
import { EventEmitter, EventEmitterAsyncResource } from 'node:events';
import { expect } from 'chai';
import { MemorySink, Tracer, bindContext } from '../../src/index.js';
import { contextManager } from '../../src/context.js';
import type { TraceEvent } from '../../src/index.js';
import { isolated, seeded, sleep, tick } from '../helpers/delay.js';

const N = 1000;

describe('core: concurrency isolation', () => {
  it(`keeps ${N} interleaved conversations apart (trace ids and parent spans)`, async () => {
    const mem = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
    const rand = seeded(20260515);
    const bus = new EventEmitter();
    bus.setMaxListeners(0);
    const traceOf = new Map<number, string>();
    const scopedIds = new Map<number, string>();

    const pause = async (): Promise<void> => {
      const r = rand();
      if (r < 0.35) await sleep(Math.floor(rand() * 4));
      else if (r < 0.7) await tick();
      else if (r < 0.85) await Promise.resolve();
      else await new Promise<void>((res) => process.nextTick(res));
    };

    async function* chunks(i: number): AsyncGenerator<number> {
      for (let k = 0; k < 3; k++) {
        await pause();
        t.trace('agent', 'gen_step', `conv ${i} step ${k}`, { data: { conv: i } });
        yield k;
      }
    }

    // A dispatcher that fires bus events from a decoy trace's context, never the listener's.
    const decoy = { traceId: 'dec0dec0dec0dec0dec0dec0dec0dec0', spanId: 'dec0dec0dec0dec0', sampled: true };
    const fire = (name: string): void => {
      setTimeout(() => contextManager.with(decoy, () => bus.emit(name)), Math.floor(rand() * 3));
    };

    async function toolCall(i: number, agent: string, tool: string): Promise<void> {
      t.agentToolCall(agent, 'srv', tool, { conv: i });
      await pause();
      // A listener registered inside the context on a shared bus, fired from another context.
      await new Promise<void>((resolve) => {
        bus.once(`${tool}:done`, bindContext(() => {
          t.trace('mcp', 'bus_reply', `conv ${i} ${tool} reply`, { data: { conv: i } });
          resolve();
        }));
        fire(`${tool}:done`);
      });
      // An emitter made inside the context (EventEmitterAsyncResource keeps it), emitted from elsewhere.
      const local = new EventEmitterAsyncResource({ name: 'conv-emitter' });
      await new Promise<void>((resolve) => {
        local.on('progress', () => {
          t.trace('mcp', 'progress', `conv ${i} ${tool} progress`, { data: { conv: i } });
          resolve();
        });
        setImmediate(() => contextManager.with(decoy, () => local.emit('progress')));
      });
      await pause();
      t.agentToolResult(agent, 'srv', tool, { ok: i });
    }

    async function conversation(i: number): Promise<void> {
      if (i % 2 === 0) await pause(); // odd ones start synchronously, inside whatever the loop's context is
      const agent = `agent-${i}`;
      traceOf.set(i, t.userMessage(`msg ${i}`, `user-${i}`));
      await pause();
      t.orchestratorRoute(`msg ${i}`, agent);
      await pause();
      t.agentProcessing(agent);
      await Promise.all([toolCall(i, agent, `tool-${i}-a`), toolCall(i, agent, `tool-${i}-b`)]);
      for await (const k of chunks(i)) t.trace('agent', 'chunk', `conv ${i} chunk ${k}`, { data: { conv: i } });
      await pause();
      t.agentResponse(agent, `resp ${i}`);
      await pause();
      t.orchestratorResponse(`resp ${i}`);
    }

    const runs: Array<Promise<void>> = [];
    isolated(() => {
      for (let i = 0; i < N; i++) {
        if (i % 4 === 3) {
          // The scoped form: userMessage inside startTrace joins that trace.
          runs.push(t.startTrace({ userId: `user-${i}` }, async () => {
            scopedIds.set(i, t.currentTraceId()!);
            await conversation(i);
          }));
        } else {
          runs.push(conversation(i));
        }
      }
    });
    await Promise.all(runs);

    // Which conversation an event belongs to, read from what the caller passed (not from context).
    const convOf = (e: TraceEvent): number => {
      const m = /(?:msg|resp|conv|agent-|tool-|from tool 'tool-)\s?(\d+)/.exec(e.message);
      if (m) return Number(m[1]);
      throw new Error(`no conversation in ${e.message}`);
    };

    const perTrace = new Map<string, TraceEvent[]>();
    for (const e of mem.events) {
      const list = perTrace.get(e.trace_id) ?? [];
      list.push(e);
      perTrace.set(e.trace_id, list);
    }
    expect(perTrace.size).to.equal(N);
    expect(new Set(traceOf.values()).size).to.equal(N);
    for (const [i, id] of scopedIds) expect(traceOf.get(i), `conv ${i} joins its startTrace`).to.equal(id);

    const perConv = 1 + 1 + 1 + 2 * 4 + 3 + 3 + 1 + 1;
    expect(mem.events.length).to.equal(N * perConv);

    for (let i = 0; i < N; i++) {
      const tid = traceOf.get(i)!;
      const evs = perTrace.get(tid)!;
      expect(evs, `events of conv ${i}`).to.have.length(perConv);
      for (const e of evs) expect(convOf(e), `${e.component}:${e.operation} "${e.message}" in trace of conv ${i}`).to.equal(i);

      const one = (op: string): TraceEvent => {
        const found = evs.filter((e) => `${e.component}:${e.operation}` === op);
        expect(found, op).to.have.length(1);
        return found[0]!;
      };
      const root = one('user:message');
      expect(root).to.not.have.property('parent_span_id');
      expect(root.user_id).to.equal(`user-${i}`);
      expect(one('orchestrator:route').parent_span_id).to.equal(root.span_id);
      const proc = one('agent:process_start');
      expect(proc.parent_span_id, 'process_start under user:message').to.equal(root.span_id);
      for (const suffix of ['a', 'b']) {
        const tool = `tool-${i}-${suffix}`;
        const call = evs.find((e) => e.operation === 'tool_call' && e.message.includes(`'${tool}'`))!;
        const result = evs.find((e) => e.operation === 'tool_result' && e.message.includes(`'${tool}'`))!;
        expect(call.parent_span_id, 'tool_call under process_start').to.equal(proc.span_id);
        expect(result.span_id, 'tool_result closes its tool_call').to.equal(call.span_id);
        expect(result.parent_span_id).to.equal(proc.span_id);
        expect(result.duration_ms).to.be.a('number');
        for (const op of ['bus_reply', 'progress']) {
          const ev = evs.find((e) => e.operation === op && e.message.includes(tool))!;
          expect(ev.parent_span_id, `${op} under its tool_call`).to.equal(call.span_id);
        }
      }
      for (const e of evs.filter((x) => x.operation === 'chunk' || x.operation === 'gen_step')) {
        expect(e.parent_span_id, `${e.operation} under the agent span`).to.equal(proc.span_id);
        expect(e.agent_id).to.equal(`agent-${i}`);
      }
      const resp = one('agent:response');
      expect(resp.span_id).to.equal(proc.span_id);
      expect(resp.parent_span_id).to.equal(root.span_id);
      const orr = one('orchestrator:response');
      expect(orr.span_id, 'orchestrator:response closes the user:message span').to.equal(root.span_id);
      expect(orr).to.not.have.property('parent_span_id');
      for (const e of evs) expect(e.user_id, 'user id follows the conversation').to.equal(`user-${i}`);
    }
    // Nothing reached the decoy trace.
    expect(perTrace.has(decoy.traceId)).to.equal(false);
  });

  it('does not carry a context into an unrelated plain EventEmitter emit without binding', async () => {
    // The documented limit: a shared emitter runs its listeners in the emitter's caller context.
    const mem = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
    const bus = new EventEmitter();
    let seen: string | undefined = 'unset';
    await t.startTrace({}, async () => {
      bus.on('x', () => { seen = t.currentTraceId(); });
    });
    bindContext(() => bus.emit('x'), null)();
    expect(seen).to.equal(undefined);
  });
});

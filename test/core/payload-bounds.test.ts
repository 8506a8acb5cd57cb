/**
 * Whatever a traced call carries, its events are bounded by the limits and say what was cut:
 * the message text and `data` stop walking and serializing once the limit is reached.
 * (What it costs is measured by `npm run bench -- --payloads`, never asserted here.)
 */
import { expect } from 'chai';
import { MemorySink, Tracer } from '../../src/index.js';
import { jsonLine } from '../../src/format/json.js';
import type { TraceEvent } from '../../src/index.js';
import { TracedAgent, TracedOrchestrator } from '../../decorators/index.js';

const MAX_STRING = 1024;
const MAX_DATA = 4096;

function deep(n: number): unknown {
  let o: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < n; i++) o = { next: o };
  return o;
}

function wide(n: number): Record<string, number> {
  const o: Record<string, number> = {};
  for (let i = 0; i < n; i++) o[`key${i}`] = i;
  return o;
}

const SHAPES: Array<[string, () => unknown]> = [
  ['a 20 MiB string', () => Buffer.alloc(20 * 1024 * 1024, 'x').toString('latin1')],
  ['a 20 MiB rope', () => 'y'.repeat(20 * 1024 * 1024)],
  ['1,000,000 numbers', () => Array.from({ length: 1_000_000 }, (_, i) => i)],
  ['100,000 keys', () => wide(100_000)],
  ['a 10 MiB Buffer', () => Buffer.alloc(10 * 1024 * 1024, 1)],
  ['a Float64Array', () => new Float64Array(1 << 20)],
  ['10,000-deep nesting', () => deep(10_000)],
  ['a Map of 100,000 entries', () => new Map(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, { i }]))],
  ['a Set of 100,000 entries', () => new Set(Array.from({ length: 100_000 }, (_, i) => `v${i}`))],
  ['1,000 throwing getters', () => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i++) Object.defineProperty(o, `g${i}`, { enumerable: true, get() { throw new Error('no'); } });
    return o;
  }],
  ['a Proxy whose every trap throws', () => new Proxy({}, {
    get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); },
    has() { throw new Error('trap'); }, getOwnPropertyDescriptor() { throw new Error('trap'); },
  })],
];

function bytes(s: string): number {
  return Buffer.byteLength(s);
}

describe('core: cost bounded by the limits, not by the payload', () => {
  const mem = new MemorySink();
  const t = new Tracer({ env: false, stdout: false, sinks: [mem], maxStringBytes: MAX_STRING, maxDataBytes: MAX_DATA });
  class Base {
    name = 'agent';
    payload: unknown;
    processMessage(_m: unknown): unknown {
      return this.payload;
    }
  }
  const Agent = TracedAgent(Base, { tracer: t });
  class Orch {
    chat(m: unknown): unknown {
      return m;
    }
  }
  const Orchestrator = TracedOrchestrator(Orch, { tracer: t });

  function check(events: TraceEvent[], what: string): void {
    for (const e of events) {
      const line = jsonLine(e);
      expect(JSON.parse(line), what).to.be.an('object');
      // The message: the value part within maxStringBytes (plus the marker), after a short prefix.
      expect(bytes(e.message), `${what}: ${e.component}:${e.operation} message`).to.be.at.most(MAX_STRING + 200);
      // The data: about maxDataBytes (the budget counts keys and values as it goes, strings up to maxStringBytes).
      if (e.data !== undefined) expect(bytes(JSON.stringify(e.data)), `${what}: data`).to.be.at.most(MAX_DATA + MAX_STRING + 512);
    }
  }

  for (const [what, make] of SHAPES) {
    it(`${what}: through the mixins and tracer.trace(), every event bounded and valid`, () => {
      const v = make();
      mem.clear();
      const agent = new Agent();
      agent.payload = v;
      expect(agent.processMessage(v)).to.equal(v); // the app still gets its value back
      Orchestrator.prototype.chat.call(new Orchestrator(), v);
      t.trace('app', 'payload', 'a payload', { data: { payload: v } });
      expect(mem.names()).to.deep.equal(['agent:process_start', 'agent:response', 'user:message', 'orchestrator:response', 'app:payload']);
      check(mem.events, what);
    });
  }

  it('says what was cut: a marker in long text, _truncated in data, "more items" in lists', () => {
    mem.clear();
    const agent = new Agent();
    agent.payload = Array.from({ length: 1_000_000 }, (_, i) => i);
    agent.processMessage('x'.repeat(50_000));
    const [start, end] = mem.events;
    expect(start!.data!['message']).to.match(/…\[truncated 4\d{4} bytes]$/);
    expect(end!.message).to.match(/^Agent 'agent' responded: \[0,1,2,.*…\[truncated( \d+ bytes)?]/);
    expect(end!.data!['_truncated']).to.equal(`data over ${MAX_DATA} bytes was cut`);
    const list = end!.data!['response'] as unknown[];
    expect(list[list.length - 1]).to.match(/^\[\d+ more items truncated]$/);
  });

  it('a 20 MiB string over 1 Mi characters says how much was cut, at least', () => {
    mem.clear();
    t.trace('app', 'big', Buffer.alloc(3 * 1024 * 1024, 'z').toString('latin1'));
    expect(mem.events[0]!.message).to.match(/…\[truncated at least \d+ bytes]$/);
  });

  it('a Buffer or typed array is described, not listed', () => {
    mem.clear();
    const agent = new Agent();
    agent.payload = new Uint8Array(1 << 20);
    agent.processMessage(Buffer.alloc(10));
    expect(mem.events[0]!.data!['message']).to.equal('[Buffer 10 bytes]');
    expect(mem.events[1]!.message).to.equal("Agent 'agent' responded: [Uint8Array 1048576 bytes]");
  });
});

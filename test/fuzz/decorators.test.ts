/**
 * Property-based fuzzing of the mixins and `@Traced`: methods called with random arguments that
 * return random values, throw or reject random values (errors and non-errors), sync or async.
 * The caller always gets exactly what the method returned, threw or rejected; nothing else is
 * thrown; every line written is a valid contract line.
 */
import fc from 'fast-check';
import { expect } from 'chai';
import { MemorySink, Tracer } from '../../src/index.js';
import { jsonLine } from '../../src/format/json.js';
import { Traced, TracedAgent, TracedMCPHandler, TracedOrchestrator } from '../../decorators/index.js';
import { SEED, checkAsync, checkLine, hostile } from './fuzz-helpers.js';

/** What a method does with its call: return or throw a value, at once or after an await. */
interface Plan {
  outcome: 'return' | 'throw';
  value: unknown;
  async: boolean;
}
const plan: fc.Arbitrary<Plan> = fc.record({ outcome: fc.constantFrom<'return' | 'throw'>('return', 'throw'), value: hostile, async: fc.boolean() });

function act(p: Plan): unknown {
  if (!p.async) {
    if (p.outcome === 'throw') throw p.value;
    return p.value;
  }
  return (async () => {
    await Promise.resolve();
    if (p.outcome === 'throw') throw p.value;
    return p.value;
  })();
}

/** Calls `f` and reports how it settled, to compare with the plan. */
async function settle(f: () => unknown): Promise<{ threw: boolean; value: unknown }> {
  let r: unknown;
  try {
    r = f();
  } catch (err) {
    return { threw: true, value: err };
  }
  // A hostile returned value (a Proxy) may not even have a readable `then`: it comes back as it is.
  let thenable: boolean;
  try {
    thenable = r instanceof Promise;
  } catch {
    thenable = false;
  }
  if (!thenable) return { threw: false, value: r };
  try {
    return { threw: false, value: await (r as Promise<unknown>) };
  } catch (err) {
    return { threw: true, value: err };
  }
}

/**
 * The traced call settled as the same call untraced does: what the plan returned or threw, the
 * very value; or, where JavaScript itself turns it into something else (an async function
 * resolving with a Proxy whose `then` throws rejects with the trap's error), the same kind of outcome.
 */
async function same(got: { threw: boolean; value: unknown }, p: Plan): Promise<void> {
  const want = await settle(() => act(p));
  const message = (v: unknown): string => {
    try {
      return v instanceof Error ? v.message : typeof v;
    } catch {
      return 'unreadable';
    }
  };
  const show = (x: { threw: boolean; value: unknown }): string => (x.threw ? `threw ${message(x.value)}` : 'returned');
  expect(show(got), 'outcome').to.equal(show(want));
  if (want.value !== p.value) return; // made by the engine, not by the method: compared by outcome above
  if (typeof p.value === 'number' && Number.isNaN(p.value)) expect(Number.isNaN(got.value)).to.equal(true);
  else expect(got.value === p.value, 'the very value').to.equal(true);
}

describe(`fuzz: the mixins and @Traced (seed ${SEED})`, () => {
  before(() => console.log(`      fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} npm run test:one -- test/fuzz/decorators.test.ts)`));

  it('mixin methods give the caller exactly what the method gave, whatever the arguments and outcome', async () => {
    await checkAsync('mixins', fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('chat', 'selectAgent', 'processMessage', 'generate', 'callTool', 'executeTool'), fc.array(hostile, { maxLength: 3 }), plan), { minLength: 1, maxLength: 8 }), hostile, hostile, async (calls, name, model) => {
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem], maxStringBytes: 256, maxDataBytes: 1024 });
      let next: Plan = { outcome: 'return', value: undefined, async: false };
      class O { chat(..._a: unknown[]): unknown { return act(next); } selectAgent(..._a: unknown[]): unknown { return act(next); } }
      class A { name = name; model = model; processMessage(..._a: unknown[]): unknown { return act(next); } generate(..._a: unknown[]): unknown { return act(next); } callTool(..._a: unknown[]): unknown { return act(next); } }
      class M { executeTool(..._a: unknown[]): unknown { return act(next); } }
      const o = new (TracedOrchestrator(O, { tracer: t }))() as unknown as Record<string, (...a: unknown[]) => unknown>;
      const a = new (TracedAgent(A, { tracer: t }))() as unknown as Record<string, (...a: unknown[]) => unknown>;
      const m = new (TracedMCPHandler(M, { tracer: t }))() as unknown as Record<string, (...a: unknown[]) => unknown>;
      for (const [method, args, p] of calls) {
        next = p;
        const target = method === 'chat' || method === 'selectAgent' ? o : method === 'executeTool' ? m : a;
        await same(await settle(() => target[method]!(...args)), p);
      }
      await t.flush();
      for (const e of mem.events) checkLine(jsonLine(e));
    }), 400);
  });

  it('@Traced methods give the caller exactly what the method gave, with every option', async () => {
    const options = fc.record({ component: fc.string({ maxLength: 10 }), operation: fc.string({ maxLength: 10 }), message: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('{0} {args} {result} {error} {0.x.y}')), result: fc.boolean(), args: fc.oneof(fc.boolean(), fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.nat(4)), { maxLength: 3 })), agentId: fc.constantFrom('name', 'missing') }, { requiredKeys: [] });
    await checkAsync('@Traced', fc.asyncProperty(options, fc.array(fc.tuple(fc.array(hostile, { maxLength: 3 }), plan), { minLength: 1, maxLength: 6 }), async (opts, calls) => {
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem], maxStringBytes: 256, maxDataBytes: 1024 });
      let next: Plan = { outcome: 'return', value: undefined, async: false };
      const method = function (this: unknown, _a?: unknown, _b?: unknown): unknown { return act(next); };
      // Applied as TC39 decorators apply it (the legacy form is covered by the decorator suite).
      const wrapped = Traced({ ...opts, tracer: t })(method, { kind: 'method', name: 'run', static: false, private: false, access: { has: () => true, get: () => method }, metadata: {}, addInitializer: () => {} } as unknown as ClassMethodDecoratorContext) as typeof method;
      const self = { name: 'agent-1' };
      for (const [args, p] of calls) {
        next = p;
        await same(await settle(() => wrapped.apply(self, args as [])), p);
      }
      await t.flush();
      for (const e of mem.events) checkLine(jsonLine(e));
    }), 400);
  });
});

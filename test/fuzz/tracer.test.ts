/**
 * Property-based fuzzing of the tracer's public entry points: random and hostile arguments to
 * every `tracer.*` method, random `configure()` options and `TRACING_*` values, random
 * `traceparent` headers. Nothing throws into the caller except `TracingConfigError` (config);
 * every line written is valid JSON with the contract's fields; ids stay well-formed.
 */
import fc from 'fast-check';
import { expect } from 'chai';
import { MemorySink, Tracer, TracingConfigError } from '../../src/index.js';
import { configFromEnv } from '../../src/config.js';
import { jsonLine } from '../../src/format/json.js';
import { ENV_NAMES } from '../../src/config.js';
import { isolated } from '../helpers/delay.js';
import { SEED, check, checkLine, hostile } from './fuzz-helpers.js';

const text = fc.oneof(fc.string({ maxLength: 40 }), hostile);
const maybeTrace = fc.oneof(fc.constant(undefined), fc.constant(''), fc.uuid(), fc.stringMatching(/^[0-9a-f]{32}$/), hostile);

/** A traceparent: well-formed, nearly well-formed, or garbage. */
const header = fc.oneof(
  fc.tuple(fc.stringMatching(/^[0-9a-f]{2}$/), fc.stringMatching(/^[0-9a-fA-F]{32}$/), fc.stringMatching(/^[0-9a-f]{16}$/), fc.stringMatching(/^[0-9a-f]{2}$/), fc.option(fc.string({ maxLength: 8 })))
    .map(([v, t, p, f, x]) => `${v}-${t}-${p}-${f}${x === null ? '' : '-' + x}`),
  fc.string({ maxLength: 80 }),
  hostile,
);

type Cmd = (t: Tracer) => void;

/** One call of a public tracer method with random arguments. */
const command: fc.Arbitrary<Cmd> = fc.oneof(
  fc.tuple(text, text, text, fc.record({ traceId: maybeTrace, data: hostile, level: fc.oneof(fc.constantFrom('TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'), hostile), userId: text, agentId: text }, { requiredKeys: [] }))
    .map(([c, o, m, opts]) => (t: Tracer) => t.trace(c as string, o as string, m as string, opts as never)),
  fc.tuple(text, text).map(([m, u]) => (t: Tracer) => { const id = t.userMessage(m as string, u as string); expect(id).to.match(/^[0-9a-f]{32}$/); }),
  fc.tuple(text, text, maybeTrace).map(([m, a, id]) => (t: Tracer) => t.orchestratorRoute(m as string, a as string, id as string)),
  fc.tuple(text, maybeTrace).map(([a, id]) => (t: Tracer) => t.agentProcessing(a as string, id as string)),
  fc.tuple(text, text, text, hostile, maybeTrace).map(([a, s, tool, p, id]) => (t: Tracer) => t.agentToolCall(a as string, s as string, tool as string, p, id as string)),
  fc.tuple(text, text, text, hostile, maybeTrace).map(([a, s, tool, r, id]) => (t: Tracer) => t.agentToolResult(a as string, s as string, tool as string, r, id as string)),
  fc.tuple(text, hostile, maybeTrace).map(([a, r, id]) => (t: Tracer) => t.agentResponse(a as string, r as string, id as string)),
  fc.tuple(hostile, maybeTrace).map(([r, id]) => (t: Tracer) => t.orchestratorResponse(r as string, id as string)),
  fc.tuple(fc.record({ component: text, operation: text, message: text, level: hostile, data: hostile, agentId: text, userId: text, traceId: maybeTrace }, { requiredKeys: [] }),
    text, fc.record({ message: text, level: hostile, data: hostile, error: hostile, agentId: text, component: text }, { requiredKeys: [] }))
    .map(([start, op, end]) => (t: Tracer) => { const s = t.startSpan(start as never); s.end(op as string, end as never); s.end(op as string, end as never); }),
  fc.tuple(fc.record({ userId: text, traceId: maybeTrace }, { requiredKeys: [] }), text)
    .map(([o, m]) => (t: Tracer) => t.startTrace(o as never, () => t.trace('app', 'inside', m as string))),
  fc.tuple(header, fc.option(fc.string({ maxLength: 40 })), text).map(([h, ts, m]) => (t: Tracer) => {
    t.continueTrace(h as string, () => {
      t.trace('remote', 'child', m as string);
      const tp = t.traceparent();
      if (tp !== undefined) expect(tp).to.match(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
      const id = t.currentTraceId();
      if (id !== undefined) expect(id).to.match(/^[0-9a-f]{32}$/);
    }, ts ?? undefined);
  }),
);

/** Options of `configure()`: real keys with random or hostile values, and unknown keys. */
const options = fc.record({
  level: fc.oneof(fc.constantFrom('TRACE', 'INFO', 'ERROR'), hostile), components: fc.oneof(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), hostile),
  sampleRate: fc.oneof(fc.double(), hostile), format: fc.oneof(fc.constantFrom('json', '{message}', '{level: <8} {message}'), fc.string({ maxLength: 30 }), hostile),
  redact: fc.oneof(fc.boolean(), hostile), redactKeys: fc.oneof(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), hostile),
  maxStringBytes: fc.oneof(fc.integer({ min: -10, max: 100_000 }), hostile), maxDataBytes: fc.oneof(fc.integer({ min: -10, max: 100_000 }), hostile),
  flushTimeoutMs: fc.oneof(fc.integer({ min: -1, max: 10_000 }), hostile), bogus: hostile,
}, { requiredKeys: [] });

describe(`fuzz: the tracer's entry points (seed ${SEED})`, () => {
  before(() => console.log(`      fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} npm run test:one -- test/fuzz/tracer.test.ts)`));

  it('random calls of every tracer method never throw, and every line written is a valid contract line', () => {
    isolated(() => {
      check('tracer methods', fc.property(fc.array(command, { minLength: 1, maxLength: 25 }), (cmds) => {
        const mem = new MemorySink();
        const t = new Tracer({ env: false, stdout: false, sinks: [mem], maxStringBytes: 256, maxDataBytes: 1024 });
        for (const c of cmds) c(t);
        for (const e of mem.events) checkLine(jsonLine(e));
      }), 800);
    });
  });

  it('configure() with random options throws nothing but TracingConfigError, and tracing works after it', () => {
    check('configure', fc.property(options, text, (o, m) => {
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
      try {
        t.configure(o as never);
      } catch (err) {
        expect(err).to.be.instanceOf(TracingConfigError);
      }
      t.trace('app', 'after', m as string);
      for (const e of mem.events) checkLine(jsonLine(e));
    }), 1000);
  });

  it('every TRACING_* variable, set to random text, parses or throws a TracingConfigError naming it', () => {
    const names = Object.values(ENV_NAMES);
    check('environment', fc.property(fc.constantFrom(...names), fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('0', '-1', '1e999', 'NaN', 'true', ' ', '10M', 'json', 'gzip')), (name, value) => {
      try {
        configFromEnv({ [name]: value });
      } catch (err) {
        expect(err).to.be.instanceOf(TracingConfigError);
        expect((err as TracingConfigError).setting).to.equal(name);
      }
      // The same environment for a whole tracer (with no file, stdout or external module: side effects).
      if (name === 'TRACING_FILE' || name === 'TRACING_EXTERNAL_SINK' || name === 'TRACING_STDOUT') return;
      try {
        const mem = new MemorySink();
        const t = new Tracer({ env: { [name]: value }, stdout: false, sinks: [mem] });
        t.trace('app', 'env', 'x');
        for (const e of mem.events) checkLine(jsonLine(e));
      } catch (err) {
        expect(err).to.be.instanceOf(TracingConfigError);
      }
    }), 4000);
  });
});

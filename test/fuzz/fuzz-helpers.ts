/**
 * Shared pieces of the property-based fuzz suite (fast-check): hostile values, the contract's
 * checks on a written line, and the seed (printed, so a failure can be replayed with
 * `FUZZ_SEED=<seed> npm run test:one -- test/fuzz/<file>.test.ts`).
 */
import fc from 'fast-check';
import { expect } from 'chai';
import { LEVELS } from '../../src/event.js';

/** The seed of this run: `FUZZ_SEED` when set, else a fresh one. */
export const SEED = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) : Date.now() % 2 ** 31;

/** Runs a property with this run's seed; the failure message names the seed, how to replay it, and the counterexample. */
export function check<T>(name: string, prop: fc.IProperty<T>, numRuns: number): void {
  const details = fc.check(prop, { seed: SEED, numRuns, endOnFailure: true });
  if (details.failed) {
    const cause = details.errorInstance as Error | undefined;
    throw new Error(`${name} failed with seed ${SEED} (replay: FUZZ_SEED=${SEED} npm run test:one -- test/fuzz/*.test.ts)\n` +
      `${fc.defaultReportMessage(details) ?? ''}\n${cause?.stack ?? ''}`);
  }
}

/** {@link check} for an async property. */
export async function checkAsync<T>(name: string, prop: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  const details = await fc.check(prop, { seed: SEED, numRuns, endOnFailure: true });
  if (details.failed) {
    const cause = details.errorInstance as Error | undefined;
    throw new Error(`${name} failed with seed ${SEED} (replay: FUZZ_SEED=${SEED} npm run test:one -- test/fuzz/*.test.ts)\n` +
      `${fc.defaultReportMessage(details) ?? ''}\n${cause?.stack ?? ''}`);
  }
}

/** Values a JavaScript caller may pass anywhere: everything fast-check makes, plus the hostile ones. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(Symbol('s'), () => 1, new Error('boom'), new TypeError('bad'), Number.NaN, -0, Infinity, 10n ** 30n) },
  { weight: 1, arbitrary: fc.constant(null).map(() => throwingProxy()) },
  { weight: 1, arbitrary: fc.constant(null).map(() => ({ toString() { throw new Error('no toString'); }, get x() { throw new Error('getter'); }, toJSON() { throw new Error('no json'); } })) },
  { weight: 1, arbitrary: fc.constant(null).map(() => { const o: Record<string, unknown> = { a: 1 }; o['self'] = o; return o; }) },
);

/**
 * A Proxy whose traps throw (for every string key; symbol keys answer normally, since the test
 * framework itself asks for one to see whether a value can be cloned).
 */
export function throwingProxy(): object {
  const t = (): never => { throw new Error('trap'); };
  const byKey = (_o: object, k: string | symbol): undefined => {
    if (typeof k === 'symbol') return undefined;
    throw new Error('trap');
  };
  return new Proxy({}, { get: byKey, has: (o, k) => byKey(o, k) !== undefined, ownKeys: t, getPrototypeOf: t, getOwnPropertyDescriptor: t, set: t, apply: t });
}

const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const KEYS = ['timestamp', 'level', 'trace_id', 'span_id', 'parent_span_id', 'component', 'operation', 'message', 'user_id', 'agent_id', 'data', 'duration_ms', 'error'];

/** Checks one written line against the contract: valid JSON, the fields in order and of their types, well-formed ids. */
export function checkLine(line: string): void {
  const e = JSON.parse(line) as Record<string, unknown>;
  const keys = Object.keys(e);
  let last = -1;
  for (const k of keys) {
    const at = KEYS.indexOf(k);
    expect(at, `unknown field ${k} in ${line.slice(0, 300)}`).to.be.at.least(0);
    expect(at, `field order in ${line.slice(0, 300)}`).to.be.above(last);
    last = at;
  }
  expect(e['timestamp']).to.be.a('string').and.match(TS);
  expect(LEVELS).to.include(e['level']);
  expect(e['trace_id']).to.be.a('string').and.match(HEX32).and.not.equal('0'.repeat(32));
  expect(e['span_id']).to.be.a('string').and.match(HEX16).and.not.equal('0'.repeat(16));
  if ('parent_span_id' in e) expect(e['parent_span_id']).to.be.a('string').and.match(HEX16);
  for (const k of ['component', 'operation', 'message']) expect(e[k], k).to.be.a('string');
  for (const k of ['user_id', 'agent_id']) if (k in e) expect(e[k], k).to.be.a('string');
  if ('data' in e) expect(e['data']).to.be.an('object').and.not.equal(null);
  if ('duration_ms' in e) expect(e['duration_ms']).to.be.a('number').and.at.least(0);
  if ('error' in e) {
    const err = e['error'] as Record<string, unknown>;
    expect(err['type']).to.be.a('string');
    expect(err['message']).to.be.a('string');
  }
}

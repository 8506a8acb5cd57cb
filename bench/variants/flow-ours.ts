/**
 * Variants `conv-mixins`, `conv-direct`, `conv-text` and `obj-traced`: the product's paths
 * under our tracing (the process-wide tracer, configured from `TRACING_*` by the parent).
 * `BENCH_FLOW` picks the workload: `mixins` (a whole conversation through the MUXI mixins),
 * `direct` (the same through direct tracer calls) or `object` (`@Traced` with an object
 * argument and `result: true`).
 * @module
 */
import { tracer } from 'muxi-tracing';
import { directConversation } from '../workload/direct.js';
import { mixinConversation } from '../workload/mixins.js';
import { tracedForecast } from '../workload/object-traced.js';
import type { Prepared } from './types.js';

/** Prepares the workload named by `BENCH_FLOW`. */
export async function prepare(): Promise<Prepared> {
  const flow = process.env['BENCH_FLOW'];
  const call = flow === 'mixins' ? mixinConversation() : flow === 'direct' ? directConversation() : flow === 'object' ? tracedForecast() : undefined;
  if (!call) throw new Error(`BENCH_FLOW=${String(flow)}: expected mixins, direct or object`);
  return {
    call,
    finish: () => tracer.shutdown(),
    counters: () => {
      const s = tracer.stats();
      return { written: s.written, dropped: s.dropped, failures: s.failures };
    },
  };
}

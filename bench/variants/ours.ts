/**
 * Variants `disabled`, `json-file` and `text-stdout`: the same method under our tracing. The
 * tracer is the process-wide singleton, configured from `TRACING_*` by the parent (each
 * variant runs in a child of its own), exactly as an app is configured.
 * @module
 */
import { tracer } from 'muxi-tracing';
import { BareWork, TracedWork } from '../subject.js';
import type { Prepared } from './types.js';

/** Prepares the traced method; the bare one rides along for the paired "disabled" measurement. */
export async function prepare(): Promise<Prepared> {
  const w = new TracedWork();
  const b = new BareWork();
  return {
    call: (i) => w.work(i),
    baseline: tracer.enabled ? undefined : (i) => b.work(i),
    finish: () => tracer.shutdown(),
    counters: () => {
      const s = tracer.stats();
      return { written: s.written, dropped: s.dropped, failures: s.failures };
    },
  };
}

/**
 * Variant `bare`: the undecorated async method, awaited.
 * @module
 */
import { BareWork } from '../bare-work.js';
import type { Prepared } from './types.js';

/** Prepares the baseline. */
export async function prepare(): Promise<Prepared> {
  const w = new BareWork();
  return {
    call: (i) => w.work(i),
    finish: async () => {},
  };
}

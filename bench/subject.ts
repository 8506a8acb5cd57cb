/**
 * The traced method: the same trivial awaited async method as {@link BareWork}, under
 * `@Traced` exactly as a user writes it (compiled by tsc as TC39 standard decorators), with
 * the decorator's defaults (arguments captured in `data`).
 * @module
 */
import { Traced } from 'muxi-tracing/decorators';
export { BareWork } from './bare-work.js';

/** The same method under tracing. */
export class TracedWork {
  @Traced({ component: 'bench' })
  async work(n: number): Promise<number> {
    return n + 1;
  }
}

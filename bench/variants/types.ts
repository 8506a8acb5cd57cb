/**
 * What a variant module gives the child runner.
 * @module
 */

/** A variant ready to run: one call, and what finishes it (flush, shutdown). */
export interface Prepared {
  /** One awaited operation (the thing measured). */
  call(i: number): Promise<unknown>;
  /** Makes everything durable (flush + shutdown); its time is counted in "on disk" figures. */
  finish(): Promise<void>;
  /** The bare call, when the variant measures its overhead against it in the same process. */
  baseline?(i: number): Promise<unknown>;
  /** Counters reported with the result (events written, dropped, spans exported...). */
  counters?(): Record<string, number>;
}

/** What the child passes to a variant's `prepare`. */
export interface PrepareOptions {
  /** Where the variant writes its lines (file sinks, pino), when it writes to a file. */
  outFile: string;
}

/** A variant module's export. */
export type Prepare = (o: PrepareOptions) => Promise<Prepared>;

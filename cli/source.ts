/**
 * Where `muxi trace` reads: the one place that turns the CLI's input options into a
 * {@link TraceSource}. Today trace files and standard input; a database source plugs in here.
 * @module
 */
import { openFileSource } from '../src/reader/file-source.js';
import type { TraceSource } from '../src/reader/source.js';
import type { CliIo } from './io.js';
import type { TraceCliOptions } from './options.js';
import { inputSource } from './options.js';

/** The source for these options (the caller closes it). */
export function openSource(o: Pick<TraceCliOptions, 'input' | 'follow' | 'pollMs'>, io: Pick<CliIo, 'stdin'>): TraceSource {
  return openFileSource({ input: inputSource(o.input, io.stdin), follow: o.follow, pollMs: o.pollMs });
}

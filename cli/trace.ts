/**
 * `muxi trace`: print the matching events (text or unchanged JSON lines), optionally following.
 * @module
 */
import { DEFAULT_TEMPLATE } from '../src/config.js';
import type { TraceEvent } from '../src/event.js';
import { shouldColor } from '../src/format/color.js';
import { escapeText } from '../src/format/escape.js';
import { compileTemplate } from '../src/format/template.js';
import { termsFromFlags } from '../src/reader/filter-options.js';
import type { ReadItem } from '../src/reader/processor.js';
import type { CliIo } from './io.js';
import { openSource } from './open-source.js';
import type { TraceCliOptions } from './options.js';
import { canFollow, skippedNote } from './options.js';
import { Output } from './output.js';

/** How matching items become output lines: the JSON line unchanged, or the text template. */
export function lineFormatter(o: TraceCliOptions, io: Pick<CliIo, 'stdout' | 'env'>): (it: ReadItem) => string {
  const spec = o.format ?? io.env['TRACING_FORMAT'] ?? DEFAULT_TEMPLATE;
  const json = o.json || spec.trim().toLowerCase() === 'json';
  // Never raw control characters to a terminal; pipes get lines unchanged.
  const tty = io.stdout.isTTY === true;
  const safe = tty ? escapeText : (s: string): string => s;
  if (json) return (it) => safe(it.line);
  const fmt: (e: TraceEvent) => string = compileTemplate(spec, { color: shouldColor(io.stdout, io.env), setting: o.format !== undefined ? '--format' : 'TRACING_FORMAT' });
  return (it) => (it.kind === 'event' ? fmt(it.event) : safe(it.line));
}

/**
 * Runs `muxi trace` and resolves with the exit status. It reads through the command's trace
 * source (`openSource`); output is written once per batch (a chunk read or a poll), so pipes see
 * lines as soon as they are read.
 * @throws InputError / TracingConfigError / FilterError, which the bin reports.
 */
export async function runTrace(o: TraceCliOptions, io: CliIo): Promise<number> {
  const format = lineFormatter(o, io);
  const source = openSource({ input: o.input, pollMs: o.pollMs }, io);
  const out = new Output(io.stdout);
  const ac = new AbortController();
  const onAbort = (): void => ac.abort();
  io.signal.addEventListener('abort', onAbort, { once: true });
  if (io.signal.aborted) ac.abort();
  try {
    const report = await source.events({
      terms: termsFromFlags(o.filters), follow: o.follow && canFollow(o.input), last: o.lines, raw: o.all, pollMs: o.pollMs, signal: ac.signal,
    }, async (items) => {
      for (let i = 0; i < items.length; i++) out.line(format(items[i]!));
      await out.flush();
      if (out.closed) ac.abort();
    });
    await out.flush();
    reportSkipped(report.skipped, o, io);
    return 0;
  } finally {
    io.signal.removeEventListener('abort', onAbort);
    await source.close();
  }
}

/** Says on stderr how many lines were not trace events (unless `--all` printed them). */
export function reportSkipped(skipped: number, o: TraceCliOptions, io: Pick<CliIo, 'stderr'>): void {
  if (skipped > 0 && !o.all) io.stderr.write(`muxi trace: ${skippedNote(skipped)}\n`);
}

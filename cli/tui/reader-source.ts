/**
 * The viewer's input: the same trace source as `muxi trace` (file set with rotated and `.gz`
 * siblings, standard input, following), but unfiltered and from the beginning, because the
 * filter is applied (and edited) in the viewer and the trace view needs whole traces.
 * @module
 */
import type { TraceEvent } from '../../src/event.js';
import { termsFromFlags } from '../../src/reader/filter-options.js';
import type { FilterFlags } from '../../src/reader/filter-options.js';
import { openSource } from '../open-source.js';
import type { TraceInput } from '../options.js';
import { canFollow, skippedNote } from '../options.js';
import { termsToText } from './filter-adapter.js';
import type { EventSource } from './use-event-feed.js';

/** What the reader needs from the CLI options. */
export interface ReaderInput {
  input: TraceInput;
  follow?: boolean;
  pollMs?: number;
}

/**
 * An {@link EventSource} reading `o.input` (following a file when `o.follow`); resolves with
 * a note about skipped lines when there were any.
 */
export function readerSource(o: ReaderInput, stdin: NodeJS.ReadableStream = process.stdin): EventSource {
  return async (push, signal) => {
    const source = openSource({ input: o.input, pollMs: o.pollMs }, { stdin, env: process.env });
    try {
      const report = await source.events({ follow: o.follow === true && canFollow(o.input), last: 'all', pollMs: o.pollMs, signal }, async (items) => {
        const events: TraceEvent[] = [];
        for (const it of items) if (it.kind === 'event') events.push(it.event);
        if (events.length > 0) await push(events);
      });
      const notes = report.warnings.slice(0, 5);
      if (report.skipped > 0) notes.push(skippedNote(report.skipped));
      return notes.join(' · ');
    } finally {
      await source.close();
    }
  };
}

/** The CLI's filter flags as filter-line text, or the error that makes them unusable. */
export function filterTextOf(flags: FilterFlags | undefined): { text: string; error?: string } {
  if (flags === undefined) return { text: '' };
  try {
    return { text: termsToText(termsFromFlags(flags)) };
  } catch (err) {
    return { text: '', error: (err as Error).message };
  }
}

/** A short label for the title line: the file name, `<stdin>`, or the ClickHouse URL's host and table. */
export function inputLabel(input: TraceInput | undefined): string {
  if (input === undefined) return 'events';
  if (input.kind === 'clickhouse') return `clickhouse ${hostOf(input.url)}${input.table === undefined ? '' : ' ' + input.table}`;
  return input.kind === 'file' ? input.path : '<stdin>';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

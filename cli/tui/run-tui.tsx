/**
 * The viewer's runner: terminal checks, keyboard, alternate screen, the Ink app, clean exit.
 * Loaded by `index.ts` on demand.
 * @module
 */
import { render } from 'ink';
import type { TraceEvent } from '../../src/event.js';
import type { FilterFlags } from '../../src/reader/filter-options.js';
import type { CliIo } from '../io.js';
import { processIo } from '../io.js';
import type { TraceCliOptions, TraceInput } from '../options.js';
import { runTrace } from '../trace.js';
import { App } from './App.js';
import { compileFilterText } from './filter-adapter.js';
import { filterTextOf, inputLabel, readerSource } from './reader-source.js';
import { enterAlternateScreen, openKeyboard, TuiUnavailableError } from './terminal.js';
import type { EventSource } from './use-event-feed.js';
import { iterableSource } from './use-event-feed.js';
import { ViewerModel } from './viewer-model.js';

/**
 * Options of `runTui`. `muxi trace` passes its own options object (`TraceCliOptions`),
 * which fits: `input`, `filters`, `follow`, `pollMs` are read from it.
 */
export interface TuiOptions {
  /** What to read (a file with its rotated siblings, or standard input); unused with `events`/`source`. */
  input?: TraceInput;
  /** Events to show instead of reading `input` (an array or an async iterable such as a live feed). */
  events?: Iterable<TraceEvent> | AsyncIterable<TraceEvent>;
  /** A custom event source (takes precedence over `events` and `input`). */
  source?: EventSource;
  /** Initial filter, as the CLI's flags (shown as filter text, editable with `/`). */
  filters?: FilterFlags;
  /** Initial filter text (appended to `filters`). */
  filter?: string;
  /** Keep reading the live file and stick to the newest event (default false; always on for standard input). */
  follow?: boolean;
  /** Poll interval while following, in ms (default 250). */
  pollMs?: number;
  /** Most events kept; older whole traces are dropped past it (default 100,000). */
  capacity?: number;
  /** Terminal to draw on (default `process.stdout`). */
  stdout?: NodeJS.WriteStream;
  /** Where keys come from (default `process.stdin` if a terminal, else `/dev/tty`). */
  stdin?: NodeJS.ReadStream;
  /** Where messages go (default `process.stderr`). */
  stderr?: NodeJS.WriteStream;
}

function isCliOptions(o: TuiOptions): o is TuiOptions & TraceCliOptions {
  const c = o as Partial<TraceCliOptions>;
  return (c.command === 'trace' || c.command === 'stats') && c.input !== undefined && c.filters !== undefined;
}

/**
 * Runs the viewer until the user quits (`q`), on the alternate screen, and restores the
 * terminal. Without a terminal (standard output not a TTY, or no keyboard: standard input is
 * piped and `/dev/tty` cannot be opened) it says so on stderr and, for `muxi trace` options,
 * prints as `muxi trace` would; otherwise it throws {@link TuiUnavailableError}.
 * @returns the exit status (0).
 * @example
 * ```ts
 * await runTui({ input: { kind: 'file', path: 'traces/app.jsonl' }, follow: true, filter: 'component=agent' });
 * ```
 */
export async function runViewer(options: TuiOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  let keyboard;
  try {
    if (stdout.isTTY !== true) throw new TuiUnavailableError('standard output is not a terminal');
    keyboard = openKeyboard(options.stdin ?? process.stdin);
  } catch (err) {
    if (!(err instanceof TuiUnavailableError)) throw err;
    if (!isCliOptions(options)) throw err;
    stderr.write(`muxi trace: --tui needs a terminal (${err.message}); printing instead\n`);
    const io: CliIo = { ...processIo(), stdout, stderr };
    return runTrace(options, io);
  }

  const initial = filterTextOf(options.filters);
  const filter = [initial.text, options.filter ?? ''].filter((s) => s.trim() !== '').join(' ');
  // A pipe is live by nature (`tail -F app.jsonl | muxi trace --tui`): stick to the newest event as with -f.
  const follow = options.follow === true || options.input?.kind === 'stdin';
  const model = new ViewerModel({ compile: compileFilterText, filter, follow, capacity: options.capacity });
  if (initial.error !== undefined) model.notice = `bad filter: ${initial.error}`;
  const source = options.source ?? (options.events !== undefined ? iterableSource(options.events)
    : options.input !== undefined ? readerSource({ input: options.input, follow: options.follow, pollMs: options.pollMs })
    : undefined);

  const leave = enterAlternateScreen(stdout);
  const instance = render(<App model={model} source={source} title={`muxi trace · ${inputLabel(options.input)}`} />, {
    stdout, stdin: keyboard.stream, stderr, exitOnCtrlC: false, patchConsole: true, maxFps: 20,
  });
  const stop = (): void => instance.unmount();
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGHUP', stop);
    instance.cleanup();
    leave();
    keyboard.release();
  }
  return 0;
}

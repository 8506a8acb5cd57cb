/**
 * `muxi trace --tui`: load the Ink viewer (`cli/tui/index.js`, exporting `runTui`) only when
 * standard output is a terminal; otherwise, or when the viewer cannot load, say so on stderr
 * and print as `muxi trace` would.
 * @module
 */
import type { CliIo } from './io.js';
import type { TraceCliOptions } from './options.js';
import { runTrace } from './trace.js';

/** What `cli/tui/index.ts` exports: runs the viewer until the user quits; resolves with the exit status. */
export type RunTui = (options: TraceCliOptions) => Promise<number | void>;

/** Runs the viewer, or falls back to plain printing (exit status as `muxi trace`). */
export async function runTuiOrPrint(o: TraceCliOptions, io: CliIo,
  load: () => Promise<{ runTui?: RunTui }> = loadViewer): Promise<number> {
  if (io.stdout.isTTY !== true) {
    io.stderr.write('muxi trace: --tui needs a terminal (standard output is not one); printing instead\n');
    return runTrace(o, io);
  }
  let runTui: RunTui | undefined;
  try {
    runTui = (await load()).runTui;
  } catch (err) {
    io.stderr.write(`muxi trace: the viewer is unavailable (${(err as Error).message.split('\n')[0]}); printing instead\n`);
    return runTrace(o, io);
  }
  if (typeof runTui !== 'function') {
    io.stderr.write('muxi trace: the viewer is unavailable (no runTui export); printing instead\n');
    return runTrace(o, io);
  }
  const code = await runTui(o);
  return typeof code === 'number' ? code : 0;
}

async function loadViewer(): Promise<{ runTui?: RunTui }> {
  // A computed specifier: the viewer is optional at type-check time and loaded only on demand.
  const spec = new URL('./tui/index.js', import.meta.url).href;
  return (await import(spec)) as { runTui?: RunTui };
}

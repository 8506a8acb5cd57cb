/**
 * `muxi trace --tui`: the interactive Ink viewer. The CLI imports this module only for
 * `--tui`, and this module loads React and Ink only when {@link runTui} runs, after choosing
 * React's production build (the development build renders several times slower).
 * @module
 */
import type { TuiOptions } from './run-tui.js';

// Section: the viewer
export type { TuiOptions } from './run-tui.js';
export { TuiUnavailableError } from './terminal.js';

/**
 * Runs the viewer until the user quits (`q`), on the alternate screen, and restores the
 * terminal. Keys come from standard input when it is a terminal, else from `/dev/tty`, so a
 * piped log works. Without a terminal (standard output not a TTY, or no keyboard) it says so
 * on stderr and, given `muxi trace` options, prints as `muxi trace` would; otherwise it throws
 * `TuiUnavailableError`.
 * @returns the exit status (0).
 * @example
 * ```ts
 * await runTui({ input: { kind: 'file', path: 'traces/app.jsonl' }, follow: true, filter: 'component=agent' });
 * ```
 */
export async function runTui(options: TuiOptions): Promise<number> {
  if (process.env['NODE_ENV'] === undefined) process.env['NODE_ENV'] = 'production';
  const { runViewer } = await withoutCiMarkers(() => import('./run-tui.js'));
  return runViewer(options);
}

/**
 * Ink draws no interactive frames when `CI`/`CONTINUOUS_INTEGRATION` is set (it decides once,
 * when it is loaded). `--tui` on a real terminal is an explicit request for the viewer, so the
 * markers are hidden while Ink loads, then restored.
 */
async function withoutCiMarkers<T>(load: () => Promise<T>): Promise<T> {
  if (process.stdout.isTTY !== true) return load();
  const saved: Array<[string, string]> = [];
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) {
    const v = process.env[k];
    if (v !== undefined) {
      saved.push([k, v]);
      delete process.env[k];
    }
  }
  try {
    return await load();
  } finally {
    for (const [k, v] of saved) process.env[k] = v;
  }
}

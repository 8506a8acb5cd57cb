/**
 * The `muxi` command: parse, dispatch, report errors as one line with a non-zero status.
 * @module
 */
import { TracingConfigError } from '../src/errors.js';
import { FilterError } from '../src/reader/filter-terms.js';
import { InputError } from '../src/reader/files.js';
import { parseCli, UsageError } from './args.js';
import type { CliIo } from './io.js';
import { runStats } from './stats.js';
import { runTrace } from './trace.js';
import { runTuiOrPrint } from './tui-launch.js';

/**
 * Runs `muxi` with `argv` (no `node`/script) and resolves with the exit status:
 * 0 success, 1 unreadable input or failure, 2 usage error.
 * @example
 * ```ts
 * process.exitCode = await main(['trace', '--file', 'app.jsonl'], processIo());
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const req = parseCli(argv, io.env, io.stdinPiped);
    if (req.kind === 'help') {
      io.stdout.write(req.text);
      return 0;
    }
    const o = req.options;
    if (o.command === 'stats') return await runStats(o, io);
    if (o.tui) return await runTuiOrPrint(o, io);
    if (o.web) return await (await import('./web/run-web.js')).runWeb(o, io);
    return await runTrace(o, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`muxi: ${err.message}\nTry '${err.help}'.\n`);
      return 2;
    }
    if (err instanceof FilterError || err instanceof TracingConfigError) {
      io.stderr.write(`muxi: ${err.message}\n`);
      return 2;
    }
    if (err instanceof InputError) {
      io.stderr.write(`muxi: cannot read ${err.message}\n`);
      return 1;
    }
    io.stderr.write(`muxi: ${(err as Error)?.message ?? String(err)}\n`);
    return 1;
  }
}

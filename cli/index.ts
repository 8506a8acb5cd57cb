/**
 * The `muxi` command as functions (the bin is `bin.ts`); the viewer in `cli/tui` reuses the
 * options and reader wiring from here.
 * @packageDocumentation
 */

// Command
export { main } from './main.js';
export { parseCli, UsageError } from './args.js';
export type { CliRequest } from './args.js';
export { processIo } from './io.js';
export type { CliIo } from './io.js';

// Options shared with the viewer
export { isStdinPiped, resolveInput } from './options.js';
export type { TraceCliOptions, TraceInput } from './options.js';
export { indexBudget, openSource } from './open-source.js';
export type { SourceRequest } from './open-source.js';
export type { RunTui } from './tui-launch.js';

// Commands
export { lineFormatter, runTrace } from './trace.js';
export { runStats } from './stats.js';
export { runTuiOrPrint } from './tui-launch.js';
export { Output } from './output.js';

#!/usr/bin/env node
// The `muxi` executable: parse arguments, run the command, exit with its status.
import { processIo } from './io.js';
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), processIo());
// Stop reading standard input (if it was read at all) so the process can end.
process.stdin.destroy();

/**
 * The process streams and environment a command runs with, injectable for tests.
 * @module
 */
import { isStdinPiped } from './options.js';

/** Streams, environment and cancellation for one command run. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** Whether standard input is piped (then it is the input when there is no --file). */
  stdinPiped: () => boolean;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: reading stops and the command ends with status 0. */
  signal: AbortSignal;
}

/** The real process's {@link CliIo}; SIGINT/SIGTERM abort `signal` (a second one exits at once). */
export function processIo(): CliIo {
  const ac = new AbortController();
  const stop = (): void => {
    if (ac.signal.aborted) process.exit(0);
    ac.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, signal: ac.signal, stdinPiped: isStdinPiped };
}

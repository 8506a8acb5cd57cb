/**
 * Spawns the real `muxi` bin (TypeScript through tsx, from the repo root) for end-to-end tests.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { repoRoot } from '../helpers/run-node.js';

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Command and arguments that run the bin: the TypeScript source through tsx, or a built file. */
export function binCommand(args: string[], built?: string): [string, string[]] {
  return built ? [process.execPath, [built, ...args]] : [process.execPath, ['--import', 'tsx', 'cli/bin.ts', ...args]];
}

/** Runs the bin to completion. `input` is piped to stdin; without it stdin is /dev/null. */
export function runBin(args: string[], o: { input?: string | Buffer; env?: NodeJS.ProcessEnv; built?: string; uid?: number; cwd?: string } = {}): Promise<BinResult> {
  const [cmd, argv] = binCommand(args, o.built);
  const opts: SpawnOptions = {
    cwd: o.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, TRACING_FILE: undefined, TRACING_FORMAT: undefined, ...o.env },
    stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  };
  if (o.uid !== undefined) { opts.uid = o.uid; opts.gid = o.uid; }
  const child = spawn(cmd, argv, opts);
  if (o.input !== undefined) child.stdin!.end(o.input);
  return collect(child);
}

/** Resolves with the exit status and all output of a child. */
export function collect(child: ChildProcess): Promise<BinResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Starts the bin and returns the child (for follow tests). */
export function startBin(args: string[], env: NodeJS.ProcessEnv = {}, stdin: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  const [cmd, argv] = binCommand(args);
  return spawn(cmd, argv, { cwd: repoRoot, env: { ...process.env, NO_COLOR: '', TRACING_FILE: undefined, ...env }, stdio: [stdin, 'pipe', 'pipe'] });
}

/** Waits until `cond()` holds, checking every 25 ms; throws after `ms` with `what`. */
export async function waitFor(cond: () => boolean, what: string, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

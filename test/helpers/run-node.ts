/**
 * Runs a snippet of code in a fresh Node process (TypeScript through tsx), from the repo root,
 * with extra environment variables: for what only a new process can show (import-time config).
 */
import type { SpawnSyncReturns } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (relative paths in snippets resolve from here). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `code` (an ES module body) with `node --import tsx` and returns its result. */
export function runNodeSnippet(code: string, env: Record<string, string>): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/**
 * Runs `node --import tsx ...args` from the repo root with extra environment variables (stdout
 * ignored, stderr inherited); resolves with its exit code, killing it after `timeoutMs`.
 */
export function runTsx(args: string[], env: Record<string, string>, timeoutMs: number): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env },
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => child.on('exit', (code) => { clearTimeout(killer); resolve(code); }));
}

/**
 * Creates a directory and its missing parents, one level at a time. Node's own
 * `mkdirSync(dir, { recursive: true })` never returns for some paths (under `/proc`, where
 * `mkdir` keeps answering ENOENT), so the walk up to the nearest existing ancestor is ours.
 * @module
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Makes `dir` (mode `mode`, umask applies) and its missing parents; throws the first real error. */
export function ensureDir(dir: string, mode = 0o750): void {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    try {
      if (!statSync(at).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, '${at}'`), { code: 'ENOTDIR' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const up = dirname(at);
    if (up === at) break;
    missing.push(at);
    at = up;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i]!, { mode });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

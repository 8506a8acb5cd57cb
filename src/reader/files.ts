/**
 * File-set discovery: the live file `PATH` plus its rotated siblings
 * `PATH.<YYYYMMDD-HHmmss-SSS>[.<n>][.gz]` (names from `sinks/rotated-names.ts`), oldest first,
 * and the input errors a user sees.
 * @module
 */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RotatedFile } from '../sinks/rotated-names.js';
import { compareRotated, dedupeRotated, parseRotatedName } from '../sinks/rotated-names.js';

/** An input that cannot be read; `message` is one line fit for the user. */
export class InputError extends Error {
  constructor(message: string, readonly path?: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The files to read for one `--file PATH`, in reading order. */
export interface FileSet {
  /** Rotated siblings, oldest first. */
  rotated: string[];
  /** The live file, or undefined when only rotated siblings exist right now. */
  live: string | undefined;
}

/**
 * Sorts rotated sibling names of the live file `base` oldest first (by stamp, then sequence),
 * keeping one file per rotation (the uncompressed one while both exist). Other names are dropped.
 */
export function sortRotated(base: string, names: readonly string[]): string[] {
  const found: RotatedFile[] = [];
  for (const name of names) {
    const r = parseRotatedName(base, name);
    if (r) found.push(r);
  }
  return dedupeRotated(found.sort(compareRotated)).map((r) => basename(r.path));
}

/**
 * Finds the files of `path`: its rotated siblings (oldest first) and the live file.
 * @throws InputError when `path` is a directory, unreadable, or missing with no siblings (unless
 *   `allowMissing`, for following, and its directory exists).
 * @example
 * ```ts
 * await discoverFiles('logs/app.jsonl');
 * // { rotated: ['logs/app.jsonl.20261124-101522-123.gz', ...], live: 'logs/app.jsonl' }
 * ```
 */
export async function discoverFiles(path: string, opts: { allowMissing?: boolean } = {}): Promise<FileSet> {
  let live: string | undefined = path;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new InputError(`'${path}': is a directory, not a trace file`, path);
    await checkReadable(path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw inputError(path, err);
    live = undefined;
  }
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  let dirExists = true;
  try {
    names = await readdir(dir);
  } catch {
    names = [];
    dirExists = false;
  }
  const rotated = sortRotated(base, names).map((n) => join(dir, n));
  // Following (like `tail -F`), a file that doesn't exist yet is waited for, in a directory that does.
  if (live === undefined && rotated.length === 0 && !(opts.allowMissing && dirExists)) throw new InputError(`'${path}': no such file`, path);
  for (const r of rotated) await checkReadable(r);
  return { rotated, live };
}

/** Throws an {@link InputError} unless `path` can be opened for reading. */
async function checkReadable(path: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (err) {
    throw inputError(path, err);
  }
}

/** A user-facing {@link InputError} for a failed file operation. */
export function inputError(path: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'is a directory' : (err as Error)?.message ?? String(err);
  return new InputError(`'${path}': ${why}`, path);
}

/**
 * Names of rotated trace files, shared by the file sink (which makes them) and the reader
 * (which finds them). The live file is `PATH`; a rotated file is
 * `PATH.<UTC stamp YYYYMMDD-HHmmss-SSS>`, with a `.<n>` sequence suffix only when two rotations
 * share a millisecond, plus `.gz` once compressed. Example: `traces/app.jsonl.20261124-101522-123.gz`.
 * @module
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Matches the part of a rotated file's name after the live file's name:
 * group 1 the stamp, group 2 the optional sequence, group 3 `.gz` when compressed.
 */
export const ROTATED_SUFFIX_RE = /^\.(\d{8}-\d{6}-\d{3})(?:\.(\d+))?(\.gz)?$/;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The UTC stamp of a rotation time: `YYYYMMDD-HHmmss-SSS`. */
export function rotationStamp(date: Date): string {
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}-` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}-${pad(date.getUTCMilliseconds(), 3)}`;
}

/**
 * The name a file rotated at `date` gets (uncompressed; add `.gz` once compressed).
 *
 * @example
 * ```ts
 * rotatedName('traces/app.jsonl', new Date('2026-11-24T10:15:22.123Z'), 0);
 * // 'traces/app.jsonl.20261124-101522-123'
 * ```
 */
export function rotatedName(path: string, date: Date, seq = 0): string {
  return `${path}.${rotationStamp(date)}${seq > 0 ? `.${seq}` : ''}`;
}

/** What a rotated file's name says. */
export interface RotatedFile {
  /** Full path. */
  path: string;
  /** `YYYYMMDD-HHmmss-SSS`. */
  stamp: string;
  /** Sequence within the same millisecond (0 when absent). */
  seq: number;
  /** Whether it is a `.gz` file. */
  gz: boolean;
}

/** Parses `candidate` (a file name in the live file's directory) as a rotated sibling of `livePath`. */
export function parseRotatedName(livePath: string, candidate: string): RotatedFile | undefined {
  const base = basename(livePath);
  const name = basename(candidate);
  if (!name.startsWith(base) || name.length === base.length) return undefined;
  const m = ROTATED_SUFFIX_RE.exec(name.slice(base.length));
  if (!m) return undefined;
  return { path: join(dirname(livePath), name), stamp: m[1]!, seq: m[2] ? Number(m[2]) : 0, gz: m[3] !== undefined };
}

/** Orders rotated files oldest first (an uncompressed file before its `.gz` twin). */
export function compareRotated(a: RotatedFile, b: RotatedFile): number {
  if (a.stamp !== b.stamp) return a.stamp < b.stamp ? -1 : 1;
  if (a.seq !== b.seq) return a.seq - b.seq;
  return Number(a.gz) - Number(b.gz);
}

/**
 * The rotated siblings of `livePath` on disk, oldest first (the live file itself excluded).
 * While a file is being compressed, both `X` and `X.gz` may briefly exist with the same
 * content; readers should prefer one of them (see {@link dedupeRotated}).
 */
export function listRotated(livePath: string): RotatedFile[] {
  let names: string[];
  try {
    names = readdirSync(dirname(livePath));
  } catch {
    return [];
  }
  const out: RotatedFile[] = [];
  for (const n of names) {
    const r = parseRotatedName(livePath, n);
    if (r) out.push(r);
  }
  return out.sort(compareRotated);
}

/** Keeps one file per rotation (the uncompressed one when both exist), oldest first. */
export function dedupeRotated(files: readonly RotatedFile[]): RotatedFile[] {
  const seen = new Map<string, RotatedFile>();
  for (const f of files) {
    const key = `${f.stamp}.${f.seq}`;
    const prev = seen.get(key);
    if (!prev || (prev.gz && !f.gz)) seen.set(key, f);
  }
  return [...seen.values()].sort(compareRotated);
}

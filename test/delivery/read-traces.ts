/**
 * Test helpers for the delivery suite: read back every line of a live file and its rotated
 * siblings (gunzipping `.gz`), oldest first; temporary directories; polling; stderr capture.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { TraceEvent } from '../../src/index.js';
import { dedupeRotated, listRotated } from '../../src/sinks/rotated-names.js';

/** Every line of `livePath`'s rotated siblings (oldest first) then of the live file. */
export function readAllLines(livePath: string): string[] {
  const out: string[] = [];
  const files = dedupeRotated(listRotated(livePath)).map((f) => f.path);
  for (const f of [...files, livePath]) {
    let buf: Buffer;
    try {
      buf = readFileSync(f);
    } catch {
      continue;
    }
    const text = f.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
    for (const line of text.split('\n')) if (line !== '') out.push(line);
  }
  return out;
}

/** The events of {@link readAllLines}, parsed. */
export function readAllEvents(livePath: string): TraceEvent[] {
  return readAllLines(livePath).map((l) => JSON.parse(l) as TraceEvent);
}

/** A fresh temporary directory and its remover. */
export function tempDir(prefix = 'muxi-delivery-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Polls `cond` every 20 ms until it holds (the mocha timeout bounds the wait). */
export async function waitFor(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
}

/** Runs `fn` with process.stderr.write captured; returns what was written. */
export async function captureStderr(fn: () => Promise<void> | void): Promise<string> {
  const orig = process.stderr.write.bind(process.stderr);
  let text = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    process.stderr.write = orig;
  }
  return text;
}

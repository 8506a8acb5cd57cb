/**
 * Checks a child's output after it exits: every line it should have written is there.
 * @module
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ChildResult } from './child.js';
import type { Check } from './variants/index.js';

/** Counts `\n` in a file, reading it in 1 MiB chunks. */
export function countLines(path: string): number {
  if (!existsSync(path)) return 0;
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let n = 0;
  try {
    for (let got: number; (got = readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      for (let i = buf.indexOf(10, 0); i >= 0 && i < got; i = buf.indexOf(10, i + 1)) n++;
    }
  } finally {
    closeSync(fd);
  }
  return n;
}

/** Lines in a file and its rotated siblings (`PATH.*`, gzipped or not). */
export function countLinesRotated(path: string): number {
  let n = countLines(path);
  const dir = dirname(path);
  const base = basename(path) + '.';
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(base)) continue;
    const p = join(dir, f);
    if (f.endsWith('.gz')) {
      const b = gunzipSync(readFileSync(p));
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
    } else n += countLines(p);
  }
  return n;
}

/** The first and last lines of a file (for a shape check). */
function edgeLines(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const head = Buffer.alloc(Math.min(4096, size));
    readSync(fd, head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(4096, size));
    readSync(fd, tail, 0, tail.length, Math.max(0, size - tail.length));
    const first = head.toString('utf8').split('\n')[0] ?? '';
    const tl = tail.toString('utf8').split('\n');
    return [first, tl[tl.length - 2] ?? ''];
  } finally {
    closeSync(fd);
  }
}

/** Verifies a run; returns a short status ("ok 440000 lines") or throws with what is wrong. */
export function verify(check: Check, r: ChildResult, outFile: string, stdoutFile: string): string {
  const calls = r.calls + r.warmup;
  switch (check.kind) {
    case 'none':
      return 'n/a';
    case 'empty-stdout': {
      const n = countLines(stdoutFile);
      if (n !== 0) throw new Error(`${r.variant}: expected no output, got ${n} lines`);
      return 'ok, no output';
    }
    case 'spans': {
      const got = r.counters['exported'] ?? -1;
      if (got !== calls * check.perCall) throw new Error(`${r.variant}: expected ${calls * check.perCall} spans exported, got ${got}`);
      return `ok ${got} spans`;
    }
    case 'file-lines':
    case 'stdout-lines': {
      const path = check.kind === 'file-lines' ? outFile : stdoutFile;
      const want = calls * check.linesPerCall;
      const n = check.kind === 'file-lines' ? countLinesRotated(path) : countLines(path);
      if (n !== want) throw new Error(`${r.variant}: expected ${want} lines in ${path}, found ${n} (counters ${JSON.stringify(r.counters)})`);
      const edges = edgeLines(path);
      for (const line of edges) {
        if (check.kind === 'file-lines' && check.json) {
          const o = JSON.parse(line) as Record<string, unknown>;
          if (typeof o['trace_id'] !== 'string' || typeof o['span_id'] !== 'string') throw new Error(`${r.variant}: line lacks ids: ${line}`);
        } else if (!/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \| /.test(line)) {
          throw new Error(`${r.variant}: not a text line: ${line}`);
        }
      }
      return `ok ${n} lines`;
    }
  }
}

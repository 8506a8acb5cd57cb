/**
 * `npm run bench:redact`: what redacting secrets inside strings costs per character, before
 * (the first round's combined regular expression, kept here only for the comparison) and now
 * (`redactSecrets`, `src/secret-patterns.ts`): on prose with no secret (200, 2,000 and 8,000
 * characters of assistant prose, `test/fixtures/secrets/prose.txt`, and 2,000 characters of the
 * benchmark's generated prose), on prose with one secret (each positive of the corpus set in
 * 2,000 characters of prose), on a JSON tool result, and on the corpus
 * (`test/fixtures/secrets/`). Run through tsx (it reads the sources).
 *
 * A micro-benchmark on a shared machine is noisy: each figure is the median of 11 rounds of CPU
 * time of this process (not wall time, which also counts other processes), the engines measured
 * in alternate rounds so a change in the machine's load hits them alike.
 * @module
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { redactSecrets } from '../src/secret-patterns.js';
import { negatives, positives } from '../test/fixtures/secrets/corpus.js';
import { prose as generated, rng } from './workload/text.js';

const OLD = new RegExp([
  /\b(Bearer|Basic)\s+(?:(?=[A-Za-z]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{8,}|[A-Za-z]{24,})/g,
  /\b(sk|pk|rk)[-_](live[-_]|test[-_]|proj[-_])?[A-Za-z0-9_-]{16,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?token|client[_-]?secret)=[^\s&"']+/gi,
].map((r) => `(?:${r.source})`).join('|'), 'gi');

function oldRedact(s: string): string {
  OLD.lastIndex = 0;
  if (!OLD.test(s)) return s;
  OLD.lastIndex = 0;
  return s.replace(OLD, '[REDACTED]');
}

/** The engines measured, side by side: the first is the baseline of the speed-up column. */
const ENGINES: Array<[string, (s: string) => string]> = [
  ['before (0.1 regex)', oldRedact],
  ['now (redactSecrets)', (s) => redactSecrets(s)],
];

/** Assistant prose with no secret (`prose.txt`), `n` characters long. */
function prose(n: number): string {
  const text = readFileSync(fileURLToPath(new URL('../test/fixtures/secrets/prose.txt', import.meta.url)), 'utf8');
  let s = text;
  while (s.length < n) s += ' ' + text;
  return s.slice(0, n);
}

let sink = 0;

/** CPU ns per character of one round of `fn` over `texts`, each run `reps` times. */
function round(fn: (s: string) => string, texts: string[], reps: number, chars: number): number {
  const t0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) for (const t of texts) sink += fn(t).length;
  const used = process.cpuUsage(t0);
  return ((used.user + used.system) * 1000) / (reps * chars);
}

/** Median CPU ns per character of each of `fns` over `texts`, measured in alternate rounds. */
function nsPerChar(fns: Array<(s: string) => string>, texts: string[], rounds = 11): number[] {
  const chars = texts.reduce((a, t) => a + t.length, 0);
  const reps = Math.max(1, Math.round(1_000_000 / chars));
  for (const fn of fns) round(fn, texts, reps, chars); // warm-up
  const out: number[][] = fns.map(() => []);
  for (let k = 0; k < rounds; k++) fns.forEach((fn, i) => out[i]!.push(round(fn, texts, reps, chars)));
  return out.map((xs) => xs.sort((a, b) => a - b)[xs.length >> 1]!);
}

const pos = positives();
const neg = negatives();
const p2000 = prose(2000);
const next = rng(3);
const capital = (s: string): string => s.replace(/(^|\. )([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase());
const cases: Array<{ name: string; texts: string[] }> = [
  { name: 'prose, no secret, 200 chars', texts: [prose(200)] },
  { name: 'prose, no secret, 2,000 chars', texts: [p2000] },
  { name: 'prose, no secret, 8,000 chars', texts: [prose(8000)] },
  { name: 'generated prose (bench/workload), 2,000 chars', texts: Array.from({ length: 64 }, () => capital(generated(2000, next))) },
  { name: 'prose, one secret, ~2,000 chars', texts: pos.map((p) => p2000.slice(0, 1000) + ' ' + p.text + ' ' + p2000.slice(1000)) },
  { name: 'a JSON tool result, about 1 KB', texts: Array.from({ length: 64 }, (_, i) => JSON.stringify({ city: 'Paris', units: 'metric', id: `c-${i}`, days: [{ day: 'Mon', high: 21, low: 12, summary: generated(200, next) }, { day: 'Tue', high: 19, low: 11, summary: generated(200, next) }], source: 'https://api.example.com/v2/forecast?city=Paris&units=metric' })) },
  { name: `corpus (${pos.length} positives + ${neg.length} negatives)`, texts: [...pos.map((p) => p.text), ...neg.map((n) => n.text)] },
  { name: `corpus negatives only (${neg.length}; near misses)`, texts: neg.map((n) => n.text) },
];

console.log(`secret redaction, CPU ns per character (median of 11 alternating rounds; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${process.version})\n`);
console.log(`| case | ${ENGINES.map(([name]) => name).join(' | ')} | speed-up |`);
console.log(`|---|${ENGINES.map(() => '---:|').join('')}---:|`);
for (const c of cases) {
  const ns = nsPerChar(ENGINES.map(([, fn]) => fn), c.texts);
  console.log(`| ${c.name} | ${ns.map((x) => x.toFixed(3)).join(' | ')} | ${(ns[0]! / ns[ns.length - 1]!).toFixed(1)}x |`);
}
const one = cases[4]!;
const worst = one.texts
  .map((t) => ({ t, ns: nsPerChar([(s) => redactSecrets(s)], [t], 3)[0]! * t.length }))
  .sort((a, b) => b.ns - a.ns)[0]!;
console.log(`\nslowest string with one secret: ${(worst.ns / 1000).toFixed(2)} µs (${worst.t.length} characters: ${JSON.stringify(worst.t.slice(1001, 1061))}...)`);
if (sink === 42) console.log(''); // keep the results alive

/**
 * `npm run bench:redact`: what redacting secrets inside strings costs per character, before
 * (the first round's combined regular expression, kept here only for the comparison) and now
 * (`src/secret-patterns.ts`), on prose without a secret, prose with one, a JSON tool result and
 * the test corpus (`test/fixtures/secrets/corpus.ts`). Run through tsx (it reads the sources).
 * @module
 */
import { redactSecrets } from '../src/secret-patterns.js';
import { buildCorpus } from '../test/fixtures/secrets/corpus.js';
import { prose, rng } from './workload/text.js';

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

/** Nanoseconds per character of `f` over `inputs` (best of 5 passes). */
function perChar(inputs: string[], f: (s: string) => string, passes = 5): number {
  const chars = inputs.reduce((a, s) => a + s.length, 0);
  let best = Infinity;
  let sink = 0;
  const reps = Math.max(1, Math.ceil(4_000_000 / chars));
  for (let p = 0; p < passes; p++) {
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < reps; r++) for (const s of inputs) sink += f(s).length;
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / (reps * chars));
  }
  if (sink < 0) console.log(sink);
  return best;
}

const next = rng(3);
const capital = (s: string): string => s.replace(/(^|\. )([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase());
const sets: Array<[string, string[]]> = [];
for (const n of [200, 2000, 8000]) sets.push([`prose, ${n} characters, no secret`, Array.from({ length: 64 }, () => capital(prose(n, next)))]);
sets.push(['prose, 2000 characters, with "Note: ..." and hyphen-ated words', Array.from({ length: 64 }, () => 'Note: ' + capital(prose(1000, next)) + ' a well-known, up-to-date forecast ' + prose(950, next))]);
sets.push(['prose, 2000 characters, one secret in it', Array.from({ length: 64 }, (_, i) => capital(prose(1000, next)) + ` my key is sk-proj-${'Ab3'.repeat(10)}${i} ` + prose(950, next))]);
sets.push(['a JSON tool result, about 1 KB', Array.from({ length: 64 }, (_, i) => JSON.stringify({ city: 'Paris', units: 'metric', id: `c-${i}`, days: [{ day: 'Mon', high: 21, low: 12, summary: prose(200, next) }, { day: 'Tue', high: 19, low: 11, summary: prose(200, next) }], source: 'https://api.example.com/v2/forecast?city=Paris&units=metric' }))]);
const corpus = buildCorpus();
sets.push(['the test corpus: positives (one secret each)', corpus.positives.map((p) => p.text)], ['the test corpus: negatives', corpus.negatives.map((p) => p.text)]);

console.log('| input | before ns/char | now ns/char | x faster |');
console.log('|---|---:|---:|---:|');
for (const [name, inputs] of sets) {
  const before = perChar(inputs, oldRedact);
  const now = perChar(inputs, (s) => redactSecrets(s));
  console.log(`| ${name} | ${before.toFixed(2)} | ${now.toFixed(2)} | ${(before / now).toFixed(1)} |`);
}

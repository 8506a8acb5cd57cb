/**
 * Finds secrets inside strings and replaces them with `[REDACTED]`, keeping their context:
 * `password=[REDACTED]`, `Authorization: Bearer [REDACTED]`, `postgres://app:[REDACTED]@db/prod`,
 * `"api_key": "[REDACTED]"`. The rules (ids, families, the gitleaks/secretlint rules they follow)
 * are in `secret-rules.ts`.
 *
 * **Why it is cheap.** Every message and every string in `data` goes through here, and most hold
 * no secret, so a clean string must cost close to nothing. Running every rule's regex over a
 * string costs several nanoseconds per character; instead the scan looks for the few characters
 * that every secret shape contains (`_` `-` `:` `=`, the capitals `A` `J` `S` `B` `M` `N`, and
 * `Q~`, `29.`) with `String.prototype.indexOf`, which V8 runs as a vectorized search (one or two
 * hundredths of a nanosecond per character when the character is rare, as these are in prose),
 * and tries a rule only where its character is: at a `_` or `-` it reads the prefix before it
 * (`ghp_`, `sk-`, `-----BEGIN`) and looks it up in a map; at a `:` or `=` it reads the key name
 * before it, turns most names down by their last two letters and a cache, and only then reads
 * the value; at `://` it reads the URL's user info; at `A` it checks the next letters (`AKIA`,
 * `AIza`). In prose the passes cost less than the places they stop at (a capital starting a
 * sentence): there a check is a few character reads (no closure, no regex, no `startsWith` list)
 * before the scan searches on. Each rule is a sticky, bounded regex tried at one position, and
 * the scan always moves past what it read, so no string makes it backtrack or go quadratic.
 * @module
 */
import { separators } from './secret-assignments.js';
import { BACKSLASH, EQUALS, PREFIX_RULES, SECRET_RULES, SLASH, TOKEN_RUN, isAlnum, isTok, looksRandom, ruleIndex, runEnd } from './secret-rules.js';
import type { PrefixRule } from './secret-rules.js';

export { SECRET_RULES } from './secret-rules.js';
export type { SecretFamily, SecretRule } from './secret-rules.js';

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** One secret found in a string: `[start, end)` and the id of the rule that found it. */
export interface SecretMatch {
  start: number;
  end: number;
  rule: string;
}

const R = {
  aws: ruleIndex('aws-access-key-id'), gcp: ruleIndex('gcp-api-key'), gcpOauth: ruleIndex('gcp-oauth-token'), azure: ruleIndex('azure-ad-client-secret'),
  twilio: ruleIndex('twilio-api-key'), sendgrid: ruleIndex('sendgrid-api-key'), pem: ruleIndex('private-key'), jwt: ruleIndex('jwt'),
  bearer: ruleIndex('bearer-credential'), discord: ruleIndex('discord-bot-token'),
};

/** Prefix with its separator (`ghp_`, `sk-`) to its rule and the rule's index. */
const BY_PREFIX = new Map<string, { r: PrefixRule; index: number }>();
for (const r of PREFIX_RULES) for (const p of r.prefixes) BY_PREFIX.set(p, { r, index: ruleIndex(r.id) });
const MAX_PREFIX = Math.max(...[...BY_PREFIX.keys()].map((p) => p.length - 1));

const AWS_ID = /(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}/y;
const GCP_KEY = /AIza[A-Za-z0-9_-]{35}/y;
const GCP_OAUTH = /ya29\.[A-Za-z0-9_-]{20,2048}/y;
const TWILIO = /SK[0-9a-fA-F]{32}/y;
const SENDGRID = /SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/y;
const AZURE_AD = /[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}/y;
const JWT = /eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{8,16000}(?:\.[A-Za-z0-9_-]{0,4000}){1,3}/y;
const PEM_HEADER = /-----BEGIN [A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----/y;
const DISCORD = /[MN][A-Za-z0-9]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}/y;
const SCHEME_WORD = /(?:Bearer|Basic)[ \t]+/y;
// A credential after Bearer/Basic has a digit or a symbol, or is long: "basic arithmetic" is not one.
const CREDENTIAL = /(?:(?=[A-Za-z]{0,2048}[0-9._~+/=-])[A-Za-z0-9._~+/=-]{8,2048}|[A-Za-z]{24,2048})/y;


/**
 * Every character the scan starts from: each rule below is found from an `indexOf` of one of
 * them (`_ -` prefixes, `: =` assignments, the capitals of `literals`, the `.` of `29.` and
 * the `~` of `Q~`). A string with none of them holds no secret the rules find.
 */
const SCAN_START = /[-_:=ABJMNS.~]/;
/** Up to this length, one test for {@link SCAN_START} costs less than the scanners' dozen `indexOf` passes. */
const SHORT = 64;

/**
 * False when `s` is known to hold no secret the default rules find: a string of at most 64
 * characters with none of the characters the scanners start from (checked with one regular
 * expression, cheaper there than the scan's passes). True means the scan must look.
 */
export function mayHoldSecret(s: string): boolean {
  return s.length > SHORT || SCAN_START.test(s);
}

/** The secrets found in `s`, as flat `[start, end, rule]` triples; undefined when none. */
function scan(s: string): number[] | undefined {
  if (!mayHoldSecret(s)) return undefined;
  const hits: number[] = [];
  prefixed(s, '_', hits);
  prefixed(s, '-', hits);
  separators(s, hits);
  literals(s, hits);
  return hits.length === 0 ? undefined : hits;
}

/** Tokens known by their prefix, found from the `_` or `-` that ends the prefix. */
function prefixed(s: string, sep: string, hits: number[]): void {
  for (let i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + 1)) {
    if (s.charCodeAt(i + 1) === 45 && s.startsWith('-----BEGIN ', i)) {
      i = privateKey(s, i, hits);
      continue;
    }
    // Every token has 10 or more characters after its prefix: "well-known", "e-mail" stop here.
    let k = i + 1;
    while (k < s.length && k - i <= 10 && isTok(s.charCodeAt(k))) k++;
    if (k - i <= 10 && !(k < s.length && isTokenTail(s.charCodeAt(k)))) continue;
    let p = i;
    while (p > 0 && i - p <= MAX_PREFIX && isAlnum(s.charCodeAt(p - 1))) p--;
    if (p === i) continue;
    if (i - p > MAX_PREFIX || (p > 0 && isTok(s.charCodeAt(p - 1)))) {
      i = tokenEnd(s, i, hits) - 1; // inside a longer token: no prefix in it can start a key
      continue;
    }
    const found = BY_PREFIX.get(s.slice(p, i + 1));
    if (found === undefined || covered(hits, p)) continue;
    const re = found.r.re;
    re.lastIndex = p;
    const m = re.exec(s);
    // The whole token (a key's shape may stop short of it): redacted, or passed over if it is not a key
    // (a prefix later in the same token has a token character before it and would be turned down).
    const end = runEnd(TOKEN_RUN, s, p + (m === null ? 0 : m[0].length));
    if (m !== null && (found.r.random !== true || looksRandom(m[0], i - p + 1))) hits.push(p, end, found.index);
    i = Math.max(i, end - 1);
  }
}

/** Where the scan can go on from a token character at `i`: the end of the secret already found there, or of the token. */
function tokenEnd(s: string, i: number, hits: number[]): number {
  for (let k = 0; k < hits.length; k += 3) if (i >= hits[k]! && i < hits[k + 1]!) return hits[k + 1]!;
  return runEnd(TOKEN_RUN, s, i);
}

/** Characters some tokens hold past their first ten (base64 in Grafana, Sentry and Fly.io tokens, GitLab's routable `.`). */
const isTokenTail = (c: number): boolean => c === 46 || c === 43 || c === SLASH || c === EQUALS;

/** Tries `re` at `at`; records `[at, end)` when it matches and the token ends there. */
function tryAt(s: string, re: RegExp, at: number, index: number, hits: number[]): number {
  re.lastIndex = at;
  const m = re.exec(s);
  if (m === null) return -1;
  const end = at + m[0].length;
  if (isTok(s.charCodeAt(end))) return -1;
  hits.push(at, end, index);
  return end;
}

/** Whether `pos` is inside a secret already found (so a rule is not tried again on it). */
function covered(hits: number[], pos: number): boolean {
  for (let k = 0; k < hits.length; k += 3) if (pos >= hits[k]! && pos < hits[k + 1]!) return true;
  return false;
}

/**
 * Secrets found from a capital, `29.` or `Q~`: AWS and Google keys (`A`), JWTs (`J`), Twilio and
 * SendGrid keys (`S`), Bearer/Basic credentials (`B`), Discord bot tokens (`M`, `N`), Google OAuth
 * tokens (`ya29.`), Azure AD client secrets (`Q~`). One `indexOf` pass per character: capitals
 * are rare in prose.
 */
function literals(s: string, hits: number[]): void {
  awsAndGoogleKeys(s, hits);
  jwts(s, hits);
  twilioAndSendgridKeys(s, hits);
  bearerCredentials(s, hits);
  discordTokens(s, hits);
  googleOauthTokens(s, hits);
  azureAdSecrets(s, hits);
}
/** AWS key ids (`AKIA`, `ASIA`, `ABIA`, `ACCA`, `A3T`) and Google API keys (`AIza`), from each `A` at a word start. */
function awsAndGoogleKeys(s: string, hits: number[]): void {
  let end: number;
  // Each capital found is checked with a few character reads before any regex runs ("AI", "SKU", "Because", "Monday").
  for (let i = s.indexOf('A'); i >= 0; i = s.indexOf('A', i + 1)) {
    if (i > 0 && isAlnum(s.charCodeAt(i - 1))) {
      i = tokenEnd(s, i, hits) - 1;
      continue;
    }
    const c1 = s.charCodeAt(i + 1);
    if (c1 === 73 && s.startsWith('za', i + 2)) end = tryAt(s, GCP_KEY, i, R.gcp, hits); // AIza
    else if (isAwsPrefix(s, i, c1)) end = tryAt(s, AWS_ID, i, R.aws, hits);
    else continue;
    if (end > 0) i = end - 1;
  }
}
/** JWTs, from the `J` of `eyJ` at a token start. */
function jwts(s: string, hits: number[]): void {
  let end: number;
  for (let i = s.indexOf('J'); i >= 0; i = s.indexOf('J', i + 1)) {
    // A JWT starts with `eyJ` at a token's start; any other `J` inside a token skips the token.
    if (i >= 2 && s.charCodeAt(i - 1) === 121 && s.charCodeAt(i - 2) === 101 && !(i > 2 && isTok(s.charCodeAt(i - 3))) && !covered(hits, i)) {
      if ((end = tryAt(s, JWT, i - 2, R.jwt, hits)) > 0) i = end - 1;
    } else if (i > 0 && isTok(s.charCodeAt(i - 1))) {
      i = tokenEnd(s, i, hits) - 1;
    }
  }
}
/** Twilio (`SK` + 32 hex) and SendGrid (`SG.`) keys, from each `S` at a token start. */
function twilioAndSendgridKeys(s: string, hits: number[]): void {
  let end: number;
  for (let i = s.indexOf('S'); i >= 0; i = s.indexOf('S', i + 1)) {
    const c = s.charCodeAt(i + 1);
    if (i > 0 && isTok(s.charCodeAt(i - 1))) {
      i = tokenEnd(s, i, hits) - 1;
      continue;
    }
    if (c === 75 && isHex(s.charCodeAt(i + 2)) && isHex(s.charCodeAt(i + 33))) end = tryAt(s, TWILIO, i, R.twilio, hits); // SK + 32 hex
    else if (c === 71 && s.charCodeAt(i + 2) === 46) end = tryAt(s, SENDGRID, i, R.sendgrid, hits); // SG.
    else continue;
    if (end > 0) i = end - 1;
  }
}
/** `Bearer <credential>` and `Basic <credential>` anywhere in text, from each `B` at a word start. */
function bearerCredentials(s: string, hits: number[]): void {
  for (let i = s.indexOf('B'); i >= 0; i = s.indexOf('B', i + 1)) {
    if (i > 0 && isAlnum(s.charCodeAt(i - 1))) continue;
    if (s.startsWith('earer', i + 1) || s.startsWith('asic', i + 1)) i = bearer(s, i, hits);
  }
}
/** Discord bot tokens (they may hold no `_` or `-`), from each `M` and `N` at a token start. */
function discordTokens(s: string, hits: number[]): void {
  for (let i = s.indexOf('M'); i >= 0; i = s.indexOf('M', i + 1)) i = discord(s, i, hits);
  for (let i = s.indexOf('N'); i >= 0; i = s.indexOf('N', i + 1)) i = discord(s, i, hits);
}
/** A Discord bot token at the `M` or `N` at `i`; returns where the scan goes on. */
function discord(s: string, i: number, hits: number[]): number {
  if (i > 0 && isTok(s.charCodeAt(i - 1))) return tokenEnd(s, i, hits) - 1;
  let d = i + 24;
  while (d <= i + 28 && s.charCodeAt(d) !== 46) d++;
  if (d > i + 28) return i;
  const end = tryAt(s, DISCORD, i, R.discord, hits);
  return end > 0 ? end - 1 : i;
}
/** Google OAuth access tokens (`ya29.`), from `29.` (digits are rare in prose). */
function googleOauthTokens(s: string, hits: number[]): void {
  let end: number;
  for (let i = s.indexOf('29.'); i >= 0; i = s.indexOf('29.', i + 3)) {
    if (i >= 2 && s.charCodeAt(i - 1) === 97 && s.charCodeAt(i - 2) === 121 && !(i > 2 && isTok(s.charCodeAt(i - 3))) && !covered(hits, i)) {
      if ((end = tryAt(s, GCP_OAUTH, i - 2, R.gcpOauth, hits)) > 0) i = end - 1;
    }
  }
}
/** Azure AD client secrets (`...8Q~...`), from `Q~`. */
function azureAdSecrets(s: string, hits: number[]): void {
  for (let i = s.indexOf('Q~'); i >= 0; i = s.indexOf('Q~', i + 2)) {
    if (i >= 4 && !(i > 4 && isTok(s.charCodeAt(i - 5))) && !covered(hits, i)) tryAt(s, AZURE_AD, i - 4, R.azure, hits);
  }
}

/** `AKIA`, `ASIA`, `ABIA`, `ACCA` or `A3T` at `i` (`c1` is the character after the `A`). */
function isAwsPrefix(s: string, i: number, c1: number): boolean {
  if (c1 === 75 || c1 === 83 || c1 === 66) return s.charCodeAt(i + 2) === 73 && s.charCodeAt(i + 3) === 65; // K S B, then IA
  if (c1 === 67) return s.charCodeAt(i + 2) === 67 && s.charCodeAt(i + 3) === 65; // CCA
  return c1 === 51 && s.charCodeAt(i + 2) === 84; // 3T
}
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

/** A PEM, PGP or OpenSSH private key block at its `-----BEGIN` (`b`); returns where the scan goes on. */
function privateKey(s: string, b: number, hits: number[]): number {
  PEM_HEADER.lastIndex = b;
  const m = PEM_HEADER.exec(s);
  if (m === null) return b;
  const h = b + m[0].length;
  if (!hasKeyBody(s, h)) return h - 1;
  let end = s.indexOf('-----END', h);
  if (end >= 0) {
    const close = s.indexOf('-----', end + 8);
    end = close >= 0 && close - end < 64 ? close + 5 : s.length;
  } else {
    end = s.length; // cut short: everything after the header is key material
  }
  hits.push(b, end, R.pem);
  return end - 1;
}

const ARMOR_HEADER = /[A-Za-z][A-Za-z-]{1,30}: /y;
const isBase64 = (c: number): boolean => isAlnum(c) || c === 43 || c === SLASH;

/**
 * Whether key material follows a private key header at `h`: after blank lines (real or escaped
 * `\n`) and armor headers (`Proc-Type: ...`, `Version: ...`), a run of 16 or more base64
 * characters. Prose about "-----BEGIN RSA PRIVATE KEY----- lines" has none.
 */
function hasKeyBody(s: string, h: number): boolean {
  let i = h;
  for (let line = 0; line < 6; line++) {
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else if (c === BACKSLASH && (s.charCodeAt(i + 1) === 110 || s.charCodeAt(i + 1) === 114)) i += 2;
      else break;
    }
    let j = i;
    while (j - i < 16 && isBase64(s.charCodeAt(j))) j++;
    if (j - i >= 16) return true;
    // An armor header line (`Proc-Type: 4,ENCRYPTED`, `Version: GnuPG v2`) is skipped; anything else is not a key.
    ARMOR_HEADER.lastIndex = i;
    if (!ARMOR_HEADER.test(s)) return false;
    let k = ARMOR_HEADER.lastIndex;
    while (k < s.length && k - i < 200 && s.charCodeAt(k) !== 10 && !(s.charCodeAt(k) === BACKSLASH && s.charCodeAt(k + 1) === 110)) k++;
    i = k;
  }
  return false;
}

/** `Bearer <credential>` or `Basic <credential>` at `i`, anywhere in text (headers are read at their `:` too); returns where the scan goes on. */
function bearer(s: string, i: number, hits: number[]): number {
  SCHEME_WORD.lastIndex = i;
  const m = SCHEME_WORD.exec(s);
  if (m === null) return i;
  const c = i + m[0].length;
  if (covered(hits, c)) return i; // an Authorization header's, found at its ':'
  CREDENTIAL.lastIndex = c;
  const cm = CREDENTIAL.exec(s);
  if (cm === null || isTok(s.charCodeAt(c + cm[0].length))) return i;
  hits.push(c, c + cm[0].length, R.bearer);
  return c + cm[0].length - 1;
}

/** `s` with the ranges in `hits` (overlapping or not) replaced by {@link REDACTED}. */
function rebuild(s: string, hits: number[]): string {
  const ranges: Array<[number, number]> = [];
  for (let k = 0; k < hits.length; k += 3) ranges.push([hits[k]!, hits[k + 1]!]);
  ranges.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  let out = '';
  let pos = 0;
  for (let k = 0; k < ranges.length; ) {
    const start = ranges[k]![0];
    let end = ranges[k]![1];
    for (k++; k < ranges.length && ranges[k]![0] <= end; k++) end = Math.max(end, ranges[k]![1]);
    out += s.slice(pos, start) + REDACTED;
    pos = end;
  }
  return out + s.slice(pos);
}

/**
 * The secrets the default rules find in `s`, in order (they may overlap: a key's value can also
 * be a known token). For tests and tools; {@link redactSecrets} is what tracing uses.
 */
export function findSecrets(s: string): SecretMatch[] {
  const hits = scan(s) ?? [];
  const out: SecretMatch[] = [];
  for (let k = 0; k < hits.length; k += 3) out.push({ start: hits[k]!, end: hits[k + 1]!, rule: SECRET_RULES[hits[k + 2]!]!.id });
  return out.sort((x, y) => x.start - y.start);
}

/**
 * `s` with every secret the default rules find replaced by `[REDACTED]`, its context kept, then
 * each match of `extra` (the user's `redactPatterns`, global regexes; `Sanitizer` makes them so)
 * replaced whole. Returns the same string object when nothing was found. Never throws (if the
 * scan itself failed, the whole string is redacted rather than risk a leak).
 * @example
 * redactSecrets('curl -H "Authorization: Bearer abc123def456" https://u:hunter2@api.test/x')
 * // 'curl -H "Authorization: Bearer [REDACTED]" https://u:[REDACTED]@api.test/x'
 */
export function redactSecrets(s: string, extra?: readonly RegExp[]): string {
  let out: string;
  try {
    const hits = scan(s);
    out = hits === undefined ? s : rebuild(s, hits);
  } catch {
    return REDACTED;
  }
  if (extra !== undefined) {
    for (let i = 0; i < extra.length; i++) {
      const re = extra[i]!;
      re.lastIndex = 0;
      if (re.test(out)) {
        re.lastIndex = 0;
        out = out.replace(re, REDACTED);
      }
    }
  }
  return out;
}

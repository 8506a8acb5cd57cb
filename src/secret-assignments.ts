/**
 * The secrets found at a `:` or `=`: a value after a secret's name in every form (`key=value`,
 * `key: value`, `"key": "value"`, `KEY="value"`, `key => 'value'`, `key := "value"`, query
 * strings), `Authorization` headers (the scheme kept), `Cookie`/`Set-Cookie` values (the names
 * kept), credentials in URLs (`scheme://user:[REDACTED]@host`), webhook URLs whose path is the
 * secret, and Telegram bot tokens. Part of the scan in `secret-patterns.ts`.
 *
 * At each `:` and `=` (found with `indexOf`), the key name before it is read backwards and most
 * names are turned down by their last two letters alone (`Tokyo:` ends in `yo`, `"city":` in
 * `ty`, no secret's name does); the others are looked up in a cache of names seen. Only a secret's name makes the
 * value be read. Every loop here is bounded, and the scan goes on past what it read.
 * @module
 */
import {
  APOS, AUTH_SCHEMES, BACKSLASH, BACKTICK, COLON, EQUALS, NAME_ENDINGS, NameKind, PARAM_SCHEMES, QUOTE, SLASH,
  isAlnum, isDigit, isQuote, isRealValue, isSpace, isTok, looksLikeCredential, nameKind, ruleIndex, runEnd,
} from './secret-rules.js';

const R = {
  telegram: ruleIndex('telegram-bot-token'), webhook: ruleIndex('webhook-url'), url: ruleIndex('url-credentials'),
  assignment: ruleIndex('secret-assignment'), authorization: ruleIndex('authorization-header'), cookie: ruleIndex('cookie'),
};
const TELEGRAM = /:A[A-Za-z0-9_-]{32,35}/y;

/** A character of a key name (`x-api-key`, `AWS_SECRET_ACCESS_KEY`, `connect.sid`). */
const isNameChar = (c: number): boolean => isTok(c) || c === 46;
/** An unquoted value: up to a space, a quote, `, ; & < > ) ] }` or a backslash. */
const VALUE_RUN = /[^\s"'`,;&<>)\]}\\]{0,4096}/y;
/** A URL's authority (`user:pass@host:port`): up to `/ ? #`, a space, a quote, `< >` or a backslash. */
const AUTHORITY_RUN = /[^/?#\s"'`<>\\]{0,512}/y;
/** A webhook URL's path, to the end of the URL. */
const PATH_RUN = /[^?#\s"'`<>\\]{0,1024}/y;
/** An `Authorization` credential: up to a space, a comma or a quote. */
const CREDENTIAL_RUN = /[^\s,"'`]{0,4096}/y;
/** What ends a quoted value (its quote, a backslash escape, a line end) for each quote. */
const QUOTED_STOP = new Map<number, RegExp>([[QUOTE, /["\\\n\r]/g], [APOS, /['\\\n\r]/g], [BACKTICK, /[`\\\n\r]/g]]);
/** What may end a header value: a line end, a quote, a backslash (`\\n` in an escaped text). */
const LINE_STOP = /[\n\r"'`\\]/g;

/** Longest key name read before a `:` or `=`; longest value read after. */
const MAX_NAME = 64;
const MAX_VALUE = 4096;
/** Key names seen, with what they mean (names repeat: `city`, `Note`, `password`). */
const NAME_CACHE = new Map<string, NameKind>();
const NAME_CACHE_MAX = 2048;

/** At each `:` and `=` of `s`: URLs with credentials, Telegram bot tokens, and values of secrets' names; found as `[start, end, rule]` in `hits`. */
export function separators(s: string, hits: number[]): void {
  for (let i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) {
    const next = s.charCodeAt(i + 1);
    if (next === SLASH && s.charCodeAt(i + 2) === SLASH) {
      i = url(s, i, hits); // the authority's own ':' (user:password, host:port) are read there
      continue;
    }
    const prev = s.charCodeAt(i - 1);
    if (isDigit(prev)) {
      if (next === 65) i = telegram(s, i, hits);
      continue;
    }
    if (next === COLON || prev === COLON || next === EQUALS) continue;
    i = assignment(s, i, true, i + 1, hits);
  }
  for (let i = s.indexOf('='); i >= 0; i = s.indexOf('=', i + 1)) {
    const next = s.charCodeAt(i + 1);
    const prev = s.charCodeAt(i - 1);
    if (next === EQUALS || prev === EQUALS || prev === 33 || prev === 60 || prev === 62) continue; // == != <= >=
    i = Math.max(i, assignment(s, prev === COLON ? i - 1 : i, false, next === 62 ? i + 2 : i + 1, hits));
  }
}

/**
 * A `name: value`, `name=value`, `"name": "value"`, `name => 'value'`, `name := "value"`: the
 * name ends at `nameEnd` (a `:` when `colon`, else the `=` or `:=`), the value starts at or after
 * `from`. Returns where the scan goes on (past the value when it was redacted).
 */
function assignment(s: string, nameEnd: number, colon: boolean, from: number, hits: number[]): number {
  const sep = nameEnd;
  let e = nameEnd;
  while (e > 0 && sep - e < 3 && isSpace(s.charCodeAt(e - 1))) e--;
  const quote = s.charCodeAt(e - 1);
  const quotedName = isQuote(quote);
  if (quotedName) {
    e--;
    if (s.charCodeAt(e - 1) === BACKSLASH) e--; // {\"password\": ...} in an escaped JSON text
  } else if (e < sep && colon) {
    return sep; // "word :" is prose
  }
  if (!nameEnding(s, e)) return sep;
  let b = e;
  while (b > 0 && e - b <= MAX_NAME && isNameChar(s.charCodeAt(b - 1))) b--;
  if (b === e || e - b > MAX_NAME) return sep;
  const before = s.charCodeAt(b - 1);
  if (quotedName && before !== quote) return sep;
  // ${TOKEN:-default} is a shell expansion, not a value.
  if (colon && before === 123 && s.charCodeAt(b - 2) === 36) return sep;
  const name = s.slice(b, e);
  let kind = NAME_CACHE.get(name);
  if (kind === undefined) {
    if (NAME_CACHE.size >= NAME_CACHE_MAX) NAME_CACHE.clear();
    // Kept as a copy (names are ASCII): a slice of 13 characters or more would pin the whole text it was cut from.
    NAME_CACHE.set(Buffer.from(name, 'latin1').toString('latin1'), (kind = nameKind(name)));
  }
  if (kind === NameKind.None) return sep;
  // An unquoted name right after a quote is inside a string literal (`input("Password: ")`).
  const inLiteral = !quotedName && isQuote(before) ? before : 0;
  // Spaces before the value: after `name: ` or `name = `, not after `NAME=` (an empty value).
  let v = from;
  if (colon || e < sep) while (v < s.length && v - from < 16 && isSpace(s.charCodeAt(v))) v++;
  // A string prefix (Python's f"...", r'...', b"...") before a quoted value.
  let q = s.charCodeAt(v);
  if (isStringPrefix(q) && isQuote(s.charCodeAt(v + 1))) q = s.charCodeAt(++v);
  const v0 = v;
  let vs: number;
  let ve: number;
  if (isQuote(q) || (q === BACKSLASH && s.charCodeAt(v + 1) === QUOTE)) {
    if (inLiteral !== 0) return sep;
    // `label: "` after other words is text inside a literal (`input("Confirm password: ")`);
    // an unquoted name with a quoted value starts a line or follows `{`, `,`, `(` or `- `.
    if (colon && !quotedName && !startsEntry(s, b)) return sep;
    const escaped = q === BACKSLASH;
    vs = v + (escaped ? 2 : 1);
    ve = closingQuote(s, vs, escaped ? QUOTE : q, escaped);
  } else if (kind === NameKind.Authorization || kind === NameKind.Cookie || kind === NameKind.SetCookie) {
    vs = v;
    ve = lineEnd(s, v, inLiteral);
  } else {
    vs = v;
    ve = runEnd(VALUE_RUN, s, v);
  }
  if (kind === NameKind.Authorization) authorization(s, vs, ve, hits);
  else if (kind === NameKind.Cookie || kind === NameKind.SetCookie) cookie(s, vs, ve, kind === NameKind.SetCookie, hits);
  else {
    const value = s.slice(vs, ve);
    // `name: value` unquoted after other words is prose ("My secret: enjoy the process"): there
    // the value must look like a credential ("my password: hunter2" does).
    const prose = colon && vs === v0 && !quotedName && !startsEntry(s, b);
    if (isRealValue(value, kind) && ((!prose && kind !== NameKind.Weak) || looksLikeCredential(value))) hits.push(vs, ve, R.assignment);
  }
  // Past the value either way: a placeholder's text is not read again (and a hostile
  // `pass=${pass=${pass=...` costs one pass, not one per `=`).
  return Math.max(sep, ve - 1);
}

/** Whether the name that ends at `e` ends as a secret's name does (its last two letters, `-` `_` `.` skipped). */
function nameEnding(s: string, e: number): boolean {
  let last = s.charCodeAt(e - 1);
  let k = e - 2;
  let prev = s.charCodeAt(k);
  while (prev === 95 || prev === 45 || prev === 46) prev = s.charCodeAt(--k);
  if (last >= 65 && last <= 90) last += 32;
  if (prev >= 65 && prev <= 90) prev += 32;
  return NAME_ENDINGS.has((prev << 8) | last);
}

/** `f`, `r`, `b`, `u` (either case): Python string prefixes. */
const isStringPrefix = (c: number): boolean => c === 102 || c === 114 || c === 98 || c === 117 || c === 70 || c === 82 || c === 66 || c === 85;

/** Whether the name at `b` starts an entry: the text's or a line's start, or after `{`, `,`, `(`, `;` or a YAML `- `. */
function startsEntry(s: string, b: number): boolean {
  let i = b - 1;
  while (i >= 0 && isSpace(s.charCodeAt(i))) i--;
  if (i < 0) return true;
  const c = s.charCodeAt(i);
  return c === 10 || c === 13 || c === 123 || c === 44 || c === 40 || c === 59 || (c === 45 && (i === 0 || isSpace(s.charCodeAt(i - 1)) || s.charCodeAt(i - 1) === 10));
}

/** Where a quoted value that starts at `from` ends (its closing quote, or the end of the line). */
function closingQuote(s: string, from: number, q: number, escaped: boolean): number {
  const stop = QUOTED_STOP.get(q)!;
  const limit = Math.min(s.length, from + MAX_VALUE);
  for (let i = from; i < limit; ) {
    stop.lastIndex = i;
    const m = stop.exec(s);
    if (m === null || m.index >= limit) break;
    const at = m.index;
    const c = s.charCodeAt(at);
    if (c === BACKSLASH) {
      if (escaped && s.charCodeAt(at + 1) === q) return at;
      i = at + 2; // an escaped character
      continue;
    }
    if (c === q && escaped) {
      i = at + 1; // a bare quote inside an escaped (\"...\") value
      continue;
    }
    return at; // the quote, or a line end
  }
  return limit;
}

/** The end of a header value: the end of the line (a real or an escaped `\n`), or the quote the header sits in. */
function lineEnd(s: string, from: number, quote: number): number {
  const limit = Math.min(s.length, from + MAX_VALUE);
  let i = from;
  while (i < limit) {
    LINE_STOP.lastIndex = i;
    const m = LINE_STOP.exec(s);
    if (m === null || m.index >= limit) {
      i = limit;
      break;
    }
    i = m.index;
    const c = s.charCodeAt(i);
    if (c === 10 || c === 13 || c === quote) break;
    if (c === BACKSLASH) {
      const n = s.charCodeAt(i + 1);
      if (n === 110 || n === 114 || n === QUOTE) break; // \n \r \"
    }
    i++;
  }
  while (i > from && isSpace(s.charCodeAt(i - 1))) i--;
  return i;
}

/** `Authorization` value in `[vs, ve)`: the scheme kept, the credential redacted. */
function authorization(s: string, vs: number, ve: number, hits: number[]): void {
  let c = vs;
  while (c < ve && isSpace(s.charCodeAt(c))) c++;
  let w = c;
  while (w < ve && w - c < 24 && (isTok(s.charCodeAt(w)))) w++;
  let cred = c;
  let toEnd = false;
  if (w < ve && isSpace(s.charCodeAt(w))) {
    const scheme = s.slice(c, w).toLowerCase();
    if (AUTH_SCHEMES.has(scheme)) {
      cred = w;
      while (cred < ve && isSpace(s.charCodeAt(cred))) cred++;
      toEnd = PARAM_SCHEMES.has(scheme);
    }
  }
  const end = toEnd ? ve : Math.min(ve, runEnd(CREDENTIAL_RUN, s, cred));
  if (end <= cred) return;
  const v = s.slice(cred, end);
  // Param schemes hold a list; a token must look like one ("Authorization: pending approval" is prose).
  if (isRealValue(v, NameKind.Secret) && (toEnd || looksLikeCredential(v))) hits.push(cred, end, R.authorization);
}

/** `Cookie` (every pair) or `Set-Cookie` (the first pair) in `[vs, ve)`: names kept, values redacted. */
function cookie(s: string, vs: number, ve: number, firstOnly: boolean, hits: number[]): void {
  let p = vs;
  while (p < ve) {
    let semi = s.indexOf(';', p);
    if (semi < 0 || semi > ve) semi = ve;
    let eq = p;
    while (eq < semi && s.charCodeAt(eq) !== EQUALS) eq++;
    if (eq < semi) {
      let a = eq + 1;
      let b = semi;
      while (a < b && isSpace(s.charCodeAt(a))) a++;
      while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
      if (b > a && isRealValue(s.slice(a, b), NameKind.Secret)) hits.push(a, b, R.cookie);
    }
    if (firstOnly) return;
    p = semi + 1;
  }
}

/**
 * A URL at its `://` (index `i`): the password in `user:password@`, and webhook URLs' secret
 * paths. Returns the end of the authority, where the scan goes on.
 */
function url(s: string, i: number, hits: number[]): number {
  const a = i + 3;
  const end = runEnd(AUTHORITY_RUN, s, a);
  const k = s.slice(a, end).lastIndexOf('@');
  const at = k < 0 ? -1 : a + k;
  if (at > a) {
    const colon = s.indexOf(':', a);
    if (colon >= 0 && colon < at - 1 && isRealValue(s.slice(colon + 1, at), NameKind.Secret)) hits.push(colon + 1, at, R.url);
  }
  if (s.charCodeAt(end) === SLASH) webhook(s, at > a ? at + 1 : a, end, hits);
  return end - 1;
}

/** Known webhook URLs whose path is the secret (Slack, Discord, Microsoft Teams); the path starts at `p`. */
function webhook(s: string, host: number, p: number, hits: number[]): void {
  const h = s.slice(host, p).toLowerCase();
  let from = -1;
  if (h === 'hooks.slack.com') {
    for (const dir of ['/services/', '/workflows/', '/triggers/']) if (s.startsWith(dir, p)) from = p + dir.length;
  } else if ((h === 'discord.com' || h === 'discordapp.com' || h.endsWith('.discord.com')) && s.startsWith('/api/webhooks/', p)) {
    let d = p + 14;
    while (isDigit(s.charCodeAt(d))) d++;
    if (d > p + 14 && s.charCodeAt(d) === SLASH) from = d + 1;
  } else if (h.endsWith('.webhook.office.com') && s.startsWith('/webhookb2/', p)) {
    from = p + 11;
  }
  if (from < 0) return;
  const end = runEnd(PATH_RUN, s, from);
  if (end > from) hits.push(from, end, R.webhook);
}

/** A Telegram bot token (`123456789:AA...`) whose `:` is at `i`; returns where the scan goes on. */
function telegram(s: string, i: number, hits: number[]): number {
  let b = i;
  while (b > 0 && i - b < 16 && isDigit(s.charCodeAt(b - 1))) b--;
  if (i - b < 5 || (b > 0 && isAlnum(s.charCodeAt(b - 1)) && !s.startsWith('bot', b - 3))) return i;
  TELEGRAM.lastIndex = i;
  const m = TELEGRAM.exec(s);
  if (m === null || isTok(s.charCodeAt(i + m[0].length))) return i;
  hits.push(b, i + m[0].length, R.telegram);
  return i + m[0].length - 1;
}

/**
 * Secrets inside strings: the credential shapes that leak into agent traffic (provider API keys,
 * cloud keys, tokens, private keys, JWTs, passwords in `key=value`, JSON, env and header form,
 * credentials in URLs and connection strings, session cookies), found and replaced by
 * `[REDACTED]` with their context kept (`password=[REDACTED]`, `Bearer [REDACTED]`,
 * `postgres://app:[REDACTED]@db/prod`).
 *
 * The rule families follow gitleaks' default rules (`config/gitleaks.toml`) and secretlint's
 * recommended preset; each rule below names the rule it follows. The regexes are ours.
 *
 * Speed: a string with no secret must cost almost nothing, since every message and every string
 * in `data` goes through here. A scan over all rules costs several nanoseconds a character; so
 * the scan first looks for the few characters every secret shape needs (`:` `=` `_` `-` `@`,
 * the capitals `A` `B` `S` that start AWS, Google, Bearer/Basic and Twilio/SendGrid keys, the
 * `J` of a JWT's `eyJ`), with `indexOf` of one character (about 0.01 ns a character each, a
 * vectorized search), and runs a rule only where its character is: at a `:` or `=` it reads the
 * key before and the value after, at a `_` or `-` it reads the token around it, and so on.
 * Ordinary prose costs about 0.1 ns a character.
 * @module
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** One rule, for the documentation and the tests: what it finds and what it follows. */
export interface SecretRule {
  /** Our id. */
  id: string;
  /** What it is. */
  family: string;
  /** The gitleaks rule id (or secretlint rule) it follows. */
  ref: string;
}

/** The rule families covered by default (see the README's "Redaction and size limits"). */
export const SECRET_RULES: readonly SecretRule[] = [
  { id: 'assignment', family: 'a secret-named key with a value: key=value, key: value, "key": "value", KEY="value", query strings, cookies', ref: 'gitleaks generic-api-key; secretlint preset-recommend' },
  { id: 'authorization', family: 'Authorization headers: Bearer, Basic, Token, ApiKey, Digest schemes', ref: 'gitleaks authorization-header / curl-auth-header' },
  { id: 'bearer', family: 'Bearer/Basic credentials anywhere in text', ref: 'secretlint @secretlint/secretlint-rule-basicauth' },
  { id: 'url-credentials', family: 'credentials in URLs and connection strings: scheme://user:password@host (postgres, mysql, mongodb, redis, amqp, https...)', ref: 'secretlint @secretlint/secretlint-rule-basicauth; gitleaks generic URL credentials' },
  { id: 'private-key', family: 'PEM, PGP and OpenSSH private key blocks', ref: 'gitleaks private-key; secretlint secretlint-rule-privatekey' },
  { id: 'jwt', family: 'JSON Web Tokens', ref: 'gitleaks jwt' },
  { id: 'aws', family: 'AWS access key ids (AKIA, ASIA, ...) and secret access keys (by key name)', ref: 'gitleaks aws-access-token; secretlint secretlint-rule-aws' },
  { id: 'gcp', family: 'Google API keys (AIza...) and OAuth access tokens (ya29.)', ref: 'gitleaks gcp-api-key' },
  { id: 'azure', family: 'Azure storage and service bus connection strings (AccountKey=, SharedAccessKey=), SAS signatures (sig=)', ref: 'gitleaks azure-ad-client-secret; secretlint secretlint-rule-azure' },
  { id: 'openai', family: 'OpenAI keys (sk-, sk-proj-, sk-svcacct-, sk-admin-)', ref: 'gitleaks openai-api-key; secretlint secretlint-rule-openai' },
  { id: 'anthropic', family: 'Anthropic keys (sk-ant-api03-, sk-ant-admin01-)', ref: 'gitleaks anthropic-api-key / anthropic-admin-api-key; secretlint secretlint-rule-anthropic' },
  { id: 'ai-providers', family: 'Hugging Face (hf_), Groq (gsk_), Replicate (r8_), xAI (xai-), Perplexity (pplx-), NVIDIA (nvapi-), OpenRouter and DeepSeek (sk-)', ref: 'gitleaks huggingface-access-token, groq-api-key, perplexity-api-key' },
  { id: 'github', family: 'GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)', ref: 'gitleaks github-pat, github-fine-grained-pat, github-oauth, github-app-token; secretlint secretlint-rule-github' },
  { id: 'gitlab', family: 'GitLab tokens (glpat-, glptt-, gldt-)', ref: 'gitleaks gitlab-pat' },
  { id: 'slack', family: 'Slack tokens (xoxb-, xoxp-, xapp-...) and webhooks', ref: 'gitleaks slack-bot-token, slack-user-token, slack-webhook-url; secretlint secretlint-rule-slack' },
  { id: 'stripe', family: 'Stripe secret and restricted keys (sk_live_, rk_live_, and test keys)', ref: 'gitleaks stripe-access-token' },
  { id: 'saas', family: 'SendGrid (SG.), Twilio (SK...), Mailgun (key-), npm (npm_), PyPI (pypi-), DigitalOcean (dop_v1_), Shopify (shpat_), Linear (lin_api_), Notion (secret_, ntn_), Square (sq0atp-), Grafana (glsa_), Discord bot tokens and webhooks, Telegram bot tokens', ref: 'gitleaks sendgrid-api-token, twilio-api-key, mailgun-private-api-token, npm-access-token, pypi-upload-token, digitalocean-pat, shopify-access-token, linear-api-key, notion-api-token, square-access-token, grafana-service-account-token, discord-api-token, telegram-bot-api-token; secretlint secretlint-rule-npm, secretlint-rule-sendgrid' },
  { id: 'session', family: 'session cookies and ids (session=, sessionid=, sid=, connect.sid=, JSESSIONID=, PHPSESSID=)', ref: 'gitleaks generic (cookie values)' },
];

/**
 * Normalized key names (lower case, `-` `_` `.` dropped) whose value is a secret wherever they
 * appear, plus suffixes that make a key one (`dbPassword`, `githubToken`, `stripe_secret`).
 * Usage counters such as `input_tokens` end in `tokens` and are kept.
 */
export const SECRET_NAMES: readonly string[] = [
  'password', 'passwd', 'pwd', 'pass', 'secret', 'token', 'apikey', 'authorization', 'proxyauthorization', 'auth',
  'cookie', 'setcookie', 'privatekey', 'accesstoken', 'refreshtoken', 'idtoken', 'clientsecret', 'sessionid', 'session',
  'sessid', 'sid', 'jsessionid', 'phpsessid', 'connectsid', 'credentials', 'credential', 'xapikey', 'passphrase',
  'accountkey', 'sharedaccesskey', 'sig', 'dsn', 'connectionstring', 'connstr', 'jwt', 'bearer',
];
/** Key suffixes that make a key secret. */
export const SECRET_SUFFIXES: readonly string[] = [
  'password', 'passwd', 'secret', 'token', 'apikey', 'privatekey', 'credentials', 'accesskey', 'secretkey', 'sessionid',
  'sessiontoken', 'authkey', 'apisecret', 'connectionstring',
];

/** A node of the names and suffixes spelled backwards: a key is read from its last character. */
interface Trie {
  next: Map<number, Trie>;
  /** A whole name ends here (the key must start here). */
  name: boolean;
  /** A suffix ends here (any key ending so is a secret's). */
  suffix: boolean;
}

function node(): Trie {
  return { next: new Map(), name: false, suffix: false };
}

const TRIE = node();
for (const [list, kind] of [[SECRET_NAMES, 'name'], [SECRET_SUFFIXES, 'suffix']] as const) {
  for (const word of list) {
    let t = TRIE;
    for (let i = word.length - 1; i >= 0; i--) {
      const c = word.charCodeAt(i);
      let n = t.next.get(c);
      if (n === undefined) t.next.set(c, (n = node()));
      t = n;
    }
    t[kind] = true;
  }
}

/**
 * Whether `s[b, e)` is a secret's key name (`-`, `_` and `.` ignored, any case), read backwards
 * through {@link TRIE}: most keys (`city`, `units`) are turned down after a character or two,
 * with no copy made.
 */
function secretKeyAt(s: string, b: number, e: number): boolean {
  let t: Trie | undefined = TRIE;
  for (let i = e - 1; i >= b; i--) {
    let c = s.charCodeAt(i);
    if (c === 95 || c === 45 || c === 46) continue;
    if (c >= 65 && c <= 90) c += 32;
    t = t.next.get(c);
    if (t === undefined) return false;
    if (t.suffix) return true;
    if (t.name) {
      let j = i - 1;
      while (j >= b && (s.charCodeAt(j) === 95 || s.charCodeAt(j) === 45 || s.charCodeAt(j) === 46)) j--;
      if (j < b) return true;
    }
  }
  return false;
}

/** Normalizes a key name as the rules compare it: lower case, without `-`, `_` and `.`. */
export function normalizeKeyName(k: string): string {
  return k.toLowerCase().replace(/[-_.]/g, '');
}

// Character codes.
const COLON = 58;
const EQUALS = 61;
const QUOTE = 34;
const APOS = 39;
const BACKSLASH = 92;

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
/** Characters of a key name (`x-api-key`, `AWS_SECRET_ACCESS_KEY`, `connect.sid`). */
function isKeyChar(c: number): boolean {
  return isAlnum(c) || c === 95 || c === 45 || c === 46;
}
/** Characters of a token (`ghp_...`, `sk-proj-...`, `SG.xxx.yyy`, a JWT). */
function isTokenChar(c: number): boolean {
  return isAlnum(c) || c === 95 || c === 45 || c === 46;
}
/** Where an unquoted value ends. */
function endsValue(c: number): boolean {
  return c <= 32 || c === QUOTE || c === APOS || c === 44 || c === 59 || c === 38 || c === 125 || c === 93 || c === 41 || c === 60 || c === 62 || c === BACKSLASH;
}

/** Ranges to redact, as [start, end) pairs; merged when the string is rebuilt. */
type Ranges = number[];

/** Tokens with a known prefix, matched on a whole token (the run of letters, digits, `_`, `-`, `.` around a `_` or `-`). */
const PREFIXED = new RegExp('^(?:' + [
  'gh[pousr]_[A-Za-z0-9]{30,}', // GitHub classic
  'github_pat_[A-Za-z0-9_]{40,}', // GitHub fine-grained
  'gl(?:pat|ptt|dt|rt|cbt|ft)-[A-Za-z0-9_-]{20,}', // GitLab
  'xox[abporse]-[A-Za-z0-9-]{10,}', 'xapp-[0-9]-[A-Za-z0-9-]{10,}', // Slack
  '[sr]k_(?:live|test)_[A-Za-z0-9]{10,}', // Stripe
  'sk-[A-Za-z0-9_-]{20,}', // OpenAI (sk-, sk-proj-, sk-svcacct-, sk-admin-), Anthropic (sk-ant-), OpenRouter, DeepSeek
  'hf_[A-Za-z0-9]{30,}', 'gsk_[A-Za-z0-9]{40,}', 'r8_[A-Za-z0-9]{30,}', 'xai-[A-Za-z0-9]{40,}', 'pplx-[A-Za-z0-9]{40,}', 'nvapi-[A-Za-z0-9_-]{40,}',
  'npm_[A-Za-z0-9]{36,}', 'pypi-[A-Za-z0-9_-]{50,}', 'do[por]_v1_[a-f0-9]{64}', 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}',
  'key-[0-9a-z]{32}', 'sq0(?:atp|csp)-[0-9A-Za-z_-]{22,}', 'lin_(?:api|oauth)_[A-Za-z0-9]{40,}', 'secret_[A-Za-z0-9]{43}', 'ntn_[A-Za-z0-9]{40,}',
  'gl(?:sa|c)_[A-Za-z0-9_=+/-]{30,}',
  'AIza[0-9A-Za-z_-]{35}', 'ya29\\.[0-9A-Za-z_-]{20,}', // Google
  'SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}', // SendGrid
  'eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}', // JWT
  '[MN][A-Za-z0-9]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}', // Discord bot token
].join('|') + ')');

/** Whether a short string has any character a secret shape starts from (one pass; long strings search each character instead). */
const TRIGGERS = /[:=_\-@ABJMNS]/;

/** Tokens found from a capital or a `J` (they may hold no `_` or `-`): AWS key ids, Google keys, Twilio keys, JWTs. */
const AWS_ID = /(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z2-7]{16}/y;
const TWILIO = /SK[0-9a-fA-F]{32}/y;
const SCHEME = /(?:Bearer|Basic|Token|ApiKey|Digest|Negotiate|bearer|basic|token)[ \t]+/y;

/**
 * The same string when it holds no secret (the same object, so callers can tell), else a copy
 * with each secret replaced by `[REDACTED]`. `extra` are the user's own patterns (global
 * regexes; their matches are replaced whole, after the built-in rules). Never throws.
 */
export function redactSecrets(s: string, extra?: readonly RegExp[]): string {
  let out = s;
  if (s.length >= 8 && (s.length > 256 || TRIGGERS.test(s))) {
    const ranges: Ranges = [];
    if (s.indexOf(':') >= 0 || s.indexOf('=') >= 0) separators(s, ranges);
    if (s.indexOf('_') >= 0 || s.indexOf('-') >= 0) tokens(s, ranges);
    capitals(s, ranges);
    if (ranges.length > 0) out = rebuild(s, ranges);
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

/**
 * The first position after `from` holding character `a` (code `ca`) or `b`, given the last
 * known positions of each (`i`, `j`: -1 when there is none left): each found with `indexOf` (a
 * vectorized search) and searched again only once passed, so a string is read once per character.
 */
function nextOf(s: string, a: string, b: string, pos: Int32Array, from: number): number {
  if (pos[0]! >= 0 && pos[0]! <= from) pos[0] = s.indexOf(a, from + 1);
  if (pos[1]! >= 0 && pos[1]! <= from) pos[1] = s.indexOf(b, from + 1);
  const i = pos[0]!;
  const j = pos[1]!;
  return i < 0 ? j : j < 0 ? i : i < j ? i : j;
}
const cursor = new Int32Array(2);

/** Each `:` and `=`: a URL's credentials, a Telegram bot token, or a secret-named key's value. */
function separators(s: string, ranges: Ranges): void {
  cursor[0] = s.indexOf(':');
  cursor[1] = s.indexOf('=');
  for (let p = nextOf(s, ':', '=', cursor, -1); p >= 0; p = nextOf(s, ':', '=', cursor, p)) {
    const c = s.charCodeAt(p);
    if (c === COLON && s.charCodeAt(p + 1) === 47 && s.charCodeAt(p + 2) === 47) {
      p = urlCredentials(s, p, ranges);
      continue;
    }
    if (c === COLON && telegram(s, p, ranges)) continue;
    p = assignment(s, p, ranges);
  }
}

/** `scheme://user:password@host`: the password (or a token-like user with no password); returns where to go on. */
function urlCredentials(s: string, p: number, ranges: Ranges): number {
  let b = p;
  while (b > 0 && (isAlnum(s.charCodeAt(b - 1)) || s.charCodeAt(b - 1) === 43 || s.charCodeAt(b - 1) === 46 || s.charCodeAt(b - 1) === 45)) b--;
  if (b === p) return p;
  const start = p + 3;
  let colon = -1;
  let e = start;
  for (; e < s.length && e - start < 512; e++) {
    const c = s.charCodeAt(e);
    if (c === 64) break; // @
    if (c <= 32 || c === 47 || c === 63 || c === 35 || c === QUOTE || c === APOS || c === BACKSLASH) {
      // The authority ended (/ ? #) with no credentials; a webhook whose path is its secret?
      webhook(s, start, ranges);
      return e - 1;
    }
    if (c === COLON && colon < 0) colon = e;
  }
  if (e >= s.length || s.charCodeAt(e) !== 64) {
    // No credentials; a webhook whose path is its secret?
    webhook(s, start, ranges);
    return p + 2;
  }
  if (colon >= 0) {
    if (e > colon + 1) ranges.push(colon + 1, e);
  } else if (tokenLike(s.slice(start, e))) ranges.push(start, e);
  return e;
}

/** Slack and Discord webhook URLs: the secret is the path. */
function webhook(s: string, start: number, ranges: Ranges): void {
  const rest = s.slice(start, start + 300);
  const m = /^(?:hooks\.slack\.com\/(?:services|workflows|triggers)\/|(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/)([A-Za-z0-9/_-]{10,})/.exec(rest);
  if (m) ranges.push(start + m[0].length - m[1]!.length, start + m[0].length);
}

/** A user name that is really a token: 16 characters or more, with digits and letters. */
function tokenLike(u: string): boolean {
  return u.length >= 16 && /[0-9]/.test(u) && /[A-Za-z]/.test(u) && /^[A-Za-z0-9_.~%+-]+$/.test(u);
}

/** `123456789:AA...` (a Telegram bot token, also inside `/bot<token>/`): the part after the colon. */
function telegram(s: string, p: number, ranges: Ranges): boolean {
  let b = p;
  while (b > 0 && p - b <= 16 && s.charCodeAt(b - 1) >= 48 && s.charCodeAt(b - 1) <= 57) b--;
  if (p - b < 5 || p - b > 16 || s.charCodeAt(p + 1) !== 65) return false; // digits, then ':A'
  let e = p + 1;
  while (e < s.length && e - p <= 40 && (isAlnum(s.charCodeAt(e)) || s.charCodeAt(e) === 95 || s.charCodeAt(e) === 45)) e++;
  if (e - p - 1 !== 35) return false;
  ranges.push(p + 1, e);
  return true;
}

/**
 * `key = value` around the separator at `p`, in every form agent traffic has (`password=x`,
 * `"api_key": "x"`, `API_KEY='x'`, `Password: x`, `?token=x&`, `Authorization: Bearer x`,
 * `Cookie: sessionid=x`): when the key is a secret's name, its value. Returns where to go on.
 */
function assignment(s: string, p: number, ranges: Ranges): number {
  // The key, read backwards: spaces, a closing quote (maybe escaped), then the name.
  let e = p;
  while (e > 0 && isSpace(s.charCodeAt(e - 1))) e--;
  let keyQuoted = false;
  if (e > 0 && (s.charCodeAt(e - 1) === QUOTE || s.charCodeAt(e - 1) === APOS)) {
    keyQuoted = true;
    e--;
    if (e > 0 && s.charCodeAt(e - 1) === BACKSLASH) e--;
  }
  let b = e;
  while (b > 0 && e - b < 64 && isKeyChar(s.charCodeAt(b - 1))) b--;
  if (!secretKeyAt(s, b, e)) return p;
  const key = normalizeKeyName(s.slice(b, e));
  // The value: spaces, an opening quote (maybe escaped), then up to its end.
  let v = p + 1;
  if (s.charCodeAt(v) === EQUALS && s.charCodeAt(p) === EQUALS) return p + 1; // `==`: a comparison, not an assignment
  while (v < s.length && isSpace(s.charCodeAt(v))) v++;
  let quote = 0;
  if (s.charCodeAt(v) === BACKSLASH && (s.charCodeAt(v + 1) === QUOTE || s.charCodeAt(v + 1) === APOS)) v++;
  if (s.charCodeAt(v) === QUOTE || s.charCodeAt(v) === APOS) {
    quote = s.charCodeAt(v);
    v++;
  }
  if (key === 'authorization' || key === 'proxyauthorization') {
    SCHEME.lastIndex = v;
    if (SCHEME.exec(s) !== null) v = SCHEME.lastIndex;
  }
  let end = v;
  if (quote !== 0) {
    while (end < s.length && end - v < 4096 && s.charCodeAt(end) !== quote && !(s.charCodeAt(end) === BACKSLASH && s.charCodeAt(end + 1) === quote)) end++;
  } else {
    while (end < s.length && end - v < 4096 && !endsValue(s.charCodeAt(end))) end++;
  }
  if (end <= v) return p;
  const value = s.slice(v, end);
  if (value.startsWith(REDACTED) || value === 'null' || value === 'undefined') return end;
  // A cookie header's list (`Cookie: theme=dark; sessionid=...`): each pair is judged by its own name.
  if ((key === 'cookie' || key === 'setcookie') && value.indexOf('=') >= 0) return v;
  // In prose and YAML (`Secret: ...`, neither side quoted), only a credential-looking value:
  // six characters or more, not all lower-case letters ("the secret: enjoy it" stays).
  if (s.charCodeAt(p) === COLON && !keyQuoted && quote === 0 && (value.length < 6 || /^[a-z]+$/.test(value))) return end;
  ranges.push(v, end);
  return end;
}

/** Each `_` and `-`: the token around it, when it has a known prefix; a private key block at `-----BEGIN`. */
function tokens(s: string, ranges: Ranges): void {
  const n = s.length;
  cursor[0] = s.indexOf('_');
  cursor[1] = s.indexOf('-');
  for (let p = nextOf(s, '_', '-', cursor, -1); p >= 0; p = nextOf(s, '_', '-', cursor, p)) {
    const c = s.charCodeAt(p);
    if (c === 45 && s.startsWith('-----BEGIN', p)) {
      p = privateKey(s, p, ranges);
      continue;
    }
    let b = p;
    while (b > 0 && p - b < 600 && isTokenChar(s.charCodeAt(b - 1))) b--;
    let e = p + 1;
    while (e < n && e - b < 1200 && isTokenChar(s.charCodeAt(e))) e++;
    // Letters of the token's first word are its prefix: a token starts a word.
    let start = b;
    while (start < e && !isAlnum(s.charCodeAt(start))) start++;
    const m = PREFIXED.exec(s.slice(start, e));
    if (m !== null && !(start > 0 && isAlnum(s.charCodeAt(start - 1)))) ranges.push(start, start + m[0].length);
    p = e;
  }
}

/** A PEM/PGP/OpenSSH private key block, from its BEGIN line to its END line (or the string's end). */
function privateKey(s: string, p: number, ranges: Ranges): number {
  const head = /^-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----/.exec(s.slice(p, p + 80));
  if (head === null) return p + 4;
  const endMark = `-----END ${head[1]!}-----`;
  const end = s.indexOf(endMark, p + head[0].length);
  ranges.push(p, end < 0 ? s.length : end + endMark.length);
  return end < 0 ? s.length : end + endMark.length;
}

/** Tokens that may hold neither `_` nor `-`, found from their first letters: AWS ids and Google keys (`A`), Twilio (`SK`) and SendGrid (`SG.`) keys, Discord tokens (`M`, `N`), JWTs (`eyJ`), Bearer/Basic credentials (`B`). */
function capitals(s: string, ranges: Ranges): void {
  for (let i = s.indexOf('A'); i >= 0; i = s.indexOf('A', i + 1)) {
    if (i > 0 && isAlnum(s.charCodeAt(i - 1))) continue;
    AWS_ID.lastIndex = i;
    if (AWS_ID.test(s) && !isAlnum(s.charCodeAt(AWS_ID.lastIndex))) ranges.push(i, AWS_ID.lastIndex);
    else word(s, i, ranges);
  }
  for (let i = s.indexOf('SK'); i >= 0; i = s.indexOf('SK', i + 2)) {
    if (i > 0 && isAlnum(s.charCodeAt(i - 1))) continue;
    TWILIO.lastIndex = i;
    if (TWILIO.test(s) && !isAlnum(s.charCodeAt(TWILIO.lastIndex))) ranges.push(i, TWILIO.lastIndex);
  }
  for (let i = s.indexOf('SG.'); i >= 0; i = s.indexOf('SG.', i + 3)) {
    if (!(i > 0 && isAlnum(s.charCodeAt(i - 1)))) word(s, i, ranges);
  }
  // Discord bot tokens start with M or N and may hold no `_` or `-`.
  for (const c of ['M', 'N']) {
    for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) {
      if (!(i > 0 && isAlnum(s.charCodeAt(i - 1)))) word(s, i, ranges);
    }
  }
  for (let i = s.indexOf('J'); i >= 0; i = s.indexOf('J', i + 1)) {
    if (i >= 2 && s.charCodeAt(i - 1) === 121 && s.charCodeAt(i - 2) === 101 && !(i > 2 && isAlnum(s.charCodeAt(i - 3)))) word(s, i - 2, ranges);
  }
  for (let i = s.indexOf('B'); i >= 0; i = s.indexOf('B', i + 1)) {
    if (i > 0 && isAlnum(s.charCodeAt(i - 1))) continue;
    SCHEME.lastIndex = i;
    if (SCHEME.exec(s) === null) continue;
    const v = SCHEME.lastIndex;
    let e = v;
    while (e < s.length && !endsValue(s.charCodeAt(e))) e++;
    const cred = s.slice(v, e);
    // A credential has a digit or a symbol, or is long: "Basic arithmetic" is not one.
    if (cred.length >= 8 && (/[0-9._~+/=-]/.test(cred) || cred.length >= 24)) ranges.push(v, e);
  }
}

/** The token starting at `i`, when it is a known prefixed one (AIza..., a JWT). */
function word(s: string, i: number, ranges: Ranges): void {
  let e = i;
  while (e < s.length && e - i < 1200 && isTokenChar(s.charCodeAt(e))) e++;
  if (e - i < 20) return;
  const m = PREFIXED.exec(s.slice(i, e));
  if (m !== null) ranges.push(i, i + m[0].length);
}

/** The string with each range (merged where they overlap) replaced by `[REDACTED]`. */
function rebuild(s: string, ranges: Ranges): string {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i]!, ranges[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [b, e] of pairs) {
    if (e <= at) continue;
    const from = Math.max(b, at);
    out += s.slice(at, from) + (from === b ? REDACTED : '');
    at = e;
  }
  return out + s.slice(at);
}

/**
 * The secret rules: which credential shapes the default redaction knows, each with an id, its
 * family and the scanner rule it follows (gitleaks' default `config/gitleaks.toml` rule ids, or
 * a secretlint rule package). The regexes are ours, written and tested on our corpus
 * (`test/fixtures/secrets/`); the scan that runs them is in `secret-patterns.ts`.
 *
 * Every regex here is sticky (`y`) and bounded: it is tried at one position the scan found
 * (never searched through a string), so a hostile string cannot make it backtrack for long.
 * @module
 */

/** What kind of credential a rule finds. */
export type SecretFamily =
  | 'cloud' | 'ai-provider' | 'code-hosting' | 'saas' | 'payment' | 'messaging'
  | 'private-key' | 'jwt' | 'url-credentials' | 'assignment' | 'authorization' | 'cookie';

/** One rule of the default redaction. */
export interface SecretRule {
  /** Our id (stable; tests and `findSecrets()` name it). */
  readonly id: string;
  /** What kind of credential it finds. */
  readonly family: SecretFamily;
  /** The scanner rule it follows: a gitleaks rule id, or a secretlint rule package. */
  readonly ref: string;
}

/** A token recognised by its prefix (`ghp_`, `sk-`, ...), found from the `_` or `-` after the prefix. */
export interface PrefixRule extends SecretRule {
  /** The prefixes, each ending with the `_` or `-` that the scan looks for. */
  readonly prefixes: readonly string[];
  /** The whole token, tried where the prefix starts. */
  readonly re: RegExp;
  /** The body must look random (a digit, or both cases): `sk-learn-compatible` is not a key. */
  readonly random?: boolean;
}

/** Tokens recognised by their prefix. */
export const PREFIX_RULES: readonly PrefixRule[] = [
  // OpenAI (sk-, sk-proj-, sk-svcacct-, sk-admin-), Anthropic (sk-ant-api03-, sk-ant-admin01-),
  // OpenRouter (sk-or-v1-), DeepSeek and the many providers that copied the shape.
  { id: 'openai-anthropic-key', family: 'ai-provider', ref: 'gitleaks openai-api-key, anthropic-api-key, anthropic-admin-api-key; secretlint secretlint-rule-openai, secretlint-rule-anthropic', prefixes: ['sk-'], re: /sk-[A-Za-z0-9_-]{20,400}/y, random: true },
  { id: 'huggingface-token', family: 'ai-provider', ref: 'gitleaks huggingface-access-token, huggingface-organization-api-token', prefixes: ['hf_', 'api_'], re: /(?:hf_|api_org_)[A-Za-z0-9]{30,64}/y, random: true },
  { id: 'groq-key', family: 'ai-provider', ref: 'secretlint secretlint-rule-groq (gsk_)', prefixes: ['gsk_'], re: /gsk_[A-Za-z0-9]{40,64}/y },
  { id: 'replicate-token', family: 'ai-provider', ref: 'Replicate API token shape (r8_); gitleaks generic-api-key', prefixes: ['r8_'], re: /r8_[A-Za-z0-9]{30,64}/y },
  { id: 'xai-key', family: 'ai-provider', ref: 'xAI API key shape (xai-); gitleaks generic-api-key', prefixes: ['xai-'], re: /xai-[A-Za-z0-9]{40,100}/y },
  { id: 'perplexity-key', family: 'ai-provider', ref: 'gitleaks perplexity-api-key', prefixes: ['pplx-'], re: /pplx-[A-Za-z0-9]{40,64}/y },
  { id: 'nvidia-key', family: 'ai-provider', ref: 'NVIDIA API key shape (nvapi-); gitleaks generic-api-key', prefixes: ['nvapi-'], re: /nvapi-[A-Za-z0-9_-]{40,90}/y },
  { id: 'langsmith-key', family: 'ai-provider', ref: 'LangSmith key shape (lsv2_pt_, lsv2_sk_); gitleaks generic-api-key', prefixes: ['lsv2_'], re: /lsv2_[a-z]{2}_[A-Za-z0-9_]{30,90}/y },
  { id: 'pinecone-key', family: 'ai-provider', ref: 'Pinecone key shape (pcsk_); gitleaks generic-api-key', prefixes: ['pcsk_'], re: /pcsk_[A-Za-z0-9_]{40,120}/y },
  { id: 'tavily-key', family: 'ai-provider', ref: 'Tavily key shape (tvly-); gitleaks generic-api-key', prefixes: ['tvly-'], re: /tvly-[A-Za-z0-9-]{24,80}/y, random: true },
  { id: 'github-token', family: 'code-hosting', ref: 'gitleaks github-pat, github-oauth, github-app-token, github-refresh-token; secretlint secretlint-rule-github', prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], re: /gh[pousr]_[A-Za-z0-9]{20,255}/y },
  { id: 'github-fine-grained-pat', family: 'code-hosting', ref: 'gitleaks github-fine-grained-pat', prefixes: ['github_'], re: /github_pat_[A-Za-z0-9_]{22,255}/y },
  { id: 'gitlab-token', family: 'code-hosting', ref: 'gitleaks gitlab-pat, gitlab-pat-routable, gitlab-ptt, gitlab-deploy-token, gitlab-runner-authentication-token, gitlab-cicd-job-token, gitlab-feed-token, gitlab-incoming-mail-token, gitlab-kubernetes-agent-token, gitlab-oauth-app-secret, gitlab-scim-token, gitlab-feature-flag-client-token', prefixes: ['glpat-', 'glptt-', 'gldt-', 'glrt-', 'glcbt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glsoat-', 'glffct-'], re: /gl[a-z]{2,6}-[A-Za-z0-9_.-]{20,300}/y },
  { id: 'slack-token', family: 'messaging', ref: 'gitleaks slack-bot-token, slack-user-token, slack-app-token, slack-legacy-*, slack-config-*; secretlint secretlint-rule-slack', prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxo-', 'xoxe-', 'xapp-'], re: /(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,250}/y },
  { id: 'stripe-key', family: 'payment', ref: 'gitleaks stripe-access-token', prefixes: ['sk_', 'rk_', 'pk_'], re: /(?:[srp]k_(?:live|test|prod)_[A-Za-z0-9]{10,247}|sk_[A-Za-z0-9]{24,247})/y, random: true },
  { id: 'stripe-webhook-secret', family: 'payment', ref: 'Stripe webhook signing secret shape (whsec_); gitleaks generic-api-key', prefixes: ['whsec_'], re: /whsec_[A-Za-z0-9+/=]{24,100}/y },
  { id: 'square-token', family: 'payment', ref: 'gitleaks square-access-token', prefixes: ['sq0atp-', 'sq0csp-'], re: /sq0(?:atp|csp)-[A-Za-z0-9_-]{22,60}/y },
  { id: 'npm-token', family: 'code-hosting', ref: 'gitleaks npm-access-token; secretlint secretlint-rule-npm', prefixes: ['npm_'], re: /npm_[A-Za-z0-9]{36}/y },
  { id: 'pypi-token', family: 'code-hosting', ref: 'gitleaks pypi-upload-token', prefixes: ['pypi-'], re: /pypi-AgE[A-Za-z0-9_-]{50,1000}/y },
  { id: 'docker-pat', family: 'code-hosting', ref: 'secretlint secretlint-rule-docker (dckr_pat_)', prefixes: ['dckr_'], re: /dckr_pat_[A-Za-z0-9_-]{27,80}/y },
  { id: 'digitalocean-token', family: 'cloud', ref: 'gitleaks digitalocean-pat, digitalocean-access-token, digitalocean-refresh-token', prefixes: ['dop_', 'doo_', 'dor_'], re: /do[opr]_v1_[a-f0-9]{64}/y },
  { id: 'gcp-oauth-client-secret', family: 'cloud', ref: 'Google OAuth client secret shape (GOCSPX-); gitleaks generic-api-key', prefixes: ['GOCSPX-'], re: /GOCSPX-[A-Za-z0-9_-]{28}/y },
  { id: 'heroku-key', family: 'cloud', ref: 'gitleaks heroku-api-key-v2', prefixes: ['HRKU-'], re: /HRKU-[A-Za-z0-9_-]{58,64}/y },
  { id: 'supabase-key', family: 'cloud', ref: 'Supabase token shapes (sbp_, sb_secret_); gitleaks generic-api-key', prefixes: ['sbp_', 'sb_'], re: /(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,80})/y },
  { id: 'flyio-token', family: 'cloud', ref: 'gitleaks flyio-access-token', prefixes: ['fo1_', 'fm1a_', 'fm1r_', 'fm2_'], re: /(?:fo1_[A-Za-z0-9_-]{43}|fm(?:1[ar]|2)_[A-Za-z0-9+/=]{100,2000})/y },
  { id: 'tailscale-key', family: 'cloud', ref: 'Tailscale key shape (tskey-); gitleaks generic-api-key', prefixes: ['tskey-'], re: /tskey-[A-Za-z0-9-]{20,120}/y, random: true },
  { id: 'shopify-token', family: 'saas', ref: 'gitleaks shopify-access-token, shopify-custom-access-token, shopify-private-app-access-token, shopify-shared-secret', prefixes: ['shpat_', 'shpca_', 'shppa_', 'shpss_'], re: /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}/y },
  { id: 'mailgun-key', family: 'messaging', ref: 'gitleaks mailgun-private-api-token', prefixes: ['key-'], re: /key-[a-f0-9]{32}/y },
  { id: 'linear-key', family: 'saas', ref: 'gitleaks linear-api-key', prefixes: ['lin_'], re: /lin_(?:api|oauth)_[A-Za-z0-9]{40}/y },
  { id: 'notion-token', family: 'saas', ref: 'gitleaks notion-api-token (ntn_) and the older secret_ integration token', prefixes: ['ntn_', 'secret_'], re: /(?:ntn_[A-Za-z0-9]{40,50}|secret_[A-Za-z0-9]{43})/y },
  { id: 'postman-key', family: 'saas', ref: 'gitleaks postman-api-token', prefixes: ['PMAK-'], re: /PMAK-[a-f0-9]{24}-[a-f0-9]{34}/y },
  { id: 'sentry-token', family: 'saas', ref: 'gitleaks sentry-org-token, sentry-user-token', prefixes: ['sntrys_', 'sntryu_'], re: /sntry[su]_[A-Za-z0-9+/=_]{40,400}/y },
  { id: 'grafana-token', family: 'saas', ref: 'gitleaks grafana-service-account-token, grafana-cloud-api-token', prefixes: ['glsa_', 'glc_'], re: /gl(?:sa|c)_[A-Za-z0-9+/=_]{32,400}/y },
  { id: 'figma-token', family: 'saas', ref: 'secretlint secretlint-rule-figma (figd_)', prefixes: ['figd_'], re: /figd_[A-Za-z0-9_-]{40,80}/y },
  { id: 'age-secret-key', family: 'private-key', ref: 'gitleaks age-secret-key', prefixes: ['AGE-'], re: /AGE-SECRET-KEY-1[0-9A-Z]{58}/y },
  { id: '1password-service-token', family: 'saas', ref: 'gitleaks 1password-service-account-token', prefixes: ['ops_'], re: /ops_eyJ[A-Za-z0-9+/=]{100,2000}/y },
];

/** Rules found from a capital letter or `Q~`, or at a separator (`:`, `=`, `://`, `-----BEGIN`); see `secret-patterns.ts`. */
export const OTHER_RULES: readonly SecretRule[] = [
  { id: 'aws-access-key-id', family: 'cloud', ref: 'gitleaks aws-access-token; secretlint secretlint-rule-aws (AWSAccessKeyID)' },
  { id: 'gcp-api-key', family: 'cloud', ref: 'gitleaks gcp-api-key; secretlint secretlint-rule-gcp' },
  { id: 'gcp-oauth-token', family: 'cloud', ref: 'Google OAuth 2.0 access token shape (ya29.); gitleaks generic-api-key' },
  { id: 'azure-ad-client-secret', family: 'cloud', ref: 'gitleaks azure-ad-client-secret; secretlint secretlint-rule-azure (AzureClientSecret)' },
  { id: 'twilio-api-key', family: 'messaging', ref: 'gitleaks twilio-api-key' },
  { id: 'sendgrid-api-key', family: 'messaging', ref: 'gitleaks sendgrid-api-token; secretlint secretlint-rule-sendgrid' },
  { id: 'discord-bot-token', family: 'messaging', ref: 'gitleaks discord-api-token, discord-client-secret (the bot token shape, found without the keyword)' },
  { id: 'telegram-bot-token', family: 'messaging', ref: 'gitleaks telegram-bot-api-token' },
  { id: 'webhook-url', family: 'messaging', ref: 'gitleaks slack-webhook-url, microsoft-teams-webhook, discord webhook URLs; secretlint secretlint-rule-slack' },
  { id: 'private-key', family: 'private-key', ref: 'gitleaks private-key; secretlint secretlint-rule-privatekey (PEM, PGP, OpenSSH; escaped \\n as in a GCP service-account JSON)' },
  { id: 'jwt', family: 'jwt', ref: 'gitleaks jwt' },
  { id: 'url-credentials', family: 'url-credentials', ref: 'secretlint secretlint-rule-basicauth, secretlint-rule-database-connection-string (postgres, mysql, mongodb, redis, amqp, ...)' },
  { id: 'secret-assignment', family: 'assignment', ref: 'gitleaks generic-api-key, database-password; secretlint secretlint-rule-aws (AWSSecretAccessKey), secretlint-rule-azure (AccountKey, SharedAccessKey, sig)' },
  { id: 'authorization-header', family: 'authorization', ref: 'gitleaks curl-auth-header (Authorization: Bearer/Basic/Token/ApiKey/Bot/Digest/AWS4-HMAC-SHA256)' },
  { id: 'bearer-credential', family: 'authorization', ref: 'gitleaks curl-auth-header (a Bearer or Basic credential anywhere in text)' },
  { id: 'cookie', family: 'cookie', ref: 'gitleaks gitlab-session-cookie, generic-api-key (Cookie / Set-Cookie values, session ids)' },
];

/** Every rule of the default redaction (for documentation and tests). */
export const SECRET_RULES: readonly SecretRule[] = [...PREFIX_RULES, ...OTHER_RULES];

const RULE_INDEX = new Map(SECRET_RULES.map((r, i) => [r.id, i]));

/** A rule's index in {@link SECRET_RULES} (how the scan records which rule found a secret). */
export function ruleIndex(id: string): number {
  const i = RULE_INDEX.get(id);
  if (i === undefined) throw new Error(`no secret rule "${id}"`);
  return i;
}

// The characters the rules are made of (as char codes, read with charCodeAt).
export const QUOTE = 34, APOS = 39, BACKTICK = 96, BACKSLASH = 92, COLON = 58, EQUALS = 61, SLASH = 47;
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** A character of a token (`ghp_...`, `sk-proj-...`). */
export const isTok = (c: number): boolean => isAlnum(c) || c === 95 || c === 45;
export const isSpace = (c: number): boolean => c === 32 || c === 9;
export const isQuote = (c: number): boolean => c === QUOTE || c === APOS || c === BACKTICK;

/**
 * Where the run matched by `run` (a sticky regex `[...]{0,n}`) from `from` ends. Long runs (a
 * JWT, a base64 blob) are measured by the regex engine, several times faster than a
 * `charCodeAt` loop.
 */
export function runEnd(run: RegExp, s: string, from: number): number {
  run.lastIndex = from;
  return run.test(s) ? run.lastIndex : from;
}

/** A run of token characters (`[A-Za-z0-9_-]`). */
export const TOKEN_RUN = /[A-Za-z0-9_-]{0,4096}/y;

/** What a secret-looking key name means for its value. */
export enum NameKind {
  /** Not a secret's name. */
  None = 0,
  /** The value is a secret. */
  Secret = 1,
  /** A token's name: a whole number after it is a count (`token: 42`), not a secret. */
  Token = 2,
  /**
   * A short name that also means other things (`pass`, `auth`, `session`, `sid`, `sig`): its
   * value must look like a credential (`pass=12 fail=0` and `auth=ok` are a test run and a log).
   */
  Weak = 7,
  /** `pwd`: a path after it is a working directory (`PWD=/home/app`), not a password. */
  Pwd = 3,
  /** `Authorization`: an optional scheme, then the credential. */
  Authorization = 4,
  /** `Cookie`: every `name=value` pair's value. */
  Cookie = 5,
  /** `Set-Cookie`: the first pair's value (the attributes after it are not secret). */
  SetCookie = 6,
}

/** Whole names (normalized: lower case, `-` `_` `.` dropped) whose value is a secret. */
const NAMES = new Map<string, NameKind>([
  ['pass', NameKind.Weak], ['pw', NameKind.Weak], ['pwd', NameKind.Pwd], ['oldpwd', NameKind.Pwd],
  ['auth', NameKind.Weak], ['sid', NameKind.Weak], ['session', NameKind.Weak], ['connectsid', NameKind.Secret],
  ['sig', NameKind.Weak], ['xamzsignature', NameKind.Secret], ['sharedaccesssignature', NameKind.Secret],
  ['privatekeyid', NameKind.Secret], ['jwt', NameKind.Secret],
  ['authorization', NameKind.Authorization], ['proxyauthorization', NameKind.Authorization],
  ['cookie', NameKind.Cookie], ['setcookie', NameKind.SetCookie],
]);

/** Name endings that make a name a secret's (`dbPassword`, `GITHUB_TOKEN`, `AccountKey`, `x-api-key`). */
const SUFFIXES: ReadonlyArray<readonly [string, NameKind]> = [
  ['password', NameKind.Secret], ['passwd', NameKind.Secret], ['passphrase', NameKind.Secret], ['secret', NameKind.Secret],
  ['token', NameKind.Token], ['apikey', NameKind.Secret], ['accesskey', NameKind.Secret], ['secretkey', NameKind.Secret],
  ['privatekey', NameKind.Secret], ['accountkey', NameKind.Secret], ['signingkey', NameKind.Secret], ['masterkey', NameKind.Secret],
  ['encryptionkey', NameKind.Secret], ['licensekey', NameKind.Secret], ['subscriptionkey', NameKind.Secret],
  ['credential', NameKind.Secret], ['credentials', NameKind.Secret], ['sessionid', NameKind.Secret], ['sessid', NameKind.Secret],
  ['session', NameKind.Weak],
  ['applicationkey', NameKind.Secret], ['appkey', NameKind.Secret], ['oauth', NameKind.Secret], ['basicauth', NameKind.Secret],
];

/**
 * What a key name in text means (`password`, `AWS_SECRET_ACCESS_KEY`, `"x-api-key"`,
 * `Authorization`); `input_tokens` or `max_tokens` end in `tokens` and are not secrets' names.
 */
export function nameKind(name: string): NameKind {
  const n = name.toLowerCase().replace(/[-_.]/g, '');
  const whole = NAMES.get(n);
  if (whole !== undefined) return whole;
  for (let i = 0; i < SUFFIXES.length; i++) {
    const [suffix, kind] = SUFFIXES[i]!;
    if (n.endsWith(suffix)) return kind;
  }
  return NameKind.None;
}

/**
 * The last two letters (lower case, as `previous << 8 | last`) of every name {@link nameKind}
 * accepts: a name ending otherwise is turned down at once. One letter let most keys of JSON
 * through (`city`, `day`, `summary` end in the `y` of `key`); two turn down nearly all.
 */
export const NAME_ENDINGS: ReadonlySet<number> = new Set(
  [...NAMES.keys(), ...SUFFIXES.map(([s]) => s)].map((w) => (w.charCodeAt(w.length - 2) << 8) | w.charCodeAt(w.length - 1)),
);

/** `Authorization` schemes kept in front of the credential (lower case). */
export const AUTH_SCHEMES: ReadonlySet<string> = new Set([
  'bearer', 'basic', 'token', 'apikey', 'api-key', 'bot', 'digest', 'negotiate', 'ntlm', 'aws4-hmac-sha256', 'ssws',
  'dpop', 'mac', 'hawk', 'oauth', 'key', 'gitlab-token', 'klaviyo-api-key',
]);

/** Schemes whose credential is a list of parameters (`Digest username="a", response="..."`): all of it is redacted. */
export const PARAM_SCHEMES: ReadonlySet<string> = new Set(['digest', 'aws4-hmac-sha256', 'oauth', 'hawk', 'mac']);

/**
 * Values that stand for a secret without being one: masks, templates, variables, SQL bind
 * parameters, booleans and type names (`password: string` in code).
 */
const PLACEHOLDER = new RegExp('^(?:' + [
  '\\*+', 'x{3,}', '\\.{3}', '•+', '\\?', '<[^<>]*>', '\\$\\{.*', '\\$\\(.*', '\\{\\{.*', '\\$[A-Za-z_]\\w*',
  '\\{[A-Za-z_][\\w.]*\\}', '%[A-Za-z_]\\w*%', '%s', '%\\(\\w+\\)s', ':[A-Za-z_]\\w*', '@[A-Za-z_]\\w*', '\\[REDACTED\\]', 'REDACTED',
  'true', 'false', 'null', 'nil', 'none', 'undefined', 'yes', 'no', 'on', 'off', 'required', 'optional',
  'string', 'str', 'number', 'int', 'bool', 'boolean', 'bytes', 'any', 'unknown', 'object', 'secretstr',
  '(?:Optional|Union|List|Dict|Literal|Annotated|Secret)\\[.*',
].join('|') + ')$', 'i');

/**
 * Code that reads a secret from somewhere else rather than holding it: a call (`getpass()`,
 * `z.string()`), a property path without digits (`process.env.DB_PASSWORD`, `user.password`,
 * `os.environ[`), an object or list literal, or a parenthesis (`password: (not set)`).
 */
const CODE_REFERENCE = /^(?:[A-Za-z_$][\w$.]*\(|[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][A-Za-z_$]*)+\[?$|[A-Za-z_$][\w$]*\[|[{[(])/;

/** Whether a value found after a secret's name is a real value, not a placeholder or a reference. */
export function isRealValue(v: string, kind: NameKind): boolean {
  if (v.length === 0) return false;
  const c0 = v.charCodeAt(0);
  if (kind === NameKind.Pwd && (c0 === 47 || c0 === 126)) return false; // '/' or '~': a directory
  if (DIGITS_ONLY.test(v)) return kind !== NameKind.Token; // `token: 42` is a count
  // Most secrets start with a letter or digit (not an `x` of `xxx`), hold no `( [ . {` and are
  // not all letters: they are real without running the regexes below.
  const plain = isAlnum(c0) && c0 !== 120 && c0 !== 88;
  const notWord = NOT_WORD.test(v);
  if (plain && notWord && !CODE_CHAR.test(v)) return true;
  if (PLACEHOLDER.test(v) || CODE_REFERENCE.test(v)) return false;
  // A variable named like a secret (`api_key=api_key`, `password: password`): code, not a value.
  if (!notWord && nameKind(v) !== NameKind.None) return false;
  return true;
}

const DIGITS_ONLY = /^[0-9]+$/;
const NOT_WORD = /[^A-Za-z_]/;
const CODE_CHAR = /[([.{]/;

/**
 * Whether a value in prose looks like a credential rather than a word: 6 or more characters
 * with a digit, a symbol or a capital after a small letter (`hunter2`, `dXNlcjpwYXNz`), or 20
 * or more of anything (`pending`, `tomorrow`, `Thursday` are words).
 */
export function looksLikeCredential(v: string): boolean {
  if (v.length >= 20) return true;
  if (v.length < 6) return false;
  let lower = false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      if (lower) return true;
    } else if (c >= 97 && c <= 122) lower = true;
    else return true; // a digit or a symbol
  }
  return false;
}

/** Whether a token body (`s` from `from`) looks random: a digit and a letter, or both cases (`sk-learn-compatible` does not). */
export function looksRandom(s: string, from: number): boolean {
  const body = from === 0 ? s : s.slice(from);
  const digit = /[0-9]/.test(body);
  const upper = /[A-Z]/.test(body);
  const lower = /[a-z]/.test(body);
  return (digit && (upper || lower)) || (upper && lower);
}

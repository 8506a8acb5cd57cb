/**
 * The default redaction on the secret corpus (`test/fixtures/secrets/`): every positive loses
 * its secret and keeps its context, every negative comes out unchanged, and every rule finds
 * at least one positive. Detection and false-positive rates are printed; the test passes only at
 * 100% and 0%.
 */
import { expect } from 'chai';
import { REDACTED, SECRET_RULES, defaultConfig, redactSecrets } from '../../src/index.js';
import { Sanitizer } from '../../src/sanitize.js';
import { findSecrets } from '../../src/secret-patterns.js';
import fc from 'fast-check';
import { CORPUS_SEED, negatives, positives } from '../fixtures/secrets/corpus.js';
import { check } from '../fuzz/fuzz-helpers.js';

const sanitizer = (): Sanitizer => new Sanitizer({ ...defaultConfig(), maxStringBytes: 1 << 20 });

describe('core: secret redaction on the corpus', () => {
  const pos = positives();
  const neg = negatives();

  it('has at least 100 positive and 100 negative samples', () => {
    expect(pos.length).to.be.at.least(100);
    expect(neg.length).to.be.at.least(100);
  });

  it('removes every secret and keeps its context (detection rate 100%)', () => {
    const s = sanitizer();
    const missed: string[] = [];
    const families = new Map<string, number>();
    for (const p of pos) {
      const out = s.string(p.text);
      const ok = !out.includes(p.secret) && out.includes(REDACTED) && p.keep.every((k) => out.includes(k));
      if (!ok) missed.push(`[${p.family}] ${JSON.stringify(p.text)}\n      -> ${JSON.stringify(out)}`);
      families.set(p.family, (families.get(p.family) ?? 0) + 1);
    }
    const rate = (100 * (pos.length - missed.length)) / pos.length;
    console.log(`      detection: ${pos.length - missed.length}/${pos.length} = ${rate.toFixed(1)}% over ${families.size} families (seed ${CORPUS_SEED})`);
    expect(missed, `missed or context lost:\n    ${missed.join('\n    ')}`).to.deep.equal([]);
  });

  it('leaves every negative unchanged (false-positive rate 0%)', () => {
    const s = sanitizer();
    const hit: string[] = [];
    for (const n of neg) {
      const out = s.string(n.text);
      if (out !== n.text) hit.push(`[${n.kind}] ${JSON.stringify(n.text)}\n      -> ${JSON.stringify(out)} (${findSecrets(n.text).map((m) => m.rule).join(', ')})`);
    }
    console.log(`      false positives: ${hit.length}/${neg.length} = ${((100 * hit.length) / neg.length).toFixed(1)}%`);
    expect(hit, `changed:\n    ${hit.join('\n    ')}`).to.deep.equal([]);
  });

  it('returns the same string object when nothing is found', () => {
    for (const n of neg) expect(redactSecrets(n.text) === n.text, n.text).to.equal(true);
  });

  it('names a known rule for every secret found, and every rule finds at least one positive', () => {
    const ids = new Set(SECRET_RULES.map((r) => r.id));
    const used = new Set<string>();
    for (const p of pos) {
      const found = findSecrets(p.text);
      expect(found.length, p.text).to.be.above(0);
      for (const m of found) {
        expect(ids.has(m.rule), m.rule).to.equal(true);
        expect(m.end, p.text).to.be.above(m.start);
        used.add(m.rule);
      }
    }
    expect([...ids].filter((id) => !used.has(id)), 'rules no positive exercises').to.deep.equal([]);
  });

  it('is the same for other seeds of fake secrets', () => {
    for (const seed of [1, 2, 3]) {
      for (const p of positives(seed)) {
        const out = redactSecrets(p.text);
        expect(out.includes(p.secret), `seed ${seed}: ${p.text} -> ${out}`).to.equal(false);
      }
    }
  });

  it('a secret inside a long text is found wherever it sits, and the text around it is kept', () => {
    const prose = neg.filter((n) => n.kind === 'prose').map((n) => n.text).join(' ');
    for (const p of pos.filter((_, i) => i % 7 === 0)) {
      const text = `${prose}\n${p.text}\n${prose}`;
      const out = redactSecrets(text);
      expect(out.includes(p.secret), p.text).to.equal(false);
      expect(out.startsWith(prose + '\n'), p.text).to.equal(true);
      expect(out.endsWith('\n' + prose), p.text).to.equal(true);
    }
  });
});

describe('core: the scan\'s shortcut for short strings', () => {
  // Strings of 64 characters or fewer with none of the characters the scanners start from are
  // passed over with one test. Padding a string past 64 characters takes that shortcut away, so
  // the two must find the same secrets (a rule found from a character missing from the shortcut's
  // set would make them differ).
  // Line ends: no value, credential or key name runs over one (a space would extend a quoted value).
  const PAD = '\n'.repeat(65);
  const found = (s: string, len: number): string[] => findSecrets(s).filter((m) => m.start < len).map((m) => `${m.start}-${Math.min(m.end, len)}-${m.rule}`);
  const same = (s: string): void => {
    expect(found(s, s.length), JSON.stringify(s)).to.deep.equal(found(s + PAD, s.length));
  };

  it('finds in every short piece of the corpus what the full scan finds', () => {
    const texts = [...positives().flatMap((p) => [p.text, p.secret]), ...negatives().map((n) => n.text)];
    let short = 0;
    let withSecret = 0;
    for (const t of texts) {
      for (let len = 8; len <= 64; len += 8) {
        for (let at = 0; at + len <= Math.max(t.length, len); at += 5) {
          const piece = t.slice(at, at + len);
          same(piece);
          short++;
          if (findSecrets(piece + PAD).length > 0) withSecret++;
        }
      }
    }
    expect(short).to.be.above(10_000);
    expect(withSecret).to.be.above(500); // the pieces do hold secrets the shortcut must not pass over
  });

  it('finds a short secret that holds only one of the characters the scanners start from', () => {
    // Each holds the one character its scanner starts from and none of the others.
    const minimal = [
      'abc8Q~abcdefghij0123456789abcdefghij012', // Azure AD client secret: only `~`
      'ya29.abcdefghij0123456789ab', // Google OAuth token: only `.`
      'SK0123456789abcdef0123456789abcdef', // Twilio key: only `S`
      'AKIA2345672345672345', // AWS key id: only `A`
      'Bearer abc123def456', // Bearer credential: only `B`
    ];
    for (const t of minimal) {
      expect(findSecrets(t + PAD), t).to.have.length.above(0);
      same(t);
    }
  });

  it('finds the same in random short strings made of secrets\' pieces, separators and other characters', () => {
    const pieces = ['ghp_', 'sk-', 'sk-ant-', 'xoxb-', 'AKIA', 'ASIA', 'AIza', 'eyJ', 'ya29.', 'Q~', 'SK', 'SG.', 'Bearer ', 'Basic ',
      'password=', 'token: ', 'api_key', '"secret":"', 'https://u:', '@h', 'N', 'M', '-----BEGIN ', 'PRIVATE KEY-----',
      'abcdef0123456789', 'QWERTYUIOPZXCVBN', 'a1B2c3D4e5F6g7H8', '.', '~', '_', '-', ':', '=', ' ', '/', '+', 'é', '\\n'];
    check('short-string shortcut', fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
      const s = parts.join('').slice(0, 64);
      same(s);
    }), 3000);
  });
});

describe('core: secret redaction, API and hostile input', () => {
  it('keeps the context of each form (every cookie value is redacted, the names kept)', () => {
    const cases: Array<[string, string]> = [
      ['password=hunter2&user=bob', `password=${REDACTED}&user=bob`],
      ['Authorization: Bearer abcdef1234567890XYZ', `Authorization: Bearer ${REDACTED}`],
      ['postgres://user:s3cr3t-pw@host/db', `postgres://user:${REDACTED}@host/db`],
      ['{"api_key": "abc123def456"}', `{"api_key": "${REDACTED}"}`],
      ['Cookie: sid=abc123; theme=dark', `Cookie: sid=${REDACTED}; theme=${REDACTED}`],
      ['Set-Cookie: sid=abc123; Path=/; HttpOnly', `Set-Cookie: sid=${REDACTED}; Path=/; HttpOnly`],
      ['export GITHUB_TOKEN="t0ken-value"', `export GITHUB_TOKEN="${REDACTED}"`],
    ];
    for (const [input, want] of cases) expect(redactSecrets(input), input).to.equal(want);
  });

  it('user patterns (redactPatterns) run after the default rules, with their own flags, in strings and in data', () => {
    const t = new Sanitizer({ ...defaultConfig(), redactPatterns: [/\bEMP-\d{6}\b/, /abc/] });
    expect(t.string('card EMP-123456 and password=hunter2 for ABC abc')).to.equal(`card ${REDACTED} and password=${REDACTED} for ABC ${REDACTED}`);
    const p = positives().find((x) => x.family === 'url-credentials')!;
    const out = t.data({ tool: { params: { note: p.text, list: [p.text] } }, staff: 'EMP-123456 on duty' })!;
    expect(JSON.stringify(out)).to.not.include(p.secret);
    expect(out['staff']).to.equal(`${REDACTED} on duty`);
    const plain = 'nothing to see here at all, just a sentence';
    expect(t.string(plain)).to.equal(plain);
    // Short strings with nothing a default rule starts from still meet the user's patterns.
    expect(t.string('my abc pin')).to.equal(`my ${REDACTED} pin`);
    expect(t.data({ list: ['zabcz', 'plain words'] })).to.deep.equal({ list: [`z${REDACTED}z`, 'plain words'] });
  });

  it('secret key names from the reference rules are redacted in data; usage counters are kept', () => {
    const s = new Sanitizer(defaultConfig());
    const data = s.data({
      aws_secret_access_key: 'x', AccountKey: 'x', SharedAccessKey: 'x', private_key_id: 'x', connection_string: 'x', dsn: 'x',
      id_token: 'x', client_secret: 'x', signing_key: 'x', 'proxy-authorization': 'x',
      input_tokens: 1, output_tokens: 2, max_tokens: 3, total_tokens: 4, token_count: 5, key: 'cache:1', public_key: 'ssh-ed25519 AAAA',
    });
    expect(data).to.deep.equal({
      aws_secret_access_key: REDACTED, AccountKey: REDACTED, SharedAccessKey: REDACTED, private_key_id: REDACTED, connection_string: REDACTED, dsn: REDACTED,
      id_token: REDACTED, client_secret: REDACTED, signing_key: REDACTED, 'proxy-authorization': REDACTED,
      input_tokens: 1, output_tokens: 2, max_tokens: 3, total_tokens: 4, token_count: 5, key: 'cache:1', public_key: 'ssh-ed25519 AAAA',
    });
  });

  it('hostile strings (64 KiB of near-misses) never throw and keep what is not a secret', () => {
    const n = 64 * 1024;
    const hostile: Record<string, string> = {
      'sk-': 'sk-'.repeat(n / 3), 'pass=${': 'pass=${'.repeat(n / 7), '"password": "': '"password": "'.repeat(n / 14),
      '://': '://'.repeat(n / 3), eyJ: 'eyJ'.repeat(n / 3), 'eyJ.': ' eyJaaaaaaaaaa.'.repeat(n / 15), A: 'A'.repeat(n),
      Bearer: 'Bearer '.repeat(n / 7), BEGIN: '-----BEGIN '.repeat(n / 11), 'Cookie: a;': 'Cookie: ' + 'a; '.repeat(n / 3),
      colons: ':'.repeat(n), equals: '='.repeat(n), '_-': '_-'.repeat(n / 2), 'ghp_': 'ghp_'.repeat(n / 4),
      telegram: '123456789:A'.repeat(n / 11), 'Q~': 'Q~'.repeat(n / 2), SK: 'SK'.repeat(n / 2), 'SG.': 'SG.'.repeat(n / 3),
      ya29: 'ya29.'.repeat(n / 5), '29.': '29.'.repeat(n / 3),
      unicode: '🔑 password: '.repeat(n / 13), lone: '\uD800password=\uDFFF'.repeat(n / 12),
    };
    const unchanged = ['sk-', 'pass=${', '://', 'eyJ', 'eyJ.', 'A', 'BEGIN', 'colons', 'equals', '_-', 'ghp_', 'Q~', 'SK', 'SG.', 'ya29', '29.'];
    for (const [name, s] of Object.entries(hostile)) {
      const out = redactSecrets(s);
      expect(out, name).to.be.a('string');
      if (unchanged.includes(name)) expect(out === s, name).to.equal(true);
    }
  });
});

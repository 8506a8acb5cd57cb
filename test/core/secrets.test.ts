/**
 * The default redaction on a corpus of strings as they occur in agent traffic: every secret of
 * every family is removed with its context kept, and ordinary text (prose, ids, hashes, UUIDs,
 * URLs, code, numbers) comes out unchanged. The rates are printed.
 */
import { expect } from 'chai';
import { REDACTED, SECRET_RULES, defaultConfig } from '../../src/index.js';
import { Sanitizer } from '../../src/sanitize.js';
import { redactSecrets } from '../../src/secret-patterns.js';
import { buildCorpus } from '../fixtures/secrets/corpus.js';

describe('core: secrets in strings (the corpus)', () => {
  const { positives, negatives } = buildCorpus();
  const s = new Sanitizer({ ...defaultConfig(), maxStringBytes: 1 << 20 });

  it('has at least 100 positives and 100 negatives, over every rule family', () => {
    expect(positives.length).to.be.at.least(100);
    expect(negatives.length).to.be.at.least(100);
    expect(new Set(positives.map((p) => p.family)).size).to.be.at.least(SECRET_RULES.length);
  });

  it('removes every secret and keeps its context; changes no negative; reports the rates', () => {
    const missed: string[] = [];
    const lostContext: string[] = [];
    for (const p of positives) {
      const out = s.string(p.text);
      if (out.includes(p.secret) || !out.includes(REDACTED)) missed.push(`${p.family}: ${out}`);
      else if (!out.includes(p.keep)) lostContext.push(`${p.family}: ${out} (expected to keep ${JSON.stringify(p.keep)})`);
    }
    const falsePositives: string[] = [];
    for (const n of negatives) {
      const out = s.string(n.text);
      if (out !== n.text) falsePositives.push(`${n.kind}: ${n.text} -> ${out}`);
    }
    const detection = (positives.length - missed.length) / positives.length;
    const fp = falsePositives.length / negatives.length;
    console.log(`      secrets corpus: ${positives.length} positives, ${negatives.length} negatives; detection ${(100 * detection).toFixed(1)}%, false positives ${(100 * fp).toFixed(1)}%`);
    expect(missed, 'secrets left in place').to.deep.equal([]);
    expect(lostContext, 'context lost').to.deep.equal([]);
    expect(falsePositives, 'ordinary text changed').to.deep.equal([]);
  });

  it('returns the same string object when there is nothing to redact', () => {
    for (const n of negatives) expect(redactSecrets(n.text)).to.equal(n.text);
  });

  it('redacts in data too, at any depth, and the user patterns still apply after the built-in rules', () => {
    const t = new Sanitizer({ ...defaultConfig(), redactPatterns: [/\bEMP-\d{6}\b/] });
    const p = positives.find((x) => x.family === 'postgres url')!;
    const out = t.data({ tool: { params: { note: p.text, list: [p.text] } }, staff: 'EMP-123456 on duty' })!;
    expect(JSON.stringify(out)).to.not.include(p.secret);
    expect(out['staff']).to.equal(`${REDACTED} on duty`);
  });
});

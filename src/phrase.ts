/**
 * Message wording that repeats call after call (`Agent 'weather' calling model 'gpt-4o'`) kept as
 * the same string object while its parts repeat: the sanitizer's cache then finds it by identity
 * instead of hashing and comparing a new string, and the JSON line reuses its escaped text.
 * @module
 */

/** The last text built from up to three parts. */
export class Phrase {
  private a: string | undefined;
  private b: string | undefined;
  private c: string | undefined;
  private text = '';

  constructor(private readonly build: (a: string, b: string, c: string) => string) {}

  /** The text for these parts (built again only when a part changed). */
  of(a: string, b = '', c = ''): string {
    if (a !== this.a || b !== this.b || c !== this.c) {
      this.a = a;
      this.b = b;
      this.c = c;
      this.text = this.build(a, b, c);
    }
    return this.text;
  }
}

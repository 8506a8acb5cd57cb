/**
 * JSON string literals.
 * @module
 */

/** A JSON string literal; skips `JSON.stringify` when nothing needs escaping (pino's trick). */
export function quote(s: string): string {
  const n = s.length;
  if (n > 256) return JSON.stringify(s);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

/**
 * JSON text of the values every line carries: string literals and millisecond durations,
 * written without the general conversions where the common case allows.
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

/** `''`, `'.001'` ... `'.999'`, trailing zeros dropped (`'.5'`, `'.25'`). */
const FRACTIONS: readonly string[] = Array.from({ length: 1000 }, (_, f) => (f === 0 ? '' : ('.' + String(f).padStart(3, '0')).replace(/0+$/, '')));
/** `'0'` ... `'999'`. */
const WHOLE: readonly string[] = Array.from({ length: 1000 }, (_, w) => String(w));

/**
 * A duration in ms as JSON writes it (`String(ms)`), fast for what `duration_ms` holds: a
 * non-negative number with at most three decimals (microseconds). Converting a fractional
 * double to text is slow in general (about 130 ns, shortest round-trip digits); a number with
 * three decimals below a million is written from two small tables instead. Anything else
 * (more decimals, negative, huge, not finite) is converted the general way.
 */
export function msText(ms: number): string {
  const us = Math.round(ms * 1000);
  if (us >= 0 && us < 1e9 && us / 1000 === ms) {
    const whole = Math.floor(us / 1000);
    if (whole < 1000) return WHOLE[whole]! + FRACTIONS[us - whole * 1000]!;
    return String(whole) + FRACTIONS[us - whole * 1000]!;
  }
  return String(ms);
}

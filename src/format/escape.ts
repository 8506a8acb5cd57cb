/**
 * Terminal-safe text: control characters, ANSI escapes and bidi overrides from user text are
 * shown escaped (`\n`, `\x1b`, `\u202e`), never interpreted, so a message cannot forge a
 * line or repaint a terminal.
 * @module
 */

// C0 controls, DEL, C1 controls, line/paragraph separators, bidi marks (ALM, LRM, RLM),
// bidi embedding/override/isolate controls and the BOM.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_G = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

function escapeChar(c: string): string {
  switch (c) {
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\t': return '\\t';
  }
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `s` with every unsafe character written as an escape. Fast when there is none. */
export function escapeText(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_G, escapeChar) : s;
}

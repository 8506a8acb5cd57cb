/**
 * The viewer's bridge to the shared filter language of `src/reader`: compiles filter text
 * for the model, and writes command-line filter terms back as text for the filter line.
 * @module
 */
import { parseFilter } from '../../src/reader/filter.js';
import type { FilterTerm } from '../../src/reader/filter-terms.js';
import type { CompiledFilter } from './viewer-model.js';

/**
 * Compiles filter text (`component=agent operation~=tool weather`); an empty filter matches
 * everything (`match` undefined). Never throws: a bad filter comes back as `{ ok: false, error }`.
 */
export function compileFilterText(text: string): CompiledFilter {
  try {
    const f = parseFilter(text);
    return { ok: true, match: f.empty ? undefined : f };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

const NEEDS_QUOTES = /[\s"\\]/;
const LOOKS_LIKE_TERM = /[=<>~!]|^\//;

function quoted(s: string): string {
  return '"' + s.replace(/[\\"]/g, '\\$&') + '"';
}

/**
 * Filter terms as filter text that parses back to the same terms (a case-sensitive text
 * term, from `--grep`, comes back as case-insensitive text: the filter line has no syntax for case).
 * @example
 * ```ts
 * termsToText([{ kind: 'field', field: 'component', op: '=', value: 'agent' }]); // "component=agent"
 * ```
 */
export function termsToText(terms: readonly FilterTerm[]): string {
  return terms.map((t) => {
    if (t.kind === 'field') return t.field + t.op + (NEEDS_QUOTES.test(t.value) || t.value === '' ? quoted(t.value) : t.value);
    if (t.kind === 'regex') {
      const src = NEEDS_QUOTES.test(t.source) ? quoted(t.source) : t.source;
      return `/${src}/${t.flags}`;
    }
    return NEEDS_QUOTES.test(t.value) || LOOKS_LIKE_TERM.test(t.value) || t.value === '' ? quoted(t.value) : t.value;
  }).join(' ');
}

/**
 * The filter language shared by `muxi trace` and the viewer, as terms: `field=value`,
 * `field~=substring`, comparisons, and free text. {@link parseFilterTerms} turns text into
 * terms; `filter.ts` compiles terms into a predicate.
 * @module
 */

/** Comparison operators of a field term. */
export type FilterOp = '=' | '!=' | '~=' | '>=' | '<=' | '>' | '<';

/** One term of a filter; a filter matches when every term matches. */
export type FilterTerm =
  | { kind: 'field'; field: string; op: FilterOp; value: string }
  | { kind: 'text'; value: string; caseSensitive: boolean }
  | { kind: 'regex'; source: string; flags: string };

/** A filter that cannot be understood; its message says what is wrong and what is allowed. */
export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

/** Field names a term may use, with their short aliases. `data.<path>` is also allowed. */
export const FILTER_FIELDS: Readonly<Record<string, string>> = {
  component: 'component', operation: 'operation', op: 'operation',
  trace_id: 'trace_id', trace: 'trace_id', span_id: 'span_id', span: 'span_id',
  parent_span_id: 'parent_span_id', parent: 'parent_span_id',
  user_id: 'user_id', user: 'user_id', agent_id: 'agent_id', agent: 'agent_id',
  level: 'level', message: 'message', msg: 'message',
  duration_ms: 'duration_ms', duration: 'duration_ms',
  since: 'since', until: 'until', error: 'error',
};

const OPS: readonly FilterOp[] = ['!=', '~=', '>=', '<=', '=', '>', '<'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_$-]+)*$/;

/**
 * Splits filter text into tokens on whitespace; double quotes group (and `\"` escapes).
 * `quoted` is true when the token starts with a quote (it is then always free text).
 */
export function tokenize(text: string): Array<{ raw: string; quoted: boolean }> {
  const out: Array<{ raw: string; quoted: boolean }> = [];
  let cur = '';
  let has = false;
  let quoted = false;
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuote) {
      if (c === '\\' && i + 1 < text.length) cur += text[++i];
      else if (c === '"') inQuote = false;
      else cur += c;
    } else if (c === '"') {
      inQuote = true;
      if (!has) quoted = true;
      has = true;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (has) out.push({ raw: cur, quoted });
      cur = '';
      has = false;
      quoted = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (inQuote) throw new FilterError(`unclosed quote in filter: ${text}`);
  if (has) out.push({ raw: cur, quoted });
  return out;
}

/**
 * Parses filter text into terms. Grammar: terms separated by spaces, all must match;
 * `field=value` (exact), `field!=value`, `field~=text` (substring, any case),
 * `level>=WARN`, `duration>100`, `data.tool=search`, `/regex/flags`, and any other word
 * (or "quoted phrase") is free text searched, in any case, in message, data and error.
 * @throws FilterError for an unknown field or an unclosed quote.
 * @example
 * ```ts
 * parseFilterTerms('component=agent operation=tool_call weather');
 * ```
 */
export function parseFilterTerms(text: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  for (const tok of tokenize(text)) {
    const t = tok.raw;
    if (tok.quoted) {
      terms.push({ kind: 'text', value: t, caseSensitive: false });
      continue;
    }
    const re = /^\/(.+)\/([a-z]*)$/s.exec(t);
    if (re) {
      terms.push({ kind: 'regex', source: re[1]!, flags: re[2]! });
      continue;
    }
    const field = splitField(t);
    if (field) terms.push(field);
    else terms.push({ kind: 'text', value: t, caseSensitive: false });
  }
  return terms;
}

function splitField(t: string): FilterTerm | undefined {
  let best = -1;
  let op: FilterOp = '=';
  for (const o of OPS) {
    const i = t.indexOf(o);
    if (i > 0 && (best < 0 || i < best || (i === best && o.length > op.length))) {
      best = i;
      op = o;
    }
  }
  if (best < 0) return undefined;
  const name = t.slice(0, best);
  if (!NAME.test(name)) return undefined;
  const lower = name.toLowerCase();
  const canonical = lower.startsWith('data.') ? 'data.' + name.slice(5) : FILTER_FIELDS[lower];
  if (canonical === undefined) {
    const names = [...new Set(Object.values(FILTER_FIELDS))].join(', ');
    throw new FilterError(`unknown filter field '${name}' (fields: ${names}, data.<path>; quote the term to search it as text)`);
  }
  return { kind: 'field', field: canonical, op, value: t.slice(best + op.length) };
}

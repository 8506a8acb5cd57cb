/**
 * The `muxi trace` filter flags as one object, turned into the same terms as the filter text,
 * so flags and `field=value` text combine into a single predicate.
 * @module
 */
import type { CompileOptions, EventFilter } from './filter.js';
import { compileFilter } from './filter.js';
import type { FilterTerm } from './filter-terms.js';
import { parseFilterTerms } from './filter-terms.js';

/** Filters as given on the command line; every one is optional and all combine (AND). */
export interface FilterFlags {
  /** Exact component (`--component`). */
  component?: string;
  /** Exact operation (`--operation`; `tool_call` does not match `tool_call_error`). */
  operation?: string;
  /** Full trace id or a prefix of at least 4 hex digits (`--trace-id`). */
  traceId?: string;
  /** Exact user id (`--user`). */
  user?: string;
  /** Exact agent id (`--agent`). */
  agent?: string;
  /** Minimum level (`--level`). */
  level?: string;
  /** Earliest time, ISO or relative like `15m` (`--since`). */
  since?: string;
  /** Latest time, ISO or relative (`--until`). */
  until?: string;
  /** Case-sensitive substring, or `/regex/flags`, over message, data and error (`--grep`). */
  grep?: string;
  /** Filter text in the shared syntax (`--filter` and positional words). */
  filter?: string;
}

/** The terms of {@link FilterFlags}, flags first, then the filter text. */
export function termsFromFlags(f: FilterFlags): FilterTerm[] {
  const terms: FilterTerm[] = [];
  const field = (name: string, value: string | undefined, op: '=' | '>=' = '='): void => {
    if (value !== undefined) terms.push({ kind: 'field', field: name, op, value });
  };
  field('component', f.component);
  field('operation', f.operation);
  field('trace_id', f.traceId);
  field('user_id', f.user);
  field('agent_id', f.agent);
  field('level', f.level, '>=');
  field('since', f.since);
  field('until', f.until);
  if (f.grep !== undefined) {
    const re = /^\/(.+)\/([a-z]*)$/s.exec(f.grep);
    terms.push(re ? { kind: 'regex', source: re[1]!, flags: re[2]! } : { kind: 'text', value: f.grep, caseSensitive: true });
  }
  if (f.filter !== undefined && f.filter.trim() !== '') terms.push(...parseFilterTerms(f.filter));
  return terms;
}

/**
 * Builds the predicate for command-line filters.
 * @throws FilterError for a bad value (unknown level, short trace-id prefix, bad time or regex).
 * @example
 * ```ts
 * const f = filterFromFlags({ component: 'agent', since: '15m', filter: 'data.tool=search' });
 * ```
 */
export function filterFromFlags(f: FilterFlags, opts: CompileOptions = {}): EventFilter {
  return compileFilter(termsFromFlags(f), opts);
}

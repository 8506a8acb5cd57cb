/**
 * The page's state lives in the URL (a link can be shared, the back button works): which view,
 * the search, the facets, the sort, the open trace and its tab.
 * @module
 */
import type { TraceSortKey } from '../../../src/reader/source.js';
import { TRACE_SORT_KEYS } from '../../../src/reader/source.js';

/** The views of the page. */
export type View = 'traces' | 'trace' | 'analytics';
/** The tabs of one trace. */
export type Tab = 'waterfall' | 'flame' | 'conversation';

/** Everything the URL holds. */
export interface UrlState {
  view: View;
  q: string;
  since: string;
  errors: boolean;
  user: string;
  agent: string;
  sort: TraceSortKey;
  order: 'asc' | 'desc';
  id: string;
  tab: Tab;
  span: string;
}

export const DEFAULTS: UrlState = { view: 'traces', q: '', since: '', errors: false, user: '', agent: '', sort: 'start', order: 'desc', id: '', tab: 'waterfall', span: '' };

/** Reads the state from a query string (unknown values fall back to the defaults). */
export function parseState(search: string): UrlState {
  const p = new URLSearchParams(search);
  const pick = <T extends string>(name: string, allowed: readonly T[], dflt: T): T => {
    const v = p.get(name);
    return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : dflt;
  };
  return {
    view: pick('view', ['traces', 'trace', 'analytics'] as const, 'traces'),
    q: p.get('q') ?? '',
    since: p.get('since') ?? '',
    errors: p.get('errors') === '1',
    user: p.get('user') ?? '',
    agent: p.get('agent') ?? '',
    sort: pick('sort', TRACE_SORT_KEYS, 'start'),
    order: pick('order', ['asc', 'desc'] as const, 'desc'),
    id: /^[0-9a-f]{4,32}$/.test(p.get('id') ?? '') ? p.get('id')! : '',
    tab: pick('tab', ['waterfall', 'flame', 'conversation'] as const, 'waterfall'),
    span: /^[0-9a-f]{16}$/.test(p.get('span') ?? '') ? p.get('span')! : '',
  };
}

/** The query string of a state (defaults left out, so URLs stay short). */
export function formatState(s: UrlState): string {
  const p = new URLSearchParams();
  (Object.keys(DEFAULTS) as Array<keyof UrlState>).forEach((k) => {
    const v = s[k];
    if (v === DEFAULTS[k]) return;
    p.set(k, typeof v === 'boolean' ? (v ? '1' : '0') : v);
  });
  const text = p.toString();
  return text === '' ? '' : '?' + text;
}

/** The API parameters of the list's query. */
export function listParams(s: UrlState, extra: Record<string, string> = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q.trim() !== '') p.set('q', s.q);
  if (s.since !== '') p.set('since', s.since);
  if (s.errors) p.set('errors', '1');
  if (s.user !== '') p.set('user', s.user);
  if (s.agent !== '') p.set('agent', s.agent);
  p.set('sort', s.sort);
  p.set('order', s.order);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

/**
 * The trace list: a search box (the filter language of `muxi trace`), a time range, errors
 * only, facets per user and agent with counts, sortable columns, live rows and a "N new" badge
 * while the list is scrolled away from the top.
 * @module
 */
import type { ReactElement, RefObject } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { Live } from './App.js';
import type { TracePage, TraceSortKey } from './api.js';
import { api } from './api.js';
import { count, duration, time } from './format.js';
import { userText } from './trace-model.js';
import type { UrlState } from './url-state.js';
import { listParams } from './url-state.js';
import { useLiveTick } from './live-tick.js';

const COLUMNS: Array<{ key: string; label: string; sort?: TraceSortKey; num?: boolean }> = [
  { key: 'start', label: 'Start', sort: 'start' },
  { key: 'user', label: 'User', sort: 'user_id' },
  { key: 'message', label: 'First message', sort: 'first_message' },
  { key: 'agents', label: 'Agents', sort: 'agents' },
  { key: 'duration', label: 'Duration', sort: 'duration_ms', num: true },
  { key: 'spans', label: 'Spans', sort: 'spans', num: true },
  { key: 'errors', label: 'Errors', sort: 'errors', num: true },
  { key: 'tokens', label: 'Tokens in / out', sort: 'input_tokens', num: true },
];

const RANGES: Array<[string, string]> = [['', 'All time'], ['15m', 'Last 15 min'], ['1h', 'Last hour'], ['6h', 'Last 6 hours'], ['1d', 'Last day'], ['7d', 'Last 7 days']];
const PAGE = 100;
/** While events arrive, the list is asked of the server again at most this often. */
const LIST_REFRESH_MS = 1000;

interface Props {
  state: UrlState;
  update: (next: Partial<UrlState>, push?: boolean) => void;
  live: Live;
  searchRef: RefObject<HTMLInputElement | null>;
}

export function TracesView({ state, update, live, searchRef }: Props): ReactElement {
  const [list, setList] = useState<TracePage | undefined>();
  const [error, setError] = useState('');
  const [draft, setDraft] = useState(state.q);
  const [limit, setLimit] = useState(PAGE);
  const [cursor, setCursor] = useState(0);
  const [unseen, setUnseen] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const known = useRef<Set<string>>(new Set());

  useEffect(() => setDraft(state.q), [state.q]);

  // The list as the server computes it: on every change of the query, and, while events arrive,
  // again at most once a second (the server walks every trace for a list: totals and facets).
  const refetch = useLiveTick(live.generation, LIST_REFRESH_MS);

  useEffect(() => {
    let stop = false;
    api.traces(listParams(state, { limit: String(limit) })).then((l) => {
      if (stop) return;
      setError('');
      // New traces while the user is scrolled down: counted in a badge instead of moving the rows.
      const away = (scroller.current?.scrollTop ?? 0) > 40;
      const fresh = l.traces.filter((t) => !known.current.has(t.trace_id)).length;
      if (known.current.size > 0 && away) setUnseen((u) => u + fresh);
      known.current = new Set(l.traces.map((t) => t.trace_id));
      setList(l);
    }).catch((e: Error) => { if (!stop) setError(e.message); });
    return () => { stop = true; };
  }, [state.q, state.since, state.errors, state.user, state.agent, state.sort, state.order, limit, refetch]);

  // Between refetches, the rows follow the stream at once: a changed trace's row is updated in
  // place, and on the unfiltered newest-first list a new trace goes on top.
  useEffect(() => {
    if (live.changed.size === 0) return;
    const newestFirst = state.sort === 'start' && state.order === 'desc' && !state.q && !state.since && !state.errors && !state.user && !state.agent;
    setList((l) => {
      if (l === undefined) return l;
      const rows = l.traces.map((t) => live.changed.get(t.trace_id) ?? t);
      if (!newestFirst) return { ...l, traces: rows };
      const have = new Set(rows.map((t) => t.trace_id));
      const added = [...live.changed.values()].filter((t) => !have.has(t.trace_id)).sort((a, b) => (a.start < b.start ? 1 : -1));
      if (added.length === 0) return { ...l, traces: rows };
      if ((scroller.current?.scrollTop ?? 0) > 40) setUnseen((u) => u + added.length);
      for (const t of added) known.current.add(t.trace_id);
      return { ...l, traces: [...added, ...rows].slice(0, Math.max(limit, rows.length)), total: l.total + added.length };
    });
  }, [live.generation]);

  const rows = list?.traces ?? [];
  useEffect(() => {
    const onKey = (ev: KeyboardEvent): void => {
      const t = ev.target as HTMLElement | null;
      if (t !== null && (t.tagName === 'INPUT' || t.tagName === 'SELECT')) return;
      if (ev.key === 'j' || ev.key === 'ArrowDown') setCursor((c) => Math.min(c + 1, rows.length - 1));
      else if (ev.key === 'k' || ev.key === 'ArrowUp') setCursor((c) => Math.max(c - 1, 0));
      else if (ev.key === 'Enter' && rows[cursor] !== undefined) update({ view: 'trace', id: rows[cursor]!.trace_id, span: '' }, true);
      else return;
      ev.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, cursor, update]);
  useEffect(() => {
    document.querySelector(`tr[data-row="${cursor}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const sortBy = (key: TraceSortKey): void => {
    if (state.sort === key) update({ order: state.order === 'desc' ? 'asc' : 'desc' }, true);
    else update({ sort: key, order: key === 'user_id' || key === 'first_message' || key === 'agents' ? 'asc' : 'desc' }, true);
  };
  const facet = (kind: 'user' | 'agent', value: string): void => update({ [kind]: state[kind] === value ? '' : value }, true);

  return (
    <div className="traces">
      <form className="search" onSubmit={(e) => { e.preventDefault(); update({ q: draft }, true); }}>
        <input ref={searchRef} type="search" aria-label="Filter" placeholder="Filter: free text or field=value, e.g. component=agent level>=ERROR   (press / to focus)" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <select aria-label="Time range" value={state.since} onChange={(e) => update({ since: e.target.value }, true)}>
          {RANGES.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
        </select>
        <label className="check"><input type="checkbox" checked={state.errors} onChange={(e) => update({ errors: e.target.checked }, true)} /> Errors only</label>
        <button type="submit">Search</button>
      </form>
      {error ? <div className="error" role="alert">{error}</div> : null}
      <div className="split">
        <aside className="facets">
          <Facets title="Users" items={list?.facets.users ?? []} active={state.user} onPick={(v) => facet('user', v)} />
          <Facets title="Agents" items={list?.facets.agents ?? []} active={state.agent} onPick={(v) => facet('agent', v)} />
        </aside>
        <section className="list">
          <div className="summary">
            <span>{list ? `${count(list.total)} traces` : 'loading…'}</span>
            {unseen > 0 ? <button type="button" className="badge new" onClick={() => { setUnseen(0); scroller.current?.scrollTo({ top: 0 }); }}>↑ {unseen} new</button> : null}
          </div>
          <div className="table" ref={scroller} onScroll={(e) => { if ((e.target as HTMLDivElement).scrollTop <= 40) setUnseen(0); }}>
            <table>
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <th key={c.key} className={c.num ? 'num' : ''} aria-sort={state.sort === c.sort ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined}>
                      {c.sort ? <button type="button" onClick={() => sortBy(c.sort!)}>{c.label}{state.sort === c.sort ? (state.order === 'asc' ? ' ▲' : ' ▼') : ''}</button> : c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((t, i) => (
                  <tr key={t.trace_id} data-row={i} className={`${i === cursor ? 'cursor' : ''} ${t.errors > 0 ? 'has-error' : ''}`}
                    onClick={() => update({ view: 'trace', id: t.trace_id, span: '' }, true)} aria-selected={i === cursor}>
                    <td title={t.start}>{time(t.start)}</td>
                    <td>{t.user_id ?? ''}</td>
                    <td className="msg" title={t.first_message ?? ''}>{t.first_message !== undefined ? userText(t.first_message) : <span className="dim">{t.trace_id}</span>}</td>
                    <td>{t.agents.join(', ')}</td>
                    <td className="num">{duration(t.duration_ms)}</td>
                    <td className="num">{t.spans}</td>
                    <td className="num">{t.errors > 0 ? <span className="err">{t.errors}</span> : 0}</td>
                    <td className="num">{count(t.input_tokens)} / {count(t.output_tokens)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {list && list.total > rows.length ? <button type="button" className="more" onClick={() => setLimit((l) => Math.min(l + PAGE, 1000))}>Show more ({count(list.total - rows.length)} left)</button> : null}
            {list && list.total === 0 ? <p className="empty">No trace matches.</p> : null}
          </div>
        </section>
      </div>
    </div>
  );
}

function Facets({ title, items, active, onPick }: { title: string; items: Array<{ value: string; count: number }>; active: string; onPick: (v: string) => void }): ReactElement {
  return (
    <div className="facet">
      <h3>{title}</h3>
      {items.length === 0 ? <p className="dim">none</p> : null}
      <ul>
        {items.map((f) => (
          <li key={f.value}>
            <button type="button" className={active === f.value ? 'on' : ''} onClick={() => onPick(f.value)} aria-pressed={active === f.value}>
              <span className="name">{f.value}</span><span className="n">{count(f.count)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

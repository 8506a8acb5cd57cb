/**
 * The dashboard: a header (the input, live status, the views), then the trace list, one trace
 * or the analytics. The state is the URL's; keys: `/` search, `j`/`k` move, Enter open, Esc back.
 * @module
 */
import type { ReactElement } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Info, SourceState, TraceSummary } from './api.js';
import { api, subscribe } from './api.js';
import { AnalyticsView } from './AnalyticsView.js';
import { TracesView } from './TracesView.js';
import { TraceView } from './TraceView.js';
import type { UrlState } from './url-state.js';
import { formatState, parseState } from './url-state.js';

/** The URL's state, and how to change it (push: a new history entry; else replace). */
function useUrlState(): [UrlState, (next: Partial<UrlState>, push?: boolean) => void] {
  const [state, setState] = useState<UrlState>(() => parseState(window.location.search));
  useEffect(() => {
    const onPop = (): void => setState(parseState(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const update = useCallback((next: Partial<UrlState>, push = false) => {
    setState((prev) => {
      const s = { ...prev, ...next };
      const url = window.location.pathname + formatState(s);
      if (push) window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
      return s;
    });
  }, []);
  return [state, update];
}

/** The live stream as the views see it. */
export interface Live {
  paused: boolean;
  connected: boolean;
  /** Bumps at most a few times a second while the input grows (and not paused). */
  generation: number;
  /** The traces that changed since the previous generation, by id, as the server summarized them. */
  changed: ReadonlyMap<string, TraceSummary>;
}

/** Live updates reach the views at most this often (a busy app does not flood the page). */
const REFRESH_MS = 100;

export function App(): ReactElement {
  const [url, update] = useUrlState();
  const [info, setInfo] = useState<Info | undefined>();
  const [state, setSourceState] = useState<SourceState | undefined>();
  const [live, setLive] = useState<Live>({ paused: false, connected: false, generation: 0, changed: new Map() });
  const paused = useRef(false);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api.info().then((i) => {
      setInfo(i);
      setSourceState((s) => s ?? i.state);
    }).catch(() => undefined);
  }, []);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let changed = new Map<string, TraceSummary>();
    const unsubscribe = subscribe((u) => {
      setSourceState(u.state);
      if (paused.current) return;
      for (const t of u.traces) changed.set(t.trace_id, t);
      timer ??= setTimeout(() => {
        timer = undefined;
        const batch = changed;
        changed = new Map();
        setLive((l) => ({ ...l, generation: l.generation + 1, changed: batch }));
      }, REFRESH_MS);
    }, (connected) => {
      // Each (re)connection bumps the generation: what changed before the stream was open (between
      // the first list and the stream's start, or while disconnected) is fetched again.
      setLive((l) => ({ ...l, connected, generation: connected && !paused.current ? l.generation + 1 : l.generation, changed: new Map() }));
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);

  const togglePause = (): void => {
    paused.current = !paused.current;
    setLive((l) => ({ ...l, paused: paused.current, generation: l.generation + (paused.current ? 0 : 1) }));
  };

  useEffect(() => {
    const onKey = (ev: KeyboardEvent): void => {
      const target = ev.target as HTMLElement | null;
      const typing = target !== null && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA');
      if (ev.key === '/' && !typing) {
        ev.preventDefault();
        // Focused at once on the list (keys typed right after '/' land in the box), after the
        // list renders otherwise.
        if (url.view === 'traces' && search.current !== null) search.current.focus();
        else {
          update({ view: 'traces' }, true);
          setTimeout(() => search.current?.focus(), 0);
        }
      } else if (ev.key === 'Escape') {
        if (typing) (target as HTMLInputElement).blur();
        else if (url.view !== 'traces') update({ view: 'traces', span: '' }, true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [url.view, update]);

  return (
    <div className="app">
      <header className="top">
        <a className="brand" href="?" onClick={(e) => { e.preventDefault(); update({ view: 'traces', id: '', span: '' }, true); }}>muxi trace</a>
        <span className="source" title="input">{state?.label ?? ''}</span>
        {info?.filter ? <span className="chip" title="filter given on the command line">{info.filter}</span> : null}
        <nav>
          <button type="button" className={url.view !== 'analytics' ? 'tab on' : 'tab'} onClick={() => update({ view: url.id ? 'trace' : 'traces' }, true)}>Traces</button>
          <button type="button" className={url.view === 'analytics' ? 'tab on' : 'tab'} onClick={() => update({ view: 'analytics' }, true)}>Analytics</button>
        </nav>
        <span className="spacer" />
        {state?.loading ? <span className="badge busy" role="status">{progress(state)}</span> : null}
        {state && state.evicted > 0 ? <span className="badge warn" title="the oldest traces were dropped to keep memory bounded (TRACING_INDEX_MAX_MEMORY)">{state.evicted.toLocaleString('en-US')} oldest traces dropped</span> : null}
        <span className={`badge ${live.connected ? 'ok' : 'off'}`} role="status">{live.connected ? (live.paused ? 'paused' : 'live') : 'offline'}</span>
        <button type="button" className="pause" onClick={togglePause} aria-pressed={live.paused}>{live.paused ? 'Resume' : 'Pause'}</button>
      </header>
      <main>
        {url.view === 'analytics' ? <AnalyticsView state={url} live={live} />
          : url.view === 'trace' && url.id ? <TraceView state={url} update={update} live={live} />
            : <TracesView state={url} update={update} live={live} searchRef={search} />}
      </main>
    </div>
  );
}

/** `reading the input… 42%` while the first read of the input goes on. */
function progress(s: SourceState): string {
  return s.bytesTotal > 0 ? `reading the input… ${Math.min(99, Math.floor((s.bytesRead / s.bytesTotal) * 100))}%` : 'reading the input…';
}

/**
 * One trace: a header with its totals, then three tabs. The waterfall (the span tree on one
 * time axis, the critical path marked), the flame view (x is time, width is duration, y is
 * depth) and the conversation read like a chat. Selecting a span shows its events as JSON.
 * Keys: `j`/`k` move between spans, `1`/`2`/`3` switch tabs, Esc goes back to the list.
 * @module
 */
import type { ReactElement } from 'react';
import { useEffect, useMemo, useState } from 'react';
import type { Live } from './App.js';
import type { TraceDetail, TraceEvent } from './api.js';
import { api } from './api.js';
import { count, duration, json, time } from './format.js';
import type { FlameRect, SpanRow, TraceLayout, Turn } from './trace-model.js';
import { conversation, criticalPath, flameRects, layoutTrace, spanLabel, userText } from './trace-model.js';
import type { Tab, UrlState } from './url-state.js';

interface Props {
  state: UrlState;
  update: (next: Partial<UrlState>, push?: boolean) => void;
  live: Live;
}

const TABS: Array<[Tab, string]> = [['waterfall', 'Waterfall'], ['flame', 'Flame'], ['conversation', 'Conversation']];

export function TraceView({ state, update, live }: Props): ReactElement {
  const [detail, setDetail] = useState<TraceDetail | undefined>();
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let stop = false;
    api.trace(state.id).then((d) => {
      if (stop) return;
      setError('');
      setDetail(d);
    }).catch((e: Error) => { if (!stop) setError(e.message); });
    return () => { stop = true; };
  }, [state.id, reload]);

  // Live: this trace's new events refetch it (the list of events stays the server's).
  useEffect(() => {
    if (detail !== undefined && live.changed.has(detail.summary.trace_id)) setReload((r) => r + 1);
  }, [live.generation]);

  const layout = useMemo(() => (detail ? layoutTrace(detail.events) : undefined), [detail]);
  const critical = useMemo(() => (layout ? criticalPath(layout) : new Set<string>()), [layout]);
  const selected = layout?.rows.find((r) => r.spanId === state.span) ?? layout?.rows[0];

  useEffect(() => {
    const onKey = (ev: KeyboardEvent): void => {
      const t = ev.target as HTMLElement | null;
      if (t !== null && (t.tagName === 'INPUT' || t.tagName === 'SELECT') || layout === undefined) return;
      const i = selected ? layout.rows.indexOf(selected) : 0;
      let next: number | undefined;
      if (ev.key === 'j' || ev.key === 'ArrowDown') next = Math.min(i + 1, layout.rows.length - 1);
      else if (ev.key === 'k' || ev.key === 'ArrowUp') next = Math.max(i - 1, 0);
      else if (ev.key === '1' || ev.key === '2' || ev.key === '3') update({ tab: TABS[Number(ev.key) - 1]![0] });
      else return;
      ev.preventDefault();
      if (next !== undefined) update({ span: layout.rows[next]!.spanId });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [layout, selected, update]);
  useEffect(() => {
    if (selected) document.querySelector(`[data-span="${selected.spanId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  if (error) {
    return (
      <div className="trace">
        <button type="button" className="back" onClick={() => update({ view: 'traces', span: '' }, true)}>← Traces</button>
        <div className="error" role="alert">{error}</div>
      </div>
    );
  }
  if (!detail || !layout) return <div className="trace"><p className="dim">loading…</p></div>;
  const s = detail.summary;
  const pick = (r: SpanRow): void => update({ span: r.spanId });

  return (
    <div className="trace">
      <div className="trace-head">
        <button type="button" className="back" onClick={() => update({ view: 'traces', span: '' }, true)} title="Esc">← Traces</button>
        <h2 title={s.trace_id}>{s.first_message !== undefined ? userText(s.first_message) : s.trace_id}</h2>
        <dl className="totals">
          <div><dt>Trace</dt><dd className="mono">{s.trace_id}</dd></div>
          <div><dt>Start</dt><dd>{time(s.start)}</dd></div>
          <div><dt>User</dt><dd>{s.user_id ?? '—'}</dd></div>
          <div><dt>Agents</dt><dd>{s.agents.join(', ') || '—'}</dd></div>
          <div><dt>Duration</dt><dd>{duration(s.duration_ms)}</dd></div>
          <div><dt>Spans</dt><dd>{s.spans}</dd></div>
          <div><dt>Errors</dt><dd className={s.errors > 0 ? 'err' : ''}>{s.errors}</dd></div>
          <div><dt>Tokens in / out</dt><dd>{count(s.input_tokens)} / {count(s.output_tokens)}</dd></div>
        </dl>
      </div>
      <div className="tabs" role="tablist">
        {TABS.map(([tab, label], i) => (
          <button key={tab} type="button" role="tab" aria-selected={state.tab === tab} className={state.tab === tab ? 'tab on' : 'tab'}
            onClick={() => update({ tab })} title={`key ${i + 1}`}>{label}</button>
        ))}
        <span className="legend"><span className="swatch crit" /> critical path <span className="swatch errbar" /> error</span>
      </div>
      <div className="trace-body">
        <div className="trace-main">
          {state.tab === 'waterfall' ? <Waterfall layout={layout} critical={critical} selected={selected} onPick={pick} />
            : state.tab === 'flame' ? <Flame layout={layout} critical={critical} selected={selected} onPick={pick} />
              : <Conversation turns={conversation(detail.events)} onPick={(e) => update({ span: e.span_id })} selected={selected} />}
        </div>
        <SpanDetail row={selected} critical={selected !== undefined && critical.has(selected.spanId)} />
      </div>
    </div>
  );
}

/** The tick marks of a time axis: about five round values over `total` ms. */
function ticks(total: number): number[] {
  if (total <= 0) return [0];
  const raw = total / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = 0; t <= total + 1e-9; t += step) out.push(t);
  return out;
}

function pct(x: number): string {
  return `${(Math.min(Math.max(x, 0), 1) * 100).toFixed(3)}%`;
}

interface ChartProps {
  layout: TraceLayout;
  critical: Set<string>;
  selected: SpanRow | undefined;
  onPick: (r: SpanRow) => void;
}

function Axis({ total }: { total: number }): ReactElement {
  return (
    <div className="axis" aria-hidden="true">
      {ticks(total).map((t) => <span key={t} style={{ left: pct(total > 0 ? t / total : 0) }}>{duration(t)}</span>)}
    </div>
  );
}

function Waterfall({ layout, critical, selected, onPick }: ChartProps): ReactElement {
  const total = layout.end - layout.start;
  return (
    <div className="waterfall" role="tree" aria-label="Spans">
      <div className="wf-row wf-head"><span className="wf-name">Span</span><span className="wf-track"><Axis total={total} /></span><span className="wf-dur">Duration</span></div>
      {layout.rows.map((r) => {
        const x = total > 0 ? (r.start - layout.start) / total : 0;
        const w = total > 0 ? (r.end - r.start) / total : 0;
        const cls = ['wf-row', r === selected ? 'sel' : '', critical.has(r.spanId) ? 'crit' : '', r.error ? 'has-error' : ''].join(' ');
        return (
          <div key={r.spanId} data-span={r.spanId} role="treeitem" aria-level={r.depth + 1} aria-selected={r === selected} className={cls} onClick={() => onPick(r)}>
            <span className="wf-name" style={{ paddingLeft: `${0.4 + r.depth * 1.1}em` }} title={spanLabel(r)}>
              {spanLabel(r)}{r.agent ? <span className="dim"> · {r.agent}</span> : null}
            </span>
            <span className="wf-track">
              <span className={`bar ${r.end > r.start ? '' : 'point'}`} style={{ left: pct(x), width: r.end > r.start ? `max(${pct(w)}, 2px)` : undefined }} />
            </span>
            <span className="wf-dur">{r.end > r.start || r.durationMs !== undefined ? duration(r.durationMs ?? r.end - r.start) : ''}</span>
          </div>
        );
      })}
    </div>
  );
}

function Flame({ layout, critical, selected, onPick }: ChartProps): ReactElement {
  const rects: FlameRect[] = flameRects(layout);
  const depth = rects.reduce((m, r) => Math.max(m, r.depth), 0) + 1;
  const total = layout.end - layout.start;
  return (
    <div className="flame-wrap">
      <Axis total={total} />
      <div className="flame" style={{ height: `${depth * 26}px` }} role="group" aria-label="Flame view">
        {rects.map((f) => (
          <button key={f.span.spanId} type="button" data-span={f.span.spanId}
            className={['flame-box', f.span === selected ? 'sel' : '', critical.has(f.span.spanId) ? 'crit' : '', f.span.error ? 'has-error' : ''].join(' ')}
            style={{ left: pct(f.x), width: pct(f.w), top: `${f.depth * 26}px` }}
            title={`${spanLabel(f.span)}${f.span.agent ? ' · ' + f.span.agent : ''} — ${duration(f.span.end - f.span.start)}`}
            onClick={() => onPick(f.span)}>
            {spanLabel(f.span)}
          </button>
        ))}
      </div>
    </div>
  );
}

function Conversation({ turns, onPick, selected }: { turns: Turn[]; onPick: (e: TraceEvent) => void; selected: SpanRow | undefined }): ReactElement {
  if (turns.length === 0) return <p className="dim">No conversation events in this trace.</p>;
  return (
    <ol className="chat">
      {turns.map((t, i) => (
        <li key={i} data-span={t.event.span_id} className={`turn ${t.kind} ${t.error ? 'has-error' : ''} ${selected?.spanId === t.event.span_id ? 'sel' : ''}`} onClick={() => onPick(t.event)}>
          <div className="who"><span>{t.who}</span><span className="dim">{time(t.event.timestamp)}</span></div>
          <div className="text">{t.text}</div>
          {t.detail !== undefined ? <details><summary>details</summary><pre>{json(t.detail)}</pre></details> : null}
        </li>
      ))}
    </ol>
  );
}

/** The selected span's events: message, and the fields worth reading as formatted JSON. */
function SpanDetail({ row, critical }: { row: SpanRow | undefined; critical: boolean }): ReactElement {
  if (row === undefined) return <aside className="span-detail"><p className="dim">Select a span.</p></aside>;
  return (
    <aside className="span-detail" aria-label="Span details">
      <h3>{spanLabel(row)}{critical ? <span className="chip crit">critical path</span> : null}</h3>
      <p className="dim mono">span {row.spanId}{row.parentSpanId ? ` · parent ${row.parentSpanId}` : ''}</p>
      <p>{row.agent ? `agent ${row.agent} · ` : ''}{duration(row.durationMs ?? row.end - row.start)}</p>
      {row.events.map((e, i) => {
        const { timestamp, level, message, ...rest } = e;
        return (
          <section key={i} className={`ev ${level === 'ERROR' ? 'has-error' : ''}`}>
            <div className="ev-head"><span className={`lvl ${level}`}>{level}</span><span>{e.component}:{e.operation}</span><span className="dim">{time(timestamp)}</span></div>
            <p className="ev-msg">{message}</p>
            {e.error?.stack ? <pre className="stack">{e.error.stack}</pre> : null}
            <pre className="json">{json(rest)}</pre>
          </section>
        );
      })}
    </aside>
  );
}

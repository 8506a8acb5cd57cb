/**
 * Analytics over the loaded range (the search and time range of the list apply): totals, events
 * and errors per second over time, latency percentiles per operation, agent and tool, tool usage,
 * tokens per agent and model. The figures are `muxi trace stats --json` on the same input (one
 * implementation on the server), shown as charts and as the numbers themselves.
 * @module
 */
import type { ReactElement } from 'react';
import { useEffect, useState } from 'react';
import type { Live } from './App.js';
import type { TraceStats } from './api.js';
import { api } from './api.js';
import { BarChart, TimeChart } from './Chart.js';
import { count, duration } from './format.js';
import type { UrlState } from './url-state.js';
import { listParams } from './url-state.js';
import { useLiveTick } from './live-tick.js';

const P50 = '#60a5fa';
const P90 = '#2563eb';
const P99 = '#1e3a8a';
const ERR = '#dc2626';
const OK = '#16a34a';

interface Props {
  state: UrlState;
  live: Live;
}

type Latency = TraceStats['latency']['operation'];

/** The `n` keys with the most samples. */
function top(rec: Latency, n = 12): Array<[string, Latency[string]]> {
  return Object.entries(rec).sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1)).slice(0, n);
}

export function AnalyticsView({ state, live }: Props): ReactElement {
  const [stats, setStats] = useState<TraceStats | undefined>();
  const [error, setError] = useState('');
  // Live: recomputed at most every 5 s while events arrive (the server caches the same window).
  const tick = useLiveTick(live.generation, 5000);

  useEffect(() => {
    let stop = false;
    const p = listParams(state);
    p.delete('sort');
    p.delete('dir');
    api.stats(p).then((s) => {
      if (stop) return;
      setError('');
      setStats(s);
    }).catch((e: Error) => { if (!stop) setError(e.message); });
    return () => { stop = true; };
  }, [state.q, state.since, tick]);

  if (error) return <div className="error" role="alert">{error}</div>;
  if (!stats) return <p className="dim">computing…</p>;
  const inTokens = stats.tokens.reduce((a, t) => a + t.input_tokens, 0);
  const outTokens = stats.tokens.reduce((a, t) => a + t.output_tokens, 0);
  const perSecond = 1000 / stats.timeline.bucket_ms;
  const tools = Object.entries(stats.tools).slice(0, 15);

  return (
    <div className="analytics">
      <p className="dim scope">
        {state.q || state.since ? `Events matching ${[state.q, state.since ? `since ${state.since}` : ''].filter(Boolean).join(', ')}` : 'All events of the input'}
        {stats.first_timestamp ? ` · ${stats.first_timestamp} → ${stats.last_timestamp ?? ''}` : ''}
      </p>
      <dl className="kpis">
        <div><dt>Events</dt><dd>{count(stats.events)}</dd></div>
        <div><dt>Traces</dt><dd>{count(stats.traces)}</dd></div>
        <div><dt>Errors</dt><dd className={stats.errors > 0 ? 'err' : ''}>{count(stats.errors)}</dd></div>
        <div><dt>Error rate</dt><dd className={stats.errors > 0 ? 'err' : ''}>{(stats.error_rate * 100).toFixed(2)}%</dd></div>
        <div><dt>Tokens in / out</dt><dd>{count(inTokens)} / {count(outTokens)}</dd></div>
      </dl>
      <div className="charts">
        <TimeChart title={`Events per second (buckets of ${duration(stats.timeline.bucket_ms)})`} unit="events/s"
          times={stats.timeline.buckets.map((b) => Date.parse(b.start) / 1000)}
          series={[
            { label: 'events/s', color: OK, values: stats.timeline.buckets.map((b) => b.events * perSecond) },
            { label: 'errors/s', color: ERR, values: stats.timeline.buckets.map((b) => b.errors * perSecond) },
          ]} />
        <LatencyChart title="Latency per operation" rec={stats.latency.operation} />
        <LatencyChart title="Latency per agent" rec={stats.latency.agent} />
        <LatencyChart title="Latency per tool" rec={stats.latency.tool} />
        <BarChart title="Tool usage" unit="calls" categories={tools.map(([k]) => k)}
          series={[
            { label: 'calls', color: P50, values: tools.map(([, t]) => t.calls), size: 0.7 },
            { label: 'failed', color: ERR, values: tools.map(([, t]) => t.errors), size: 0.4 },
          ]} />
        <BarChart title="Tokens per agent and model" unit="tokens" categories={stats.tokens.map((t) => `${t.agent} · ${t.model}`)}
          series={[
            { label: 'input + output', color: P50, values: stats.tokens.map((t) => t.input_tokens + t.output_tokens), size: 0.7 },
            { label: 'output', color: P99, values: stats.tokens.map((t) => t.output_tokens), size: 0.4 },
          ]} />
      </div>
      <h3>Figures</h3>
      <div className="figures">
        <LatencyTable title="Operation" rec={stats.latency.operation} />
        <LatencyTable title="Agent" rec={stats.latency.agent} />
        <LatencyTable title="Tool" rec={stats.latency.tool} />
        <table className="fig">
          <caption>Tool usage</caption>
          <thead><tr><th>Tool</th><th className="num">Calls</th><th className="num">Failed</th></tr></thead>
          <tbody>{Object.entries(stats.tools).map(([k, t]) => <tr key={k}><td>{k}</td><td className="num">{count(t.calls)}</td><td className="num">{t.errors > 0 ? <span className="err">{count(t.errors)}</span> : 0}</td></tr>)}</tbody>
        </table>
        <table className="fig">
          <caption>Tokens</caption>
          <thead><tr><th>Agent</th><th>Model</th><th className="num">Calls</th><th className="num">Input</th><th className="num">Output</th></tr></thead>
          <tbody>{stats.tokens.map((t) => <tr key={`${t.agent}\u0000${t.model}`}><td>{t.agent}</td><td>{t.model}</td><td className="num">{count(t.calls)}</td><td className="num">{count(t.input_tokens)}</td><td className="num">{count(t.output_tokens)}</td></tr>)}</tbody>
        </table>
      </div>
    </div>
  );
}

/** p50, p90 and p99 as nested bars on a log axis. */
function LatencyChart({ title, rec }: { title: string; rec: Latency }): ReactElement {
  const rows = top(rec);
  return (
    <BarChart title={title} unit="ms" log categories={rows.map(([k]) => k)}
      series={[
        { label: 'p99', color: P99, values: rows.map(([, l]) => l.p99), size: 0.75 },
        { label: 'p90', color: P90, values: rows.map(([, l]) => l.p90), size: 0.5 },
        { label: 'p50', color: P50, values: rows.map(([, l]) => l.p50), size: 0.28 },
      ]} />
  );
}

function LatencyTable({ title, rec }: { title: string; rec: Latency }): ReactElement {
  const rows = Object.entries(rec);
  return (
    <table className="fig">
      <caption>Latency per {title.toLowerCase()}</caption>
      <thead><tr><th>{title}</th><th className="num">Count</th><th className="num">p50</th><th className="num">p90</th><th className="num">p99</th><th className="num">Max</th></tr></thead>
      <tbody>
        {rows.length === 0 ? <tr><td colSpan={6} className="dim">none</td></tr> : null}
        {rows.map(([k, l]) => <tr key={k}><td>{k}</td><td className="num">{count(l.count)}</td><td className="num">{duration(l.p50)}</td><td className="num">{duration(l.p90)}</td><td className="num">{duration(l.p99)}</td><td className="num">{duration(l.max)}</td></tr>)}
      </tbody>
    </table>
  );
}

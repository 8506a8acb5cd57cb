/**
 * The page's only way to the server: its small JSON API and event stream (same origin; the
 * access token, when one is needed, travels in the cookie the server set from the URL).
 * @module
 */
import type { TraceEvent } from '../../../src/event.js';
import type { SourceState, TraceDetail, TracePage, TraceSortKey, TraceSummary } from '../../../src/reader/source.js';
import type { TraceStats } from '../../../src/reader/stats.js';

export type { SourceState, TraceDetail, TraceEvent, TracePage, TraceSortKey, TraceStats, TraceSummary };

/** What `/api/info` answers. */
export interface Info {
  state: SourceState;
  /** The filter given on the command line, applied to everything. */
  filter: string;
}

/** One message of the live stream: the source's state and the traces that changed. */
export interface LiveUpdate {
  state: SourceState;
  traces: TraceSummary[];
  /** How many events arrived. */
  events: number;
}

/** A failed request: the server's message (a bad filter says what is wrong). */
export class ApiError extends Error {}

async function get<T>(path: string, params?: URLSearchParams): Promise<T> {
  const url = params !== undefined && params.toString() !== '' ? `${path}?${params.toString()}` : path;
  const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiError(body.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

export const api = {
  info: (): Promise<Info> => get('/api/info'),
  traces: (p: URLSearchParams): Promise<TracePage> => get('/api/traces', p),
  trace: (id: string): Promise<TraceDetail> => get(`/api/traces/${encodeURIComponent(id)}`),
  stats: (p: URLSearchParams): Promise<TraceStats> => get('/api/stats', p),
};

/** Subscribes to the live updates (Server-Sent Events); returns the function that stops it. */
export function subscribe(onUpdate: (u: LiveUpdate) => void, onState: (connected: boolean) => void): () => void {
  const es = new EventSource('/api/stream', { withCredentials: true });
  es.addEventListener('update', (m) => {
    try {
      onUpdate(JSON.parse((m as MessageEvent<string>).data) as LiveUpdate);
    } catch {
      // a malformed message: ignored
    }
  });
  es.onopen = () => onState(true);
  es.onerror = () => onState(false);
  return () => es.close();
}

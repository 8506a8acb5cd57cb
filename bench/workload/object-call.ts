/**
 * Row 3: `@Traced` on a method taking an object argument (`{ city, units, history }`) and
 * returning an object, with `result: true` (the result captured too), and its OpenTelemetry
 * twin carrying the same input and output as JSON attributes (as OpenLLMetry's
 * `traceloop.entity.input`/`output`).
 * @module
 */
import type { Tracer } from '@opentelemetry/api';
import { rng, prose } from './text.js';

/** The argument of the traced method. */
export interface ForecastQuery {
  city: string;
  units: 'metric' | 'imperial';
  history: Array<{ role: 'user' | 'assistant'; content: string }>;
}

/** What it returns. */
export interface Forecast {
  city: string;
  units: string;
  days: Array<{ day: string; high: number; low: number; summary: string }>;
}

const next = rng(7);
const CITIES = ['Paris', 'Tokyo', 'Lisbon', 'Nairobi', 'Lima', 'Oslo', 'Seoul', 'Austin'];
/** 64 queries with a short chat history (five turns of 40–200 characters). */
export const QUERIES: ForecastQuery[] = Array.from({ length: 64 }, (_, i) => ({
  city: CITIES[i % CITIES.length]!,
  units: i % 3 === 0 ? 'imperial' : 'metric',
  history: Array.from({ length: 5 }, (_, k) => ({ role: k % 2 ? 'assistant' : 'user', content: prose(40 + Math.floor(next() * 160), next) })),
}));
const DAYS = ['Mon', 'Tue', 'Wed'];
const RESULTS = new Map(QUERIES.map((q) => [q, {
  city: q.city, units: q.units,
  days: DAYS.map((day, k) => ({ day, high: 18 + k, low: 9 + k, summary: prose(30 + Math.floor(next() * 50), next) })),
}]));

/** The untraced method. */
export async function forecast(q: ForecastQuery): Promise<Forecast> {
  return RESULTS.get(q)!;
}

/** The OpenTelemetry twin: one span per call, input and output as JSON attributes. */
export function otelForecast(t: Tracer): (i: number) => Promise<Forecast> {
  return (i) => {
    const q = QUERIES[i % QUERIES.length]!;
    return t.startActiveSpan('weather forecast', {
      attributes: { 'muxi.component': 'weather', 'muxi.operation': 'forecast_start', 'muxi.message': 'Calling Weather.forecast', 'traceloop.entity.input': JSON.stringify({ args: { q } }) },
    }, async (span) => {
      try {
        const r = await forecast(q);
        span.setAttributes({ 'muxi.end_message': 'Weather.forecast completed', 'traceloop.entity.output': JSON.stringify(r) });
        return r;
      } finally {
        span.end();
      }
    });
  };
}

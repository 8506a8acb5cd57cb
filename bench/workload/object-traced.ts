/**
 * Row 3, our side: the method under `@Traced({ component: 'weather', result: true })`.
 * @module
 */
import { Traced } from 'muxi-tracing/decorators';
import type { Forecast, ForecastQuery } from './object-call.js';
import { QUERIES, forecast } from './object-call.js';

class Weather {
  @Traced({ component: 'weather', result: true })
  async forecast(q: ForecastQuery): Promise<Forecast> {
    return forecast(q);
  }
}

/** One traced call per call, cycling through the queries. */
export function tracedForecast(): (i: number) => Promise<Forecast> {
  const w = new Weather();
  return (i) => w.forecast(QUERIES[i % QUERIES.length]!);
}

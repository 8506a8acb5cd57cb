/**
 * Time arguments of `--since`/`--until` and `since=`/`until=` filter terms: an ISO-8601
 * time, or a duration before now such as `15m`.
 * @module
 */

const UNITS: Readonly<Record<string, number>> = {
  ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000,
};

const RELATIVE = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)(?:\s*ago)?$/i;

/**
 * Parses a duration like `500ms`, `30s`, `15m`, `2h`, `1d` or `1w` to milliseconds;
 * undefined if it is not one.
 */
export function parseDuration(text: string): number | undefined {
  const m = RELATIVE.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNITS[m[2]!.toLowerCase()]!;
}

/**
 * Parses a time argument to epoch milliseconds: a relative duration (`15m` means 15 minutes
 * before `now`), `now`, or an ISO-8601 date/time (`2026-05-15`, `2026-05-15T10:15:22Z`).
 * Returns undefined when it is neither.
 * @example
 * ```ts
 * parseTimeArg('15m', Date.parse('2026-05-15T10:15:00Z')); // Date.parse('2026-05-15T10:00:00Z')
 * ```
 */
export function parseTimeArg(text: string, now: number = Date.now()): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (t.toLowerCase() === 'now') return now;
  const d = parseDuration(t);
  if (d !== undefined) return now - d;
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

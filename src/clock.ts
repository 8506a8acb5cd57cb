/**
 * Wall-clock time read from the monotonic clock. A clock read costs about 50 ns on the
 * virtual machines we measured (`Date.now()` and `performance.now()` alike), and a traced call
 * needs the time four times (two timestamps, a span's start and end); reading
 * `performance.now()` once per event and deriving the timestamp from it halves that.
 * `Date.now()` is read at most once a second to follow the wall clock: the derived time stays
 * within about a millisecond of it through NTP slewing, and a clock set by hand is followed
 * within a second.
 * @module
 */

/** How often the derived time is checked against `Date.now()`, in ms. */
const CHECK_MS = 1000;

let offset = performance.timeOrigin;
let checkAt = -Infinity;

/** Milliseconds since the epoch (fractional) at a `performance.now()` reading. */
export function wallTime(at: number): number {
  if (at >= checkAt) follow(at);
  return at + offset;
}

/** Makes the next reading check the wall clock (after a known change of it; used by tests). */
export function recheckWallClock(): void {
  checkAt = -Infinity;
}

function follow(at: number): void {
  checkAt = at + CHECK_MS;
  // Date.now() is the wall time rounded down: the true time is in [wall, wall + 1).
  const wall = Date.now();
  const derived = at + offset;
  if (derived < wall - 0.5 || derived > wall + 1.5) offset = wall + 0.5 - at;
}

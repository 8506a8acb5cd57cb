/**
 * Wall-clock time read from the monotonic clock. A clock read costs about 50 ns on the
 * virtual machines we measured (`Date.now()` and `performance.now()` alike), and a traced call
 * needs the time four times (two timestamps, a span's start and end); reading
 * `performance.now()` once per event and deriving the timestamp from it halves that.
 * `Date.now()` is read at most once a second to follow the wall clock: the derived time stays
 * within about a millisecond of it through NTP slewing, and a clock set by hand is followed
 * within a second. A `Date.now` replaced by the app (fake timers in tests) is used as is, and a
 * `performance.now()` that goes backwards (a faked one) makes the next reading check again.
 * @module
 */

/** How often the derived time is checked against `Date.now()`, in ms. */
const CHECK_MS = 1000;

const nativeDateNow = Date.now;
let offset = performance.timeOrigin;
let checkAt = -Infinity;

/** Milliseconds since the epoch (fractional) at a `performance.now()` reading. */
export function wallTime(at: number): number {
  if (Date.now !== nativeDateNow) return Date.now();
  if (at >= checkAt || at < checkAt - CHECK_MS) follow();
  return at + offset;
}

/** Makes the next reading check the wall clock (after a known change of it). */
export function recheckWallClock(): void {
  checkAt = -Infinity;
}

function follow(): void {
  // Date.now() is the wall time rounded down: the true time is in [wall, wall + 1).
  const wall = Date.now();
  const now = performance.now();
  checkAt = now + CHECK_MS;
  const derived = now + offset;
  if (derived < wall - 0.5 || derived > wall + 1.5) offset = wall + 0.5 - now;
}

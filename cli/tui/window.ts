/**
 * Windowing: which slice of a long list is on screen. Only the visible rows are ever
 * formatted or rendered, so the cost of a frame depends on the terminal's height, not on
 * how many events are buffered.
 * @module
 */

/** `cursor` kept inside `[0, total - 1]` (0 when the list is empty). */
export function clampCursor(cursor: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(Math.max(cursor, 0), total - 1);
}

/**
 * The first visible row after the cursor moved: scrolls just enough to keep `cursor` on
 * screen, and never leaves empty rows below the end of the list when it can be avoided.
 * @example
 * ```ts
 * scrollTop(50, 0, 20, 100); // 31: row 50 is the last of rows 31..50
 * ```
 */
export function scrollTop(cursor: number, top: number, height: number, total: number): number {
  if (height <= 0 || total <= 0) return 0;
  let t = top;
  if (cursor < t) t = cursor;
  if (cursor >= t + height) t = cursor - height + 1;
  const maxTop = Math.max(0, total - height);
  return Math.min(Math.max(t, 0), maxTop);
}

/** The half-open range `[from, to)` of rows on screen. */
export function visibleRange(top: number, height: number, total: number): [number, number] {
  const from = Math.min(Math.max(top, 0), Math.max(total, 0));
  return [from, Math.min(total, from + Math.max(height, 0))];
}

/** The cursor after a page down (`dir` 1) or page up (`dir` -1): one screen minus one row of overlap. */
export function pageCursor(cursor: number, dir: 1 | -1, height: number, total: number): number {
  return clampCursor(cursor + dir * Math.max(1, height - 1), total);
}

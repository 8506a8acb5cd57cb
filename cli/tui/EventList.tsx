/**
 * The event list: a column header and only the rows on screen (windowed), the selected row
 * inverted, errors in red.
 * @module
 */
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { columnsFor, fit, formatRow, headerRow, isError } from './row-format.js';
import type { ViewerModel } from './viewer-model.js';
import { visibleRange } from './window.js';

/** Props of {@link EventList}. */
export interface EventListProps {
  model: ViewerModel;
  width: number;
  /** Rows available for events (the header line is extra). */
  height: number;
}

/** The windowed event list. */
export function EventList({ model, width, height }: EventListProps): ReactElement {
  const cols = columnsFor(width);
  const [from, to] = visibleRange(model.top, height, model.matches.length);
  const rows: ReactElement[] = [];
  const events = model.events;
  for (let i = from; i < to; i++) {
    const e = events[model.matches[i]!]!;
    const selected = i === model.cursor;
    const err = isError(e);
    const text = fit((selected ? '▶ ' : '  ') + formatRow(e, cols), width);
    rows.push(
      <Text key={i} wrap="truncate" inverse={selected} bold={selected} color={err ? 'red' : undefined}>{text}</Text>,
    );
  }
  const empty = model.matches.length === 0;
  return (
    <Box flexDirection="column" height={height + 1}>
      <Text wrap="truncate" dimColor>{fit('  ' + headerRow(cols), width)}</Text>
      {empty ? <Text dimColor>{model.events.length === 0 ? '  (waiting for events…)' : '  (no event matches the filter)'}</Text> : rows}
    </Box>
  );
}

/**
 * The viewer's root component: lays out the screen for the current mode, routes keys to the
 * model and quits on `q`.
 * @module
 */
import { Box, Text, useApp, useInput } from 'ink';
import type { ReactElement } from 'react';
import { useCallback, useState } from 'react';
import { escapeText } from '../../src/format/escape.js';
import { EventList } from './EventList.js';
import { HelpView } from './HelpView.js';
import { footerHints, keyAction } from './keys.js';
import { StatusLine } from './StatusLine.js';
import { TraceView } from './TraceView.js';
import type { EventSource } from './use-event-feed.js';
import { useEventFeed } from './use-event-feed.js';
import { useTerminalSize } from './use-terminal-size.js';
import type { ViewerModel } from './viewer-model.js';

/** Props of {@link App}. */
export interface AppProps {
  model: ViewerModel;
  /** Where events come from (none: only what the model already holds). */
  source?: EventSource;
  /** What is being viewed, for the title line (default `muxi trace`). */
  title?: string;
  /** Fixed size instead of the terminal's (tests). */
  width?: number;
  height?: number;
  /** Longest wait before new events are shown, in ms (default 50: at most 20 renders a second). */
  frameMs?: number;
}

const n = (x: number): string => x.toLocaleString('en-US');

/** Rows used by the list and by the trace view's panes for a screen `height` rows tall. */
function paneHeights(height: number): { listHeight: number; treeHeight: number; detailHeight: number } {
  const listHeight = Math.max(1, height - 4); // title, column header, status, footer
  const rest = Math.max(2, height - 4); // summary (two lines), separator, footer
  const treeHeight = Math.max(1, Math.floor(rest * 0.45));
  return { listHeight, treeHeight, detailHeight: Math.max(1, rest - treeHeight) };
}

/** The interactive viewer. */
export function App({ model, source, title, width: fixedW, height: fixedH, frameMs }: AppProps): ReactElement {
  const { exit } = useApp();
  const [, setTick] = useState(0);
  const rerender = useCallback(() => setTick((t) => t + 1), []);
  const size = useTerminalSize({ width: fixedW, height: fixedH });
  // Keep one row free: an Ink frame as tall as the terminal is redrawn by clearing the screen.
  const height = Math.max(6, fixedH ?? size.height - 1);
  const width = Math.max(40, size.width);
  const panes = paneHeights(height);
  if (panes.listHeight !== model.listHeight || panes.treeHeight !== model.treeHeight || panes.detailHeight !== model.detailHeight) {
    model.dispatch({ type: 'resize', ...panes });
  }
  useEventFeed(model, source, rerender, frameMs);
  useInput((input, key) => {
    // Keys typed faster than a read (or pasted) arrive as one string: outside the filter line
    // each character is its own command, so "/agent" opens the filter and types "agent".
    const plain = !key.ctrl && !key.meta && !key.escape && !key.return;
    let rest = input;
    let changed = false;
    do {
      const one = plain && model.mode !== 'filter' && rest.length > 1 ? rest[0]! : rest;
      rest = rest.slice(one.length);
      const a = keyAction(model.mode, one, key, model.draft);
      if (a === undefined) continue;
      if (a.type === 'quit') {
        exit();
        return;
      }
      model.dispatch(a);
      changed = true;
    } while (rest !== '');
    if (changed) rerender();
  });

  const b = model.buffer;
  const dropped = b.droppedEvents > 0 ? ` · dropped ${n(b.droppedEvents)} old events (${n(b.droppedTraces)} traces)` : '';
  let body: ReactElement;
  if (model.mode === 'help') body = <HelpView height={height - 2} />;
  else if (model.mode === 'trace') body = <TraceView model={model} width={width} />;
  else body = <EventList model={model} width={width} height={model.listHeight} />;
  return (
    <Box flexDirection="column" height={height} width={width}>
      {model.mode === 'trace' ? null : (
        <Text wrap="truncate" bold>
          {escapeText(title ?? 'muxi trace')}
          <Text dimColor>{` · ${n(b.events.length)} events in ${n(b.traces)} traces`}</Text>
          {dropped !== '' ? <Text color="yellow">{dropped}</Text> : null}
        </Text>
      )}
      {body}
      {model.mode === 'list' || model.mode === 'filter' ? <StatusLine model={model} /> : null}
      <Box flexGrow={1} />
      <Text wrap="truncate" dimColor>{footerHints(model.mode)}</Text>
    </Box>
  );
}

/**
 * The line under the list: the filter being edited (with its live match count or its error),
 * or the applied filter, the match count, the "N new" badge and one-shot notices.
 * @module
 */
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { escapeText } from '../../src/format/escape.js';
import type { ViewerModel } from './viewer-model.js';

const n = (x: number): string => x.toLocaleString('en-US');

/** Props of {@link StatusLine}. */
export interface StatusLineProps {
  model: ViewerModel;
}

/** The filter / status line. */
export function StatusLine({ model }: StatusLineProps): ReactElement {
  const total = model.events.length;
  const count = `${n(model.matches.length)} of ${n(total)} match`;
  if (model.mode === 'filter') {
    return (
      <Box>
        <Text color="cyan" bold>/ </Text>
        <Text wrap="truncate">{escapeText(model.draft)}</Text>
        <Text inverse> </Text>
        {model.draftError !== undefined
          ? <Text color="red" wrap="truncate">  {escapeText(model.draftError)}</Text>
          : <Text color="cyan">  {count}</Text>}
      </Box>
    );
  }
  return (
    <Box>
      <Text wrap="truncate">
        <Text color="cyan">filter: </Text>
        <Text>{model.filterText === '' ? '(none)' : escapeText(model.filterText)}</Text>
        <Text color="cyan"> · {count}</Text>
        {model.newCount > 0 ? <Text color="yellow" bold> · ↓ {n(model.newCount)} new</Text> : null}
        <Text dimColor> · {model.follow ? 'following' : 'follow off'}{model.ended ? ' · end of input' : ''}</Text>
        {model.endNote !== '' ? <Text color="yellow"> · {escapeText(model.endNote)}</Text> : null}
        {model.notice !== '' ? <Text color="yellow"> · {escapeText(model.notice)}</Text> : null}
      </Text>
    </Box>
  );
}

/**
 * The help screen: every key and what it does.
 * @module
 */
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { HELP_ROWS } from './keys.js';

/** Props of {@link HelpView}. */
export interface HelpViewProps {
  height: number;
}

/** The key table. */
export function HelpView({ height }: HelpViewProps): ReactElement {
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>Keys</Text>
      {HELP_ROWS.slice(0, Math.max(0, height - 2)).map(([k, what]) => (
        <Text key={k} wrap="truncate"><Text color="cyan">{k.padEnd(18)}</Text>{what}</Text>
      ))}
      <Text dimColor wrap="truncate">Filter: component=agent op=tool_call agent~=wea level&gt;=WARN duration&gt;100 data.tool=search /regex/ text</Text>
    </Box>
  );
}

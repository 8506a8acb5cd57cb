/**
 * The trace view: per-trace totals, the span tree with waterfall bars (errors marked), and a
 * detail pane with the selected span's events as pretty JSON.
 * @module
 */
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { escapeText } from '../../src/format/escape.js';
import { fit, formatDuration } from './row-format.js';
import { waterfallBar } from './trace-layout.js';
import type { ViewerModel } from './viewer-model.js';
import { visibleRange } from './window.js';

/** Props of {@link TraceView}. */
export interface TraceViewProps {
  model: ViewerModel;
  width: number;
}

/** The whole trace screen (totals, tree, detail); heights come from the model. */
export function TraceView({ model, width }: TraceViewProps): ReactElement | null {
  const t = model.trace;
  if (t === undefined) return null;
  const { layout } = t;
  const tot = layout.totals;
  const nameW = Math.max(20, Math.min(44, Math.floor(width * 0.38)));
  const agentW = width >= 100 ? 12 : 8;
  const durW = 8;
  const barW = Math.max(10, width - nameW - agentW - durW - 5);
  const [from, to] = visibleRange(t.top, model.treeHeight, layout.rows.length);
  const rows: ReactElement[] = [];
  for (let i = from; i < to; i++) {
    const r = layout.rows[i]!;
    const selected = i === t.row;
    const label = '  '.repeat(r.depth) + (r.error ? '✗ ' : '') + escapeText(r.name);
    const text = (selected ? '▶ ' : '  ') + fit(label, nameW) + ' ' + fit(escapeText(r.agent ?? ''), agentW) + ' ' +
      fit(formatDuration(r.durationMs ?? (r.end > r.start ? r.end - r.start : undefined)), durW, 'right') + ' ';
    rows.push(
      <Text key={r.spanId + i} wrap="truncate" inverse={selected} color={r.error ? 'red' : undefined}>
        {text}<Text color={r.error ? 'red' : 'green'}>{waterfallBar(r, layout.start, layout.end, barW)}</Text>
      </Text>,
    );
  }
  // A short tree lends its unused rows to the detail pane.
  const treeRows = Math.min(model.treeHeight, layout.rows.length);
  const detailRows = model.detailHeight + model.treeHeight - treeRows;
  const lines = model.detailLines();
  const dTop = Math.min(t.detailTop, Math.max(0, lines.length - detailRows));
  const shown = lines.slice(dTop, dTop + detailRows);
  const more = lines.length - dTop - shown.length;
  const summary = `trace ${escapeText(t.traceId)} · ${formatDuration(tot.durationMs) || '0ms'} · ${tot.spans} spans · ` +
    `${tot.events} events · ${tot.errors} error${tot.errors === 1 ? '' : 's'}`;
  const who = (tot.agents.length > 0 ? `agents: ${tot.agents.map(escapeText).join(', ')}` : 'no agent') +
    (tot.inputTokens + tot.outputTokens > 0 ? ` · tokens: ${tot.inputTokens} in, ${tot.outputTokens} out` : '') +
    ` · list filter: ${model.filterText === '' ? '(none)' : escapeText(model.filterText)} (${model.matches.length.toLocaleString('en-US')} of ${model.events.length.toLocaleString('en-US')} match)` +
    (model.notice !== '' ? ` · ${escapeText(model.notice)}` : '');
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" bold color={tot.errors > 0 ? 'red' : 'cyan'}>{summary}</Text>
      <Text wrap="truncate" dimColor>{who}</Text>
      <Box flexDirection="column" height={treeRows}>{rows}</Box>
      <Text wrap="truncate" dimColor>{fit(`── detail: span ${layout.rows[t.row]?.spanId ?? ''}${more > 0 ? ` · ${more} more lines (PgDn)` : ''} `, width).replace(/ +$/, (s) => '─'.repeat(s.length))}</Text>
      <Box flexDirection="column" height={detailRows}>
        {shown.map((l, i) => <Text key={i} wrap="truncate">{l}</Text>)}
      </Box>
    </Box>
  );
}

/**
 * The text table of `muxi trace stats`. Names from the log are escaped, never interpreted.
 * @module
 */
import { escapeText } from '../format/escape.js';
import type { LatencySummary } from './quantiles.js';
import type { TraceStats } from './stats.js';

/** Lays out rows as left-aligned first column(s) and right-aligned numbers. */
export function table(header: string[], rows: Array<Array<string | number>>, leftCols = 1): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmtNum(c) : escapeText(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => '  ' + r.map((c, i) => (i < leftCols ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function fmtNum(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

function latencyTable(title: string, label: string, m: Record<string, LatencySummary>): string[] {
  const keys = Object.keys(m);
  if (keys.length === 0) return [];
  const rows = keys.map((k) => { const s = m[k]!; return [k, s.count, s.p50, s.p90, s.p99, s.max]; });
  return ['', title, table([label, 'COUNT', 'P50', 'P90', 'P99', 'MAX'], rows)];
}

/**
 * Renders {@link TraceStats} as the text tables `muxi trace stats` prints.
 * @example
 * ```text
 * Events 12  traces 2  errors 1  from 2026-05-15T10:15:22.123Z to 2026-05-15T10:15:24.002Z
 *
 * Events by component and operation
 *   OPERATION            EVENTS  ERRORS
 *   agent:tool_call           2       0
 * ```
 */
export function formatStats(s: TraceStats): string {
  const span = s.first_timestamp !== undefined ? `  from ${escapeText(s.first_timestamp)} to ${escapeText(s.last_timestamp ?? '')}` : '';
  const out: string[] = [`Events ${s.events}  traces ${s.traces}  errors ${s.errors}${span}`];
  const comps = Object.entries(s.components);
  if (comps.length > 0) out.push('', 'Events by component', table(['COMPONENT', 'EVENTS'], comps.map(([k, v]) => [k, v])));
  const ops = Object.entries(s.operations);
  if (ops.length > 0) {
    out.push('', 'Events by component and operation',
      table(['OPERATION', 'EVENTS', 'ERRORS'], ops.map(([k, v]) => [k, v.events, v.errors])));
  }
  out.push(...latencyTable('Latency per operation (ms)', 'OPERATION', s.latency.operation));
  out.push(...latencyTable('Latency per agent (ms, agent:response)', 'AGENT', s.latency.agent));
  out.push(...latencyTable('Latency per tool (ms)', 'TOOL', s.latency.tool));
  if (s.tokens.length > 0) {
    out.push('', 'Tokens per agent and model', table(['AGENT', 'MODEL', 'CALLS', 'INPUT', 'OUTPUT', 'TOTAL'],
      s.tokens.map((t) => [t.agent, t.model, t.calls, t.input_tokens, t.output_tokens, t.input_tokens + t.output_tokens]), 2));
  }
  return out.join('\n') + '\n';
}

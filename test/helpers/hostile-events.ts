/**
 * Random trace events with the values that make reading JSON from bytes hard: quotes, escapes,
 * unicode, keys the index reads nested where it must not read them, odd numbers, errors.
 */
import type { TraceEvent } from '../../src/event.js';
import { makeEvent } from './trace-lines.js';

/** A random event in the contract's form, with the values that make reading bytes hard. */
export function randomEvent(r: () => number): TraceEvent {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const text = (): string => pick(['plain', 'quote " inside', 'back\\slash', 'tab\there', 'é unicode ✓', '😀 astral', 'line\nbreak', '"tool":"fake"', '}{][', '\\"', 'usage', '']);
  const ops = ['message', 'tool_call', 'tool_result', 'tool_call_error', 'llm_result', 'response', 'route'];
  const e = makeEvent({
    component: pick(['user', 'agent', 'mcp', 'orchestrator', 'a"b', 'ünï']),
    operation: pick(ops),
    message: text(),
    level: pick(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const),
  });
  if (r() < 0.5) e.parent_span_id = '00f067aa0ba902b7';
  if (r() < 0.6) e.user_id = pick(['alice', 'bob "b"', 'ü', text()]);
  if (r() < 0.6) e.agent_id = pick(['weather', 'm\\x', text()]);
  if (r() < 0.8) {
    const data: Record<string, unknown> = {};
    const keys = ['tool', 'server', 'model', 'usage', 'message', 'params', 'result', 'nested'];
    for (const k of keys) {
      if (r() < 0.4) continue;
      data[k] = k === 'usage'
        ? pick([{ input_tokens: Math.floor(r() * 1000), output_tokens: Math.floor(r() * 100) }, { input_tokens: '5' }, null, [1, 2], { output_tokens: 1.5e3, x: { input_tokens: 9 } }, 'none'])
        : k === 'nested' ? { tool: 'inner', usage: { input_tokens: 1 }, list: [text(), { a: [] }], n: -0.5e-3 }
          : pick([text(), 12, -3.25, true, null, [text()], { deep: { tool: text() } }]);
    }
    e.data = data;
  }
  if (r() < 0.5) e.duration_ms = pick([0, 1.714, 12, 123456.789, 1e-7, 33.3333333333333]);
  if (r() < 0.2) e.error = { type: 'Error', message: text(), stack: 'at x\n  at y' };
  return e;
}


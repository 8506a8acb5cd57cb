/**
 * Formats: the text template (escaping, padding, fields), JSON lines under hostile input,
 * colour only where it belongs, and the custom formatter hook.
 */
import { expect } from 'chai';
import { MemorySink, Tracer, TracingConfigError, defaultConfig } from '../../src/index.js';
import { createStdoutSink } from '../../src/sinks/stdout.js';
import { DEFAULT_TEMPLATE } from '../../src/config.js';
import { compileTemplate } from '../../src/format/template.js';
import { escapeText } from '../../src/format/escape.js';
import { jsonLine } from '../../src/format/json.js';
import { shouldColor } from '../../src/format/color.js';
import type { TraceEvent } from '../../src/index.js';
import { CaptureStream } from '../helpers/capture-stream.js';
import { isolated } from '../helpers/delay.js';

const HOSTILE = [
  'line one\n[2026-01-01 00:00:00.000] | ERROR    | deadbeef | forged:line - pwned',
  'carriage\rreturn',
  'ansi \u001b[31mred\u001b[0m and \u001b]0;title\u0007 osc',
  'c0 \u0000\u0001\u0008\u000b\u000c\u007f c1 \u0085\u009b',
  'bidi \u202eevil\u202c \u2066iso\u2069 \u200f',
  'separators \u2028 and \u2029',
];

function event(over: Partial<TraceEvent> = {}): TraceEvent {
  return {
    timestamp: '2026-05-15T10:15:22.123Z', level: 'TRACE', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    span_id: '00f067aa0ba902b7', component: 'agent', operation: 'tool_call', message: 'hello', ...over,
  };
}

// eslint-disable-next-line no-control-regex
const RAW_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f]/;

describe('core: formats', () => {
  describe('text escaping', () => {
    it('escapeText writes control, ANSI and bidi characters as visible escapes', () => {
      expect(escapeText('a\nb')).to.equal('a\\nb');
      expect(escapeText('a\rb\tc')).to.equal('a\\rb\\tc');
      expect(escapeText('\u001b[31m')).to.equal('\\x1b[31m');
      expect(escapeText('\u009b')).to.equal('\\x9b');
      expect(escapeText('\u202e')).to.equal('\\u202e');
      expect(escapeText('plain text ünïcödé 日本')).to.equal('plain text ünïcödé 日本');
    });

    it('no forged lines and no raw escapes from message, user_id, agent_id or data', async () => {
      const text = new CaptureStream(true); // even on a "TTY", user text is escaped
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem, createStdoutSink(
        { ...defaultConfig(), format: '{level} {user_id} {agent_id} {message} {data}' }, { stream: text })] });
      isolated(() => {
        for (const h of HOSTILE) t.trace('agent', 'x', h, { userId: h, agentId: h, data: { [h]: h } });
      });
      await t.flush();
      const lines = text.lines();
      expect(lines).to.have.length(HOSTILE.length);
      for (const raw of lines) {
        // The only escapes allowed are the sink's own level colour codes.
        // eslint-disable-next-line no-control-regex
        const line = raw.replace(/^\u001b\[90m(TRACE)\u001b\[0m/, '$1');
        expect(line).to.not.match(RAW_UNSAFE);
        expect(line.startsWith('TRACE ')).to.equal(true);
      }
      expect(lines[0]).to.include('line one\\n[2026');
      expect(lines[2]).to.include('\\x1b[31mred');
      expect(lines[4]).to.include('\\u202eevil');
    });

    it('JSON lines stay one valid JSON line each and round-trip the text', async () => {
      const json = new CaptureStream();
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem, createStdoutSink({ ...defaultConfig(), format: 'json' }, { stream: json })] });
      isolated(() => {
        for (const h of HOSTILE) t.trace('agent', 'x', h, { userId: h, agentId: h, data: { [h]: h } });
        t.trace('agent', 'x', 'lone surrogate \ud800 here');
      });
      await t.flush();
      const lines = json.lines();
      expect(lines).to.have.length(HOSTILE.length + 1);
      lines.slice(0, HOSTILE.length).forEach((line, i) => {
        // eslint-disable-next-line no-control-regex
        expect(line).to.not.match(/[\u0000-\u001f]/);
        const o = JSON.parse(line) as TraceEvent;
        expect(o.message).to.equal(HOSTILE[i]);
        expect(o.user_id).to.equal(HOSTILE[i]);
        expect(o.data).to.deep.equal({ [HOSTILE[i]!]: HOSTILE[i] });
      });
      expect((JSON.parse(lines.at(-1)!) as TraceEvent).message).to.include('lone surrogate');
    });
  });

  describe('templates', () => {
    it('renders the PRD template with padding and the short trace id', () => {
      const f = compileTemplate(DEFAULT_TEMPLATE);
      const line = f(event({ level: 'WARN' }));
      expect(line).to.match(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.123\] \| WARN {5}\| 4bf92f35 \| agent:tool_call - hello$/);
    });

    it('supports alignment, fill, literal braces, full ids and any event field', () => {
      const f = compileTemplate('{{{level:>7}}} {level:*^9} {trace_id:full} {span_id} {parent_span_id} {duration_ms} {error} {time:HH:mm}');
      const line = f(event({ level: 'INFO', parent_span_id: '1111111111111111', duration_ms: 12.5, error: { type: 'TypeError', message: 'bad\nthing' } }));
      const d = new Date('2026-05-15T10:15:22.123Z');
      const hhmm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
      expect(line).to.equal(`{   INFO} **INFO*** 4bf92f3577b34da6a3ce929d0e0e4736 00f067aa0ba902b7 1111111111111111 12.5 TypeError: bad\\nthing ${hhmm}`);
      expect(compileTemplate('{user_id}|{agent_id}|{data}')(event())).to.equal('||');
    });

    it('rejects unknown fields, unbalanced braces and bad specs with TracingConfigError', () => {
      for (const bad of ['{nope}', '{level', 'x}', '{level:wide}']) {
        expect(() => compileTemplate(bad), bad).to.throw(TracingConfigError, /TRACING_FORMAT/);
      }
    });
  });

  describe('colour', () => {
    it('shouldColor: only on a TTY, NO_COLOR turns it off, FORCE_COLOR turns it on', () => {
      expect(shouldColor({ isTTY: true }, {})).to.equal(true);
      expect(shouldColor({ isTTY: false }, {})).to.equal(false);
      expect(shouldColor(undefined, {})).to.equal(false);
      expect(shouldColor({ isTTY: true }, { NO_COLOR: '1' })).to.equal(false);
      expect(shouldColor({ isTTY: true }, { NO_COLOR: '' })).to.equal(true);
      expect(shouldColor({ isTTY: false }, { FORCE_COLOR: '1' })).to.equal(true);
      expect(shouldColor({ isTTY: true }, { FORCE_COLOR: '0' })).to.equal(false);
      expect(shouldColor({ isTTY: false }, { NO_COLOR: '1', FORCE_COLOR: '1' })).to.equal(false);
    });

    it('the stdout sink colours the level on a TTY and not on a pipe', async () => {
      const saved = { NO_COLOR: process.env['NO_COLOR'], FORCE_COLOR: process.env['FORCE_COLOR'] };
      delete process.env['NO_COLOR'];
      delete process.env['FORCE_COLOR'];
      try {
        const tty = new CaptureStream(true);
        const pipe = new CaptureStream(false);
        const t = new Tracer({ env: false, stdout: false, sinks: [createStdoutSink(defaultConfig(), { stream: tty }), createStdoutSink(defaultConfig(), { stream: pipe })] });
        isolated(() => t.trace('agent', 'x', 'evil \u001b[2J'));
        await t.flush();
        expect(tty.text).to.include('\u001b[90mTRACE   \u001b[0m');
        expect(tty.text).to.include('evil \\x1b[2J');
        expect(pipe.text).to.not.include('\u001b');
      } finally {
        for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
      }
    });
  });

  describe('custom formatter hook', () => {
    it('config.formatter replaces the template in the stdout sink', async () => {
      const out = new CaptureStream();
      const formatter = (e: TraceEvent): string => `${e.level}|${e.component}.${e.operation}|${e.message.length}`;
      const t = new Tracer({ env: false, stdout: false, sinks: [createStdoutSink({ ...defaultConfig(), formatter }, { stream: out })] });
      isolated(() => t.trace('agent', 'x', 'four'));
      await t.flush();
      expect(out.lines()).to.deep.equal(['TRACE|agent.x|4']);
    });

    it('a formatter that throws never reaches the caller and the other sinks still get the event', async () => {
      const mem = new MemorySink();
      const out = new CaptureStream();
      const formatter = (): string => { throw new Error('formatter broke'); };
      const t = new Tracer({ env: false, stdout: false, sinks: [createStdoutSink({ ...defaultConfig(), formatter }, { stream: out }), mem] });
      isolated(() => t.trace('agent', 'x', 'y'));
      await t.flush();
      expect(mem.events).to.have.length(1);
      expect(out.text).to.equal('');
      expect(t.stats().failures).to.equal(1);
    });
  });

  it('a field width over 1000 is a TracingConfigError naming the setting', () => {
    expect(() => compileTemplate('{level: <600000000}')).to.throw(TracingConfigError, /TRACING_FORMAT/);
    expect(compileTemplate('{level: <1000}')(event({})).length).to.equal(1000);
  });

  it('a compiled template used for many events writes each as a fresh one would (remembered field text never leaks)', () => {
    const tpl = '{time} | {level: <8} | {trace_id} | {component:>10}:{operation:^12} - {message} {agent_id} {user_id} {duration_ms}';
    const reused = compileTemplate(tpl);
    const pick = <T,>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
    const levels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
    for (let i = 0; i < 500; i++) {
      const e = event({
        level: pick(levels, i * 7), component: pick(['agent', 'mcp', 'x\u202ey', ''], i), operation: pick(['tool_call', 'a', 'tool_call_end'], i * 3),
        message: pick(['hello', 'line\nbreak', 'hello', 'tab\there', ...HOSTILE], i * 5), agent_id: i % 4 === 0 ? undefined : pick(['w', 'm\u0007'], i),
        user_id: i % 3 === 0 ? 'u' : undefined, duration_ms: i % 2 ? i / 1000 : undefined,
      });
      expect(reused(e), `event ${i}`).to.equal(compileTemplate(tpl)(e));
    }
  });

  it('jsonLine writes the fields in contract order and omits absent ones', () => {
    const line = jsonLine(event({ user_id: 'u', duration_ms: 3, data: { a: 1 } }));
    expect(line).to.equal('{"timestamp":"2026-05-15T10:15:22.123Z","level":"TRACE","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736",' +
      '"span_id":"00f067aa0ba902b7","component":"agent","operation":"tool_call","message":"hello","user_id":"u","data":{"a":1},"duration_ms":3}');
  });
});

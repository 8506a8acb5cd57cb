import { expect } from 'chai';
import { Logger } from 'tslog';
import type { ILogObj } from 'tslog';
import { MemorySink, Tracer, traceFields, tslogSink, withTraceContext } from '../../src/index.js';
import { contextManager } from '../../src/context.js';

interface Captured {
  level: string;
  line: Record<string, unknown>;
}

/** A real tslog Logger (type hidden: no console output) whose JSON lines are captured by a transport. */
function capturingLogger(): { log: Logger<ILogObj>; out: Captured[] } {
  const out: Captured[] = [];
  const log = new Logger<ILogObj>({ type: 'hidden', minLevel: 0, name: 'app' });
  log.attachTransport({
    name: 'capture',
    format: 'json',
    write: (_record, line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      out.push({ level: String(parsed.level), line: parsed });
    },
  });
  return { log, out };
}

describe('tslog beside us', () => {
  it('tslogSink routes trace events into a tslog Logger with mapped levels and ids', async () => {
    const { log, out } = capturingLogger();
    const t = new Tracer({ env: false, stdout: false, sinks: [tslogSink(log)] });
    // scoped, so userMessage's enterWith does not leak into the next tests
    const traceId = t.startTrace({}, () => {
      const id = t.userMessage('What is the weather?', 'user-1');
      for (const level of ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const) {
        t.trace('agent', 'step', `at ${level}`, { level, data: { k: level } });
      }
      return id;
    });
    await t.flush();
    expect(out.map((o) => o.level)).to.deep.equal(['TRACE', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']);
    const first = out[0]!.line;
    expect(first.message).to.equal('User sent: What is the weather?');
    expect(first).to.include({ trace_id: traceId, component: 'user', operation: 'message', user_id: 'user-1' });
    expect(first.span_id).to.match(/^[0-9a-f]{16}$/);
    const warn = out[4]!.line;
    expect(warn).to.include({ trace_id: traceId, component: 'agent', operation: 'step', message: 'at WARN' });
    expect(warn.parent_span_id).to.equal(first.span_id);
    expect(warn.data).to.deep.equal({ k: 'WARN' });
    await t.shutdown();
  });

  it("the logger's own minLevel applies", async () => {
    const out: string[] = [];
    const log = new Logger<ILogObj>({ type: 'hidden', minLevel: 'WARN' });
    log.attachTransport({ write: (_r, line) => { out.push(line); } });
    const t = new Tracer({ env: false, stdout: false, sinks: [tslogSink(log)] });
    t.trace('c', 'quiet', 'trace level', { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    t.trace('c', 'loud', 'error level', { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', level: 'ERROR' });
    await t.flush();
    expect(out).to.have.length(1);
    await t.shutdown();
  });

  it("withTraceContext: the app's own tslog logs carry the current trace_id and span_id", async () => {
    const { log, out } = capturingLogger();
    withTraceContext(log);
    const mem = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
    log.info('outside any trace');
    let inside: { trace_id?: string; span_id?: string } = {};
    await t.startTrace({ userId: 'u' }, async () => {
      t.userMessage('hi', 'u');
      await new Promise((r) => setTimeout(r, 1));
      inside = traceFields();
      log.info('inside', { step: 1 });
      const child = log.getSubLogger({ name: 'child' });
      child.warn('from a sub-logger');
    });
    const meta = (o: Captured): Record<string, unknown> => o.line._logMeta as Record<string, unknown>;
    expect(meta(out[0]!)).to.not.have.property('trace_id');
    expect(inside.trace_id).to.match(/^[0-9a-f]{32}$/);
    expect(meta(out[1]!)).to.include({ trace_id: inside.trace_id, span_id: inside.span_id });
    expect(meta(out[2]!)).to.include({ trace_id: inside.trace_id, span_id: inside.span_id });
    // the ids are the tracer's: the user:message event has that trace and span
    expect(mem.events[0]).to.include({ trace_id: inside.trace_id, span_id: inside.span_id });
    expect(contextManager.active()).to.equal(undefined);
    await t.shutdown();
  });

  it('traceFields() is empty outside a trace', () => {
    expect(traceFields()).to.deep.equal({});
  });
});

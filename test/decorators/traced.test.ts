import { expect } from 'chai';
import { Traced } from '../../decorators/index.js';
import { Tracer } from '../../src/index.js';
import { contextManager } from '../../src/context.js';
import { find, mode, names, one, sink, t, tick } from './helpers.js';

class Calc {
  factor = 3;

  @Traced({ tracer: t, component: 'calc' })
  times(a: number, b = 2): number {
    return a * b * (this.factor / 3);
  }

  @Traced({ tracer: t, component: 'calc', result: true })
  async slowAdd(a: number, b: number): Promise<number> {
    await tick();
    return a + b;
  }

  @Traced({ tracer: t, component: 'calc' })
  fail(msg: string): never {
    throw new RangeError(msg);
  }

  @Traced({ tracer: t, component: 'calc' })
  async failLater(err: Error): Promise<void> {
    await tick();
    throw err;
  }

  @Traced({ tracer: t })
  static create(): Calc {
    return new Calc();
  }

  @Traced({ tracer: t, component: 'calc' })
  get double(): number {
    return 2;
  }
}

describe(`@Traced (${mode} decorators)`, () => {
  beforeEach(() => sink.clear());

  it('keeps a sync method sync, with _start/_end events, data.args and duration_ms', () => {
    const r = new Calc().times(4, 5);
    expect(r).to.equal(20);
    expect(names()).to.deep.equal(['calc:times_start', 'calc:times_end']);
    const [s, e] = sink.events;
    expect(s!.data).to.deep.equal({ args: { a: 4, b: 5 } });
    expect(s!.message).to.equal('Calling Calc.times');
    expect(e!.message).to.equal('Calc.times completed');
    expect(e!.span_id).to.equal(s!.span_id);
    expect(e!.duration_ms).to.be.a('number');
    expect(s!.duration_ms).to.equal(undefined);
  });

  it('keeps a promise a promise and records the resolved result when asked', async () => {
    const p = new Calc().slowAdd(1, 2);
    expect(p).to.be.instanceOf(Promise);
    expect(names()).to.deep.equal(['calc:slowAdd_start']);
    expect(await p).to.equal(3);
    expect(one('calc:slowAdd_end').data).to.deep.equal({ result: 3 });
  });

  it('records a sync throw at ERROR and rethrows the same error object', () => {
    const c = new Calc();
    let caught: unknown;
    try {
      c.fail('boom');
    } catch (e) {
      caught = e;
    }
    expect(caught).to.be.instanceOf(RangeError);
    const ev = one('calc:fail_error');
    expect(ev.level).to.equal('ERROR');
    expect(ev.error?.type).to.equal('RangeError');
    expect(ev.error?.message).to.equal('boom');
    expect(ev.error?.stack).to.include('RangeError');
    expect(ev.message).to.equal('Calc.fail failed: boom');
    expect(find('calc:fail_end')).to.have.length(0);
  });

  it('records a rejection and rejects with the same error object', async () => {
    const err = new Error('late');
    let caught: unknown;
    await new Calc().failLater(err).catch((e: unknown) => { caught = e; });
    expect(caught).to.equal(err);
    expect(one('calc:failLater_error').error?.message).to.equal('late');
  });

  it('keeps name and length of the method', () => {
    expect(Calc.prototype.times.name).to.equal('times');
    expect(Calc.prototype.times.length).to.equal(1);
    expect(Calc.prototype.slowAdd.length).to.equal(2);
    expect(Calc.create.name).to.equal('create');
  });

  it('traces static methods with the class as component by default', () => {
    const c = Calc.create();
    expect(c).to.be.instanceOf(Calc);
    expect(names()).to.deep.equal(['Calc:create_start', 'Calc:create_end']);
  });

  it('leaves getters alone', () => {
    expect(new Calc().double).to.equal(2);
    expect(sink.events).to.have.length(0);
    expect(typeof Object.getOwnPropertyDescriptor(Calc.prototype, 'double')?.get).to.equal('function');
  });

  it('works on a plain object, an object without prototype and a missing this', () => {
    class Echo {
      @Traced({ tracer: t })
      echo(x: number): number {
        return x;
      }
    }
    const plain = { factor: 6 };
    expect(Calc.prototype.times.call(plain, 1, 1)).to.equal(2);
    const bare = Object.create(null) as Echo;
    expect(Echo.prototype.echo.call(bare, 1)).to.equal(1);
    expect(Echo.prototype.echo.call(undefined as never, 2)).to.equal(2);
    expect(Echo.prototype.echo.call(5 as never, 3)).to.equal(3);
    expect(names()).to.deep.equal([
      'calc:times_start', 'calc:times_end', 'Object:echo_start', 'Object:echo_end',
      'global:echo_start', 'global:echo_end', 'Number:echo_start', 'Number:echo_end',
    ]);
    expect(one('calc:times_start').message).to.equal('Calling Object.times');
  });

  it('runs the body inside the span so nested calls form a tree', async () => {
    class Outer {
      @Traced({ tracer: t, component: 'tree' })
      async top(): Promise<number> {
        const a = this.mid();
        return a + (await new Calc().slowAdd(1, 1));
      }

      @Traced({ tracer: t, component: 'tree' })
      mid(): number {
        const here = contextManager.active();
        return here?.spanId === undefined ? -100 : new Calc().times(1, 1);
      }
    }
    expect(await new Outer().top()).to.equal(3);
    const top = one('tree:top_start');
    const mid = one('tree:mid_start');
    const times = one('calc:times_start');
    const add = one('calc:slowAdd_start');
    expect(top.parent_span_id).to.equal(undefined);
    expect(mid.parent_span_id).to.equal(top.span_id);
    expect(times.parent_span_id).to.equal(mid.span_id);
    expect(add.parent_span_id).to.equal(top.span_id);
    expect(new Set(sink.events.map((e) => e.trace_id)).size).to.equal(1);
    expect(one('tree:top_end').span_id).to.equal(top.span_id);
  });

  it('joins the current trace as a child span', () => {
    t.startTrace({ userId: 'u9' }, () => new Calc().times(1, 2));
    const s = one('calc:times_start');
    expect(s.user_id).to.equal('u9');
    expect(s.parent_span_id).to.equal(undefined);
    const tid = t.startTrace({}, () => {
      const outer = t.startSpan({ component: 'x', operation: 'y', message: 'm' });
      contextManager.with(outer.ctx, () => new Calc().times(2, 2));
      outer.end('z', { message: 'n' });
      return outer.ctx.traceId;
    });
    const inner = find('calc:times_start')[1]!;
    expect(inner.trace_id).to.equal(tid);
    expect(inner.parent_span_id).to.equal(one('x:y').span_id);
  });

  it('calls the original directly when the tracer is disabled', () => {
    const off = new Tracer({ env: false, stdout: false, enabled: false, sinks: [sink] });
    class C {
      @Traced({ tracer: off })
      m(this: unknown): unknown {
        return contextManager.active();
      }
    }
    expect(new C().m()).to.equal(undefined);
    expect(sink.events).to.have.length(0);
  });
});

describe(`@Traced options (${mode} decorators)`, () => {
  beforeEach(() => sink.clear());

  it('renames operations, templates messages and picks arguments', () => {
    class Weather {
      @Traced({
        tracer: t, component: 'weather', operation: 'lookup', startOperation: 'ask', endOperation: 'told', level: 'INFO',
        message: 'Looking up {city} for {1.name}', endMessage: '{city}: {result.temp} degrees in {class}.{method}', args: ['city', 2], result: true,
      })
      forecast(city: string, user: { name: string }, apiKey: string): { temp: number } {
        void city; void user; void apiKey;
        return { temp: 21 };
      }
    }
    new Weather().forecast('Paris', { name: 'ann' }, 'k-123');
    expect(names()).to.deep.equal(['weather:ask', 'weather:told']);
    const [s, e] = sink.events;
    expect(s!.message).to.equal('Looking up Paris for ann');
    expect(s!.level).to.equal('INFO');
    expect(s!.data).to.deep.equal({ args: { city: 'Paris', apiKey: '[REDACTED]' } });
    expect(e!.message).to.equal('Paris: 21 degrees in Weather.forecast');
    expect(e!.data).to.deep.equal({ result: { temp: 21 } });
  });

  it('takes message functions and an error operation; args:false keeps data out', () => {
    class S {
      tag = 'T';
      @Traced({
        tracer: t, component: 's', args: false, errorOperation: 'oops',
        message: (self, args) => `${(self as S).tag}:${String(args[0])}`,
        errorMessage: (_self, _args, err) => `bad ${(err as Error).message}`,
      })
      run(x: number): number {
        if (x < 0) throw new Error('negative');
        return x;
      }
    }
    new S().run(1);
    expect(() => new S().run(-1)).to.throw('negative');
    expect(names()).to.deep.equal(['s:run_start', 's:run_end', 's:run_start', 's:oops']);
    expect(sink.events[0]!.message).to.equal('T:1');
    expect(sink.events[0]!.data).to.equal(undefined);
    expect(sink.events[3]!.message).to.equal('bad negative');
  });

  it('stacks: two decorators give two nested spans, both reading the real parameter names', () => {
    class S {
      @Traced({ tracer: t, component: 'outer' })
      @Traced({ tracer: t, component: 'inner' })
      run(city: string, days: number): string {
        return `${city}/${days}`;
      }
    }
    expect(new S().run('Oslo', 3)).to.equal('Oslo/3');
    expect(names()).to.deep.equal(['outer:run_start', 'inner:run_start', 'inner:run_end', 'outer:run_end']);
    expect(sink.events[0]!.data).to.deep.equal({ args: { city: 'Oslo', days: 3 } });
    expect(sink.events[1]!.data).to.deep.equal({ args: { city: 'Oslo', days: 3 } });
    expect(sink.events[1]!.parent_span_id).to.equal(sink.events[0]!.span_id);
    expect(S.prototype.run.length).to.equal(2);
  });

  it('never throws into the caller when a message function fails', () => {
    class S {
      @Traced({ tracer: t, component: 's', message: () => { throw new Error('mine'); } })
      run(): number {
        return 7;
      }
    }
    expect(new S().run()).to.equal(7);
    expect(names()).to.deep.equal(['s:run_start', 's:run_end']);
  });
});

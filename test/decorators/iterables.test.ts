import { expect } from 'chai';
import { Traced } from '../../decorators/index.js';
import { contextManager } from '../../src/context.js';
import { find, mode, names, one, sink, t, tick } from './helpers.js';

class Feed {
  seen: Array<string | undefined> = [];

  @Traced({ tracer: t, component: 'feed' })
  async *numbers(n: number): AsyncGenerator<number, string> {
    for (let i = 0; i < n; i++) {
      await tick();
      this.seen.push(contextManager.active()?.spanId);
      yield i;
    }
    return 'done';
  }

  @Traced({ tracer: t, component: 'feed' })
  async *broken(): AsyncGenerator<number> {
    yield 1;
    throw new TypeError('stream broke');
  }

  cleaned = false;

  @Traced({ tracer: t, component: 'feed' })
  async *endless(): AsyncGenerator<number> {
    try {
      for (let i = 0; ; i++) yield i;
    } finally {
      this.cleaned = true;
    }
  }

  @Traced({ tracer: t, component: 'feed' })
  custom(): AsyncIterable<string> & { kind: string } {
    const words = ['a', 'b'];
    return {
      kind: 'custom',
      [Symbol.asyncIterator]() {
        let i = 0;
        return { next: async () => (i < words.length ? { done: false, value: words[i++]! } : { done: true as const, value: undefined }) };
      },
    };
  }
}

describe(`@Traced on async iterables (${mode} decorators)`, () => {
  beforeEach(() => sink.clear());

  it('keeps an async generator an async generator and closes the span when it finishes', async () => {
    const f = new Feed();
    const g = f.numbers(3);
    expect(Object.prototype.toString.call(g)).to.equal('[object AsyncGenerator]');
    const got: number[] = [];
    for await (const x of g) got.push(x);
    expect(got).to.deep.equal([0, 1, 2]);
    expect(names()).to.deep.equal(['feed:numbers_start', 'feed:numbers_end']);
    const s = one('feed:numbers_start');
    expect(f.seen).to.deep.equal([s.span_id, s.span_id, s.span_id]);
    expect(one('feed:numbers_end').data).to.deep.equal({ items: 3 });
    expect(one('feed:numbers_end').duration_ms).to.be.a('number');
  });

  it('passes the return value through next()', async () => {
    const g = new Feed().numbers(1);
    expect(await g.next()).to.deep.equal({ done: false, value: 0 });
    expect(await g.next()).to.deep.equal({ done: true, value: 'done' });
  });

  it('records an error thrown inside the generator and rethrows it', async () => {
    const got: number[] = [];
    let caught: unknown;
    try {
      for await (const x of new Feed().broken()) got.push(x);
    } catch (e) {
      caught = e;
    }
    expect(got).to.deep.equal([1]);
    expect(caught).to.be.instanceOf(TypeError);
    expect(names()).to.deep.equal(['feed:broken_start', 'feed:broken_error']);
    expect(one('feed:broken_error').error?.message).to.equal('stream broke');
  });

  it('emits the end event when the consumer stops early, and runs the generator cleanup', async () => {
    const f = new Feed();
    for await (const x of f.endless()) if (x === 2) break;
    expect(f.cleaned).to.equal(true);
    expect(names()).to.deep.equal(['feed:endless_start', 'feed:endless_end']);
    expect(one('feed:endless_end').data).to.deep.equal({ items: 3, early: true });
  });

  it('closes the span on return() before the first next()', async () => {
    const g = new Feed().endless();
    expect(await g.return(undefined)).to.deep.equal({ done: true, value: undefined });
    expect(names()).to.deep.equal(['feed:endless_start', 'feed:endless_end']);
  });

  it('forwards throw() into the generator', async () => {
    const f = new Feed();
    const g = f.endless();
    await g.next();
    const err = new Error('stop');
    let caught: unknown;
    await g.throw(err).catch((e: unknown) => { caught = e; });
    expect(caught).to.equal(err);
    expect(f.cleaned).to.equal(true);
    expect(find('feed:endless_error')).to.have.length(1);
  });

  it('traces another async iterable in place (same object) until it is done', async () => {
    const it = new Feed().custom();
    expect(it.kind).to.equal('custom');
    expect(names()).to.deep.equal(['feed:custom_start']);
    const got: string[] = [];
    for await (const w of it) got.push(w);
    expect(got).to.deep.equal(['a', 'b']);
    expect(names()).to.deep.equal(['feed:custom_start', 'feed:custom_end']);
  });
});

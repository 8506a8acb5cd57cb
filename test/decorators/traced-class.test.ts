import 'reflect-metadata';
import { expect } from 'chai';
import { Traced, TracedClass } from '../../decorators/index.js';
import { MemorySink, Tracer } from '../../src/index.js';
import { mode, names, one, sink, t } from './helpers.js';

@TracedClass({ component: 'agent', agentId: 'name', tracer: t })
class Agent {
  constructor(readonly name: string) {}

  @Traced({ operation: 'think' })
  think(q: string): string {
    return `${this.name}:${q}`;
  }

  @Traced()
  static kind(): string {
    return 'agent';
  }
}

class Subagent extends Agent {
  extra(): string {
    return this.think('sub');
  }
}

const other = new MemorySink();
const t2 = new Tracer({ env: false, stdout: false, sinks: [other] });

@TracedClass({ component: 'special', agentId: (self: Special) => `sp-${self.name}`, tracer: t2 })
class Special extends Agent {}

class Plain {
  @Traced({ tracer: t })
  run(): number {
    return 1;
  }
}

const marker = (key: string, value: unknown) => (target: object, ctxOrKey?: unknown, desc?: PropertyDescriptor): any => {
  // Defines metadata on the method function itself, in either decorator mode.
  const fn = typeof ctxOrKey === 'object' ? target : desc?.value;
  Reflect.defineMetadata(key, value, fn as object);
};

class WithMeta {
  @Traced({ tracer: t })
  @(marker('role', 'admin') as any)
  guarded(a: string, b: number): string {
    return a + String(b);
  }
}

describe(`@TracedClass (${mode} decorators)`, () => {
  beforeEach(() => {
    sink.clear();
    other.clear();
  });

  it('gives its methods the component and the agent id', () => {
    expect(new Agent('weather').think('hi')).to.equal('weather:hi');
    const s = one('agent:think_start');
    expect(s.agent_id).to.equal('weather');
    expect(one('agent:think_end').agent_id).to.equal('weather');
    expect(s.message).to.equal("Agent 'weather' calling Agent.think");
    expect(one('agent:think_end').message).to.equal("Agent 'weather' completed Agent.think");
  });

  it('applies to static methods', () => {
    expect(Agent.kind()).to.equal('agent');
    expect(names()).to.deep.equal(['agent:kind_start', 'agent:kind_end']);
    expect(one('agent:kind_start').agent_id).to.equal(undefined);
  });

  it('applies to subclasses, which may override it (resolved at call time)', () => {
    expect(new Subagent('math').extra()).to.equal('math:sub');
    expect(one('agent:think_start').agent_id).to.equal('math');
    sink.clear();
    new Special('x').think('q');
    expect(sink.events).to.have.length(0);
    expect(other.names()).to.deep.equal(['special:think_start', 'special:think_end']);
    expect(other.events[0]!.agent_id).to.equal('sp-x');
  });

  it('leaves undecorated classes to the class name', () => {
    new Plain().run();
    expect(names()).to.deep.equal(['Plain:run_start', 'Plain:run_end']);
  });

  it('a class given @TracedClass after its methods were called takes its options from then on', () => {
    class Late {
      @Traced({ tracer: t })
      go(): number {
        return 1;
      }
    }
    class LateChild extends Late {}
    new Late().go();
    new LateChild().go();
    expect(names()).to.deep.equal(['Late:go_start', 'Late:go_end', 'LateChild:go_start', 'LateChild:go_end']);
    sink.clear();
    TracedClass({ component: 'late' })(Late);
    new LateChild().go(); // the class this call site saw last
    new Late().go();
    expect(names()).to.deep.equal(['late:go_start', 'late:go_end', 'late:go_start', 'late:go_end']);
  });

  it('keeps reflect-metadata on the method function', () => {
    expect(Reflect.getMetadata('role', WithMeta.prototype.guarded)).to.equal('admin');
    expect(new WithMeta().guarded('a', 1)).to.equal('a1');
    expect(WithMeta.prototype.guarded.length).to.equal(2);
  });

  if (mode === 'legacy') {
    it('keeps emitDecoratorMetadata design types (legacy)', () => {
      const types = Reflect.getMetadata('design:paramtypes', WithMeta.prototype, 'guarded') as unknown[];
      expect(types).to.deep.equal([String, Number]);
      expect(Reflect.getMetadata('design:returntype', WithMeta.prototype, 'guarded')).to.equal(String);
    });
  }
});

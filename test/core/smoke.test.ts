import { expect } from 'chai';
import { Tracer, MemorySink } from '../../src/index.js';
describe('smoke', () => {
  it('emits', () => {
    const m = new MemorySink();
    const t = new Tracer({ env: false, stdout: false, sinks: [m] });
    t.userMessage('hi', 'u');
    expect(m.names()).to.deep.equal(['user:message']);
  });
});

import { expect } from 'chai';
import { footerHints, keyAction } from '../../cli/tui/keys.js';

describe('tui/keys', () => {
  it('maps navigation keys in the list', () => {
    expect(keyAction('list', 'j', {}, '')).to.deep.equal({ type: 'move', delta: 1 });
    expect(keyAction('list', '', { upArrow: true }, '')).to.deep.equal({ type: 'move', delta: -1 });
    expect(keyAction('list', '', { pageDown: true }, '')).to.deep.equal({ type: 'page', dir: 1 });
    expect(keyAction('list', 'G', {}, '')).to.deep.equal({ type: 'end' });
    expect(keyAction('list', 'g', {}, '')).to.deep.equal({ type: 'home' });
    expect(keyAction('list', 'e', {}, '')).to.deep.equal({ type: 'nextError' });
    expect(keyAction('list', 'E', {}, '')).to.deep.equal({ type: 'prevError' });
    expect(keyAction('list', 'f', {}, '')).to.deep.equal({ type: 'toggleFollow' });
    expect(keyAction('list', '/', {}, '')).to.deep.equal({ type: 'openFilter' });
    expect(keyAction('list', '\r', { return: true }, '')).to.deep.equal({ type: 'openTrace' });
    expect(keyAction('list', 'q', {}, '')).to.deep.equal({ type: 'quit' });
    expect(keyAction('list', '?', {}, '')).to.deep.equal({ type: 'toggleHelp' });
  });

  it('edits the filter in filter mode: letters (even q and j) type, Enter applies, Esc cancels', () => {
    expect(keyAction('filter', 'q', {}, 'a')).to.deep.equal({ type: 'editFilter', text: 'aq' });
    expect(keyAction('filter', 'j', {}, '')).to.deep.equal({ type: 'editFilter', text: 'j' });
    expect(keyAction('filter', '', { backspace: true }, 'abc')).to.deep.equal({ type: 'editFilter', text: 'ab' });
    expect(keyAction('filter', 'u', { ctrl: true }, 'abc')).to.deep.equal({ type: 'editFilter', text: '' });
    expect(keyAction('filter', '\r', { return: true }, 'abc')).to.deep.equal({ type: 'applyFilter' });
    expect(keyAction('filter', '', { escape: true }, 'abc')).to.deep.equal({ type: 'cancelFilter' });
    expect(keyAction('filter', 'x\u001b[2Jy', {}, '')).to.deep.equal({ type: 'editFilter', text: 'x[2Jy' });
  });

  it('Esc goes back from a trace; / and f do nothing there', () => {
    expect(keyAction('trace', '', { escape: true }, '')).to.deep.equal({ type: 'back' });
    expect(keyAction('trace', '/', {}, '')).to.equal(undefined);
    expect(keyAction('trace', 'f', {}, '')).to.equal(undefined);
    expect(keyAction('trace', 'J', {}, '')).to.deep.equal({ type: 'detailScroll', delta: 1 });
  });

  it('help closes on Esc or ?, q still quits; Ctrl-C quits everywhere', () => {
    expect(keyAction('help', '', { escape: true }, '')).to.deep.equal({ type: 'toggleHelp' });
    expect(keyAction('help', 'q', {}, '')).to.deep.equal({ type: 'quit' });
    expect(keyAction('help', 'j', {}, '')).to.equal(undefined);
    expect(keyAction('filter', 'c', { ctrl: true }, '')).to.deep.equal({ type: 'quit' });
  });

  it('the footer names the keys of the current mode', () => {
    expect(footerHints('list')).to.include('/ filter').and.include('q quit');
    expect(footerHints('filter')).to.include('Enter apply').and.include('Esc cancel');
    expect(footerHints('trace')).to.include('Esc back');
  });
});

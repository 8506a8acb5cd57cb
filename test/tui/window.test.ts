import { expect } from 'chai';
import { clampCursor, pageCursor, scrollTop, visibleRange } from '../../cli/tui/window.js';

describe('tui/window', () => {
  it('scrolls just enough to keep the cursor visible', () => {
    expect(scrollTop(5, 0, 10, 100)).to.equal(0);
    expect(scrollTop(10, 0, 10, 100)).to.equal(1);
    expect(scrollTop(50, 0, 20, 100)).to.equal(31);
    expect(scrollTop(3, 20, 10, 100)).to.equal(3);
  });

  it('never scrolls past the end nor below zero', () => {
    expect(scrollTop(99, 95, 10, 100)).to.equal(90);
    expect(scrollTop(0, 5, 10, 3)).to.equal(0);
    expect(scrollTop(0, 0, 10, 0)).to.equal(0);
  });

  it('gives the visible slice and clamps cursors', () => {
    expect(visibleRange(90, 20, 100)).to.deep.equal([90, 100]);
    expect(visibleRange(0, 20, 0)).to.deep.equal([0, 0]);
    expect(clampCursor(-1, 10)).to.equal(0);
    expect(clampCursor(12, 10)).to.equal(9);
    expect(clampCursor(3, 0)).to.equal(0);
  });

  it('pages by one screen minus one row', () => {
    expect(pageCursor(0, 1, 10, 100)).to.equal(9);
    expect(pageCursor(5, -1, 10, 100)).to.equal(0);
    expect(pageCursor(95, 1, 10, 100)).to.equal(99);
  });
});

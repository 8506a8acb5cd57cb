import { expect } from 'chai';
import { compileFilterText } from '../../cli/tui/filter-adapter.js';
import { ViewerModel } from '../../cli/tui/viewer-model.js';
import type { ViewerModelOptions } from '../../cli/tui/viewer-model.js';
import { conversation, conversations, traceIdFor } from './make-events.js';

function model(opts: Partial<ViewerModelOptions> = {}): ViewerModel {
  const m = new ViewerModel({ compile: compileFilterText, ...opts });
  m.dispatch({ type: 'resize', listHeight: 10, treeHeight: 5, detailHeight: 5 });
  return m;
}

describe('tui/viewer-model', () => {
  describe('following and the "N new" badge', () => {
    it('sticks to the newest event while the cursor is at the bottom', () => {
      const m = model();
      m.dispatch({ type: 'append', events: conversations(3) });
      expect(m.cursor).to.equal(32);
      expect(m.top).to.equal(33 - 10);
      m.dispatch({ type: 'append', events: conversation() });
      expect(m.cursor).to.equal(43);
      expect(m.newCount).to.equal(0);
    });

    it('stays put and counts new matches once the user moved up, until they return to the bottom', () => {
      const m = model();
      m.dispatch({ type: 'append', events: conversations(3) });
      m.dispatch({ type: 'move', delta: -5 });
      const selected = m.selected;
      m.dispatch({ type: 'append', events: conversation() });
      expect(m.selected).to.equal(selected);
      expect(m.newCount).to.equal(11);
      m.dispatch({ type: 'end' });
      expect(m.newCount).to.equal(0);
      m.dispatch({ type: 'append', events: conversation() });
      expect(m.cursor).to.equal(m.matches.length - 1);
    });

    it('without follow, keeps the cursor where it is and shows no badge; f turns following on and jumps to the end', () => {
      const m = model({ follow: false });
      m.dispatch({ type: 'append', events: conversations(3) });
      expect(m.cursor).to.equal(0);
      expect(m.newCount).to.equal(0);
      m.dispatch({ type: 'toggleFollow' });
      expect(m.follow).to.equal(true);
      expect(m.cursor).to.equal(32);
    });

    it('counts only new events that match the filter', () => {
      const m = model({ filter: 'component=mcp' });
      m.dispatch({ type: 'append', events: conversations(2) });
      m.dispatch({ type: 'move', delta: -1 });
      m.dispatch({ type: 'append', events: conversation() });
      expect(m.newCount).to.equal(2);
    });
  });

  describe('filter line', () => {
    it('updates matches while typing, applies on Enter and keeps them', () => {
      const m = model();
      m.dispatch({ type: 'append', events: conversations(4, 2) });
      m.dispatch({ type: 'openFilter' });
      expect(m.mode).to.equal('filter');
      m.dispatch({ type: 'editFilter', text: 'level=ERROR' });
      expect(m.matches.length).to.equal(4);
      m.dispatch({ type: 'editFilter', text: 'level=ERROR component=mcp' });
      expect(m.matches.length).to.equal(2);
      m.dispatch({ type: 'applyFilter' });
      expect(m.mode).to.equal('list');
      expect(m.filterText).to.equal('level=ERROR component=mcp');
      m.dispatch({ type: 'append', events: conversation({ fail: true }) });
      expect(m.matches.length).to.equal(3);
    });

    it('Esc restores the filter that was applied before', () => {
      const m = model({ filter: 'component=user' });
      m.dispatch({ type: 'append', events: conversations(3) });
      expect(m.matches.length).to.equal(3);
      m.dispatch({ type: 'openFilter' });
      expect(m.draft).to.equal('component=user');
      m.dispatch({ type: 'editFilter', text: '' });
      expect(m.matches.length).to.equal(33);
      m.dispatch({ type: 'cancelFilter' });
      expect(m.mode).to.equal('list');
      expect(m.filterText).to.equal('component=user');
      expect(m.matches.length).to.equal(3);
    });

    it('Esc selects again the event that was selected when the filter line opened', () => {
      const m = model({ follow: false });
      m.dispatch({ type: 'append', events: conversations(3) });
      m.dispatch({ type: 'move', delta: 7 }); // mcp:tool_result of the first trace
      const sel = m.selected!;
      m.dispatch({ type: 'openFilter' });
      m.dispatch({ type: 'editFilter', text: 'component=user' });
      expect(m.selected!.component).to.equal('user');
      m.dispatch({ type: 'cancelFilter' });
      expect(m.selected).to.equal(sel);
    });

    it('keeps the last good matches and refuses Enter while the draft does not parse', () => {
      const m = model();
      m.dispatch({ type: 'append', events: conversations(2) });
      m.dispatch({ type: 'openFilter' });
      m.dispatch({ type: 'editFilter', text: 'component=mcp' });
      m.dispatch({ type: 'editFilter', text: 'component=mcp bogus=1' });
      expect(m.draftError).to.match(/unknown filter field 'bogus'/);
      expect(m.matches.length).to.equal(4);
      m.dispatch({ type: 'applyFilter' });
      expect(m.mode).to.equal('filter');
    });

    it('keeps the selected event selected when the filter still matches it', () => {
      const m = model({ follow: false });
      m.dispatch({ type: 'append', events: conversations(3) });
      m.dispatch({ type: 'move', delta: 15 });
      const sel = m.selected!;
      m.dispatch({ type: 'openFilter' });
      m.dispatch({ type: 'editFilter', text: `agent=${sel.agent_id}` });
      expect(m.selected).to.equal(sel);
    });
  });

  describe('error navigation', () => {
    it('e and E move to the next and previous error, and say when there is none', () => {
      const m = model({ follow: false });
      m.dispatch({ type: 'append', events: conversations(6, 3) });
      m.dispatch({ type: 'nextError' });
      expect(m.selected!.level).to.equal('ERROR');
      const first = m.cursor;
      m.dispatch({ type: 'nextError' });
      expect(m.cursor).to.equal(first + 1);
      m.dispatch({ type: 'nextError' });
      expect(m.cursor).to.be.greaterThan(first + 11);
      m.dispatch({ type: 'prevError' });
      expect(m.cursor).to.equal(first + 1);
      m.dispatch({ type: 'end' });
      m.dispatch({ type: 'nextError' });
      expect(m.notice).to.equal('no next error');
    });
  });

  describe('bounded buffer', () => {
    it('evicts whole old traces and keeps the matches and the cursor consistent', () => {
      const m = model({ capacity: 50 });
      for (let i = 0; i < 10; i++) m.dispatch({ type: 'append', events: conversation({ traceId: traceIdFor(i) }) });
      const b = m.buffer;
      expect(b.events.length).to.be.at.most(50);
      expect(b.droppedEvents % 11).to.equal(0);
      expect(b.droppedEvents).to.equal(b.droppedTraces * 11);
      expect(b.droppedEvents + b.events.length).to.equal(110);
      expect(m.matches).to.deep.equal(b.events.map((_, i) => i));
      expect(m.selected).to.equal(b.events[b.events.length - 1]);
      const counts = new Map<string, number>();
      for (const e of b.events) counts.set(e.trace_id, (counts.get(e.trace_id) ?? 0) + 1);
      expect([...counts.values()].every((n) => n === 11)).to.equal(true);
    });

    it('a batch larger than the capacity keeps only whole recent traces', () => {
      const m = model({ capacity: 30 });
      m.dispatch({ type: 'append', events: conversations(10) });
      expect(m.buffer.events.length).to.equal(22);
      expect(m.matches).to.deep.equal([...Array(22).keys()]);
      expect(m.buffer.events[0]!.trace_id.slice(0, 4)).to.equal('0008');
    });

    it('never evicts the trace open in the trace view while others can go', () => {
      const m = model({ capacity: 40, follow: false });
      m.dispatch({ type: 'append', events: conversation({ traceId: traceIdFor(0x1111) }) });
      m.dispatch({ type: 'openTrace' });
      for (let i = 0; i < 6; i++) m.dispatch({ type: 'append', events: conversation() });
      expect(m.buffer.events.some((e) => e.trace_id.startsWith('1111'))).to.equal(true);
      expect(m.trace!.layout.rows.length).to.equal(6);
    });
  });

  describe('trace view', () => {
    it('Enter opens the selected event\'s trace at its span; moving picks spans; Esc goes back', () => {
      const m = model({ follow: false });
      m.dispatch({ type: 'append', events: conversations(2) });
      m.dispatch({ type: 'move', delta: 16 }); // second trace's agent:tool_call
      m.dispatch({ type: 'openTrace' });
      expect(m.mode).to.equal('trace');
      const t = m.trace!;
      expect(t.traceId).to.equal(m.selected!.trace_id);
      expect(t.layout.rows[t.row]!.name).to.equal('agent:tool_call');
      m.dispatch({ type: 'move', delta: 1 });
      expect(t.layout.rows[t.row]!.name).to.equal('mcp:tool_call');
      m.dispatch({ type: 'back' });
      expect(m.mode).to.equal('list');
      expect(m.trace).to.equal(undefined);
      expect(m.cursor).to.equal(16);
    });

    it('e/E jump between error spans and PgDn/PgUp scroll the detail pane within its text', () => {
      const m = model({ follow: false });
      m.dispatch({ type: 'append', events: conversation({ fail: true }) });
      m.dispatch({ type: 'openTrace' });
      const t = m.trace!;
      expect(t.row).to.equal(0);
      m.dispatch({ type: 'nextError' });
      expect(t.layout.rows[t.row]!.name).to.equal('agent:tool_call');
      m.dispatch({ type: 'nextError' });
      expect(t.layout.rows[t.row]!.name).to.equal('mcp:tool_call');
      m.dispatch({ type: 'nextError' });
      expect(m.notice).to.equal('no next error');
      m.dispatch({ type: 'prevError' });
      expect(t.layout.rows[t.row]!.name).to.equal('agent:tool_call');
      const lines = m.detailLines();
      expect(lines[0]).to.equal('── agent:tool_call · event 1 of 2 ──');
      expect(lines.some((l) => l.includes('"type": "ToolError"'))).to.equal(true);
      for (let i = 0; i < 50; i++) m.dispatch({ type: 'page', dir: 1 });
      expect(t.detailTop).to.equal(lines.length - m.detailHeight);
      m.dispatch({ type: 'detailScroll', delta: -1000 });
      expect(t.detailTop).to.equal(0);
    });

    it('help opens over the current screen and closes back to it', () => {
      const m = model();
      m.dispatch({ type: 'append', events: conversations(1) });
      m.dispatch({ type: 'openTrace' });
      m.dispatch({ type: 'toggleHelp' });
      expect(m.mode).to.equal('help');
      m.dispatch({ type: 'toggleHelp' });
      expect(m.mode).to.equal('trace');
    });
  });

  it('an invalid initial filter shows everything and says why', () => {
    const m = model({ filter: 'level=LOUD' });
    m.dispatch({ type: 'append', events: conversations(1) });
    expect(m.matches.length).to.equal(11);
    expect(m.notice).to.match(/bad filter: unknown level 'LOUD'/);
  });
});

/**
 * Key bindings: which key does what in which mode, the footer's hints and the help table.
 * Pure functions of (mode, key), so the bindings are tested without a terminal.
 * @module
 */
import type { Action, Mode } from './viewer-model.js';

/** The parts of Ink's `Key` the viewer reads. */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  tab?: boolean;
}

/** What a key press means: an action, quitting, or nothing. */
export type KeyResult = Action | { type: 'quit' } | undefined;

/**
 * Maps a key press to what it does in `mode`. In filter mode printable keys edit `draft`
 * (backspace deletes, Ctrl-U clears), Enter applies and Esc cancels.
 * @example
 * ```ts
 * keyAction('list', 'j', {}, ''); // { type: 'move', delta: 1 }
 * keyAction('filter', 'a', {}, 'agent'); // { type: 'editFilter', text: 'agenta' }
 * ```
 */
export function keyAction(mode: Mode, input: string, key: KeyInfo, draft: string): KeyResult {
  if (key.ctrl && input === 'c') return { type: 'quit' };
  if (mode === 'filter') {
    if (key.return) return { type: 'applyFilter' };
    if (key.escape) return { type: 'cancelFilter' };
    if (key.backspace || key.delete) return { type: 'editFilter', text: draft.slice(0, -1) };
    if (key.ctrl && input === 'u') return { type: 'editFilter', text: '' };
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return undefined;
    // Printable text only: a pasted chunk may hold newlines or escapes, which a filter never needs.
    // eslint-disable-next-line no-control-regex
    const text = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
    return text === '' ? undefined : { type: 'editFilter', text: draft + text };
  }
  if (mode === 'help') {
    if (input === 'q') return { type: 'quit' };
    if (key.escape || input === '?' || key.return) return { type: 'toggleHelp' };
    return undefined;
  }
  if (input === 'q') return { type: 'quit' };
  if (input === '?') return { type: 'toggleHelp' };
  if (key.upArrow || input === 'k') return { type: 'move', delta: -1 };
  if (key.downArrow || input === 'j') return { type: 'move', delta: 1 };
  if (key.pageUp || (key.ctrl && input === 'b')) return { type: 'page', dir: -1 };
  if (key.pageDown || (key.ctrl && input === 'f') || input === ' ') return { type: 'page', dir: 1 };
  if (key.home || input === 'g') return { type: 'home' };
  if (key.end || input === 'G') return { type: 'end' };
  if (input === 'e') return { type: 'nextError' };
  if (input === 'E') return { type: 'prevError' };
  if (mode === 'trace') {
    if (key.escape || key.backspace) return { type: 'back' };
    if (input === 'J') return { type: 'detailScroll', delta: 1 };
    if (input === 'K') return { type: 'detailScroll', delta: -1 };
    return undefined;
  }
  if (input === '/') return { type: 'openFilter' };
  if (key.return) return { type: 'openTrace' };
  if (input === 'f') return { type: 'toggleFollow' };
  return undefined;
}

/** The keys that apply in `mode`, for the footer. */
export function footerHints(mode: Mode): string {
  switch (mode) {
    case 'filter': return 'type a filter · Enter apply · Esc cancel · Backspace delete · Ctrl-U clear';
    case 'trace': return '↑↓ jk span · PgUp/PgDn J/K detail · e/E errors · Esc back · ? help · q quit';
    case 'help': return 'Esc/? close help · q quit';
    default: return '↑↓ jk move · PgUp/PgDn · g/G · / filter · Enter trace · e/E errors · f follow · ? help · q quit';
  }
}

/** The help screen: key, what it does. */
export const HELP_ROWS: ReadonlyArray<readonly [string, string]> = [
  ['↑ ↓  j k', 'move the selection (events in the list, spans in a trace)'],
  ['PgUp PgDn  Space', 'page the list; in a trace, page the detail pane'],
  ['g G  Home End', 'first / last row'],
  ['e E', 'next / previous error'],
  ['/', 'edit the filter: free text, field=value, field~=substring'],
  ['Enter', 'in the filter: apply; in the list: open the selected event\'s trace'],
  ['Esc', 'in the filter: cancel; in a trace: back to the list'],
  ['J K', 'in a trace: scroll the detail pane by a line'],
  ['f', 'follow on/off (stick to the newest event while at the bottom)'],
  ['?', 'this help'],
  ['q  Ctrl-C', 'quit and restore the terminal'],
];

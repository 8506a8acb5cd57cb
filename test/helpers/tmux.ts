/**
 * A real terminal for end-to-end tests: a tmux server of the test's own (its socket named after
 * the process and a label, so parallel runs never meet), one session running a shell command,
 * keys sent with send-keys and the screen read back with capture-pane. Waits poll the screen
 * with bounded retries; no timing is asserted.
 */
import { execFileSync } from 'node:child_process';

/** A tmux session running one command. */
export class TmuxTerminal {
  private readonly socket: string;
  private readonly session = 'term';

  /** Starts `cmd` (a shell command line) in a `cols` x `rows` terminal. */
  constructor(label: string, cmd: string, cols = 120, rows = 40) {
    this.socket = `muxi-${label}-${process.pid}`;
    this.tmux('new-session', '-d', '-s', this.session, '-x', String(cols), '-y', String(rows), cmd);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** The visible screen, one line per row. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.session);
  }

  /** Sends keys (tmux key names, or `-l` then literal text). */
  keys(...k: string[]): void {
    this.tmux('send-keys', '-t', this.session, ...k);
  }

  /**
   * Waits until the screen satisfies `check` (at most `polls` polls 200 ms apart), else fails
   * showing the screen. Wait for the whole screen the assertions read: a frame may be drawn in parts.
   */
  async waitFor(check: (s: string) => boolean, what: string, polls = 300): Promise<string> {
    let s = '';
    for (let i = 0; i < polls; i++) {
      s = this.screen();
      if (check(s)) return s;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the screen never showed ${what}; it shows:\n${s}`);
  }

  /** Ends the tmux server (and what runs in it); safe to call twice. */
  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // no server left
    }
  }
}

/** Single-quotes a value for the shell command line of {@link TmuxTerminal}. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

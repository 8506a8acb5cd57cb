/**
 * The terminal around the viewer: where keys come from when standard input is the piped log
 * (`/dev/tty`), and the alternate screen, left again however the process ends.
 * @module
 */
import { closeSync, openSync } from 'node:fs';
import { isatty, ReadStream } from 'node:tty';

/** The viewer cannot run: no terminal to draw on or to read keys from. */
export class TuiUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TuiUnavailableError';
  }
}

/** A keyboard stream and how to let go of it. */
export interface Keyboard {
  stream: NodeJS.ReadStream;
  /** Closes `/dev/tty` when it was opened here; leaves `process.stdin` alone. */
  release(): void;
}

/**
 * The stream to read keys from: standard input when it is a terminal, else the controlling
 * terminal `/dev/tty` (so `cat app.jsonl | muxi trace --tui` still takes keys).
 * @throws TuiUnavailableError when there is no terminal to read keys from.
 */
export function openKeyboard(stdin: NodeJS.ReadStream = process.stdin, ttyPath = '/dev/tty'): Keyboard {
  if (stdin.isTTY === true) return { stream: stdin, release: () => {} };
  let fd: number;
  try {
    fd = openSync(ttyPath, 'r');
  } catch (err) {
    throw new TuiUnavailableError(`no terminal to read keys from (standard input is not one and ${ttyPath} cannot be opened: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!isatty(fd)) {
    closeSync(fd);
    throw new TuiUnavailableError(`no terminal to read keys from (${ttyPath} is not a terminal)`);
  }
  const stream = new ReadStream(fd);
  return {
    stream: stream as unknown as NodeJS.ReadStream,
    release: () => {
      try {
        stream.setRawMode(false);
      } catch {
        // already closed
      }
      stream.destroy();
    },
  };
}

const ENTER_ALT = '\u001b[?1049h\u001b[H';
const LEAVE_ALT = '\u001b[?25h\u001b[?1049l';

/**
 * Switches `out` to the alternate screen; the returned function switches back (once), and
 * also runs if the process exits first, so the user's scrollback is always restored.
 */
export function enterAlternateScreen(out: NodeJS.WriteStream): () => void {
  out.write(ENTER_ALT);
  let done = false;
  const leave = (): void => {
    if (done) return;
    done = true;
    process.off('exit', leave);
    try {
      out.write(LEAVE_ALT);
    } catch {
      // the terminal is gone
    }
  };
  process.on('exit', leave);
  return leave;
}

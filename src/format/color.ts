/**
 * Colour decisions: only on a TTY, `NO_COLOR` turns it off, `FORCE_COLOR` turns it on.
 * @module
 */
import type { Level } from '../event.js';

/** Whether to colour output written to `stream`, honouring `NO_COLOR` and `FORCE_COLOR`. */
export function shouldColor(stream: { isTTY?: boolean } | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  return stream?.isTTY === true;
}

const RESET = '\u001b[0m';

/** ANSI colour per level. */
export const LEVEL_COLORS: Readonly<Record<Level, string>> = {
  TRACE: '\u001b[90m',
  DEBUG: '\u001b[36m',
  INFO: '\u001b[32m',
  WARN: '\u001b[33m',
  ERROR: '\u001b[31m',
};

/** `text` wrapped in the colour of `level`. */
export function paintLevel(level: Level, text: string): string {
  return (LEVEL_COLORS[level] ?? '') + text + RESET;
}

/** `text` dimmed. */
export function dim(text: string): string {
  return `\u001b[2m${text}${RESET}`;
}

/**
 * Formats: the text template and JSON lines, and the choice between them.
 * @module
 */
import type { TraceEvent } from '../event.js';
import { jsonLine } from './json.js';
import { compileTemplate } from './template.js';

/** Builds the line formatter for a `TRACING_FORMAT` value: `'json'` or a template. */
export function formatterFor(format: string, color: boolean): (e: TraceEvent) => string {
  return format.trim().toLowerCase() === 'json' ? jsonLine : compileTemplate(format, { color });
}

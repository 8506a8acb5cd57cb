/**
 * The PRD's text template language, compiled once into a function:
 * `{field}`, `{field: <8}` (fill, align `<` `>` `^`, width), `{time:YYYY-MM-DD HH:mm:ss.SSS}`
 * (local time, as Loguru's), `{{`/`}}` for literal braces. `{trace_id}` renders the first 8
 * hex digits (`{trace_id:full}` all 32). User text is escaped; colour is optional.
 * @module
 */
import { TracingConfigError } from '../errors.js';
import type { Level, TraceEvent } from '../event.js';
import { EVENT_FIELDS } from '../event.js';
import { dim, paintLevel } from './color.js';
import { escapeText } from './escape.js';
import { msText, valueJson } from './json-text.js';
import { preparedJson } from '../record-layout.js';

/** Options of {@link compileTemplate}. */
export interface TemplateOptions {
  /** Colour the level and dim the trace id (default false). */
  color?: boolean;
  /** The setting name used in errors (default `TRACING_FORMAT`). */
  setting?: string;
}

type Part = string | ((e: TraceEvent) => string);

const FIELDS = new Set<string>([...EVENT_FIELDS, 'time']);

/** Compiles a date pattern (YYYY, MM, DD, HH, mm, ss, SSS, ZZ) into a local-time formatter. */
export function compileTime(pattern: string): (ms: number) => string {
  const tokens = /YYYY|MM|DD|HH|mm|ss|SSS|ZZ|\[[^\]]*]/g;
  const pieces: Array<string | ((d: Date) => string)> = [];
  let last = 0;
  for (let m: RegExpExecArray | null; (m = tokens.exec(pattern)) !== null; ) {
    if (m.index > last) pieces.push(pattern.slice(last, m.index));
    pieces.push(timeToken(m[0]));
    last = m.index + m[0].length;
  }
  if (last < pattern.length) pieces.push(pattern.slice(last));
  const subSecond = /SSS/.test(pattern);
  let cacheKey = -1;
  let cacheVal = '';
  return (ms: number): string => {
    const key = subSecond ? ms : Math.floor(ms / 1000);
    if (key === cacheKey) return cacheVal;
    const d = new Date(ms);
    let s = '';
    for (const p of pieces) s += typeof p === 'string' ? p : p(d);
    cacheKey = key;
    cacheVal = s;
    return s;
  };
}

const p2 = (n: number): string => (n < 10 ? '0' + n : String(n));

function timeToken(t: string): string | ((d: Date) => string) {
  switch (t) {
    case 'YYYY': return (d) => String(d.getFullYear());
    case 'MM': return (d) => p2(d.getMonth() + 1);
    case 'DD': return (d) => p2(d.getDate());
    case 'HH': return (d) => p2(d.getHours());
    case 'mm': return (d) => p2(d.getMinutes());
    case 'ss': return (d) => p2(d.getSeconds());
    case 'SSS': return (d) => String(d.getMilliseconds()).padStart(3, '0');
    case 'ZZ': return (d) => {
      const off = -d.getTimezoneOffset();
      const a = Math.abs(off);
      return (off >= 0 ? '+' : '-') + p2(Math.floor(a / 60)) + ':' + p2(a % 60);
    };
    default: return t.slice(1, -1);
  }
}

const SPEC = /^(.)?([<>^])(\d+)$/;
/** Widest padding a field spec may ask for. */
const MAX_WIDTH = 1000;

function pad(spec: string, field: string, setting: string, template: string): (s: string) => string {
  const m = SPEC.exec(spec);
  if (!m) throw new TracingConfigError(setting, template, `a template whose field specs are alignment like ' <8' or '>10'`, `bad spec '${spec}' for {${field}}`);
  const fill = m[1] ?? ' ';
  const align = m[2];
  const width = Number(m[3]);
  if (width > MAX_WIDTH) throw new TracingConfigError(setting, template, `a field width of at most ${MAX_WIDTH}`, `width ${width} for {${field}}`);
  const padded = (s: string): string => {
    if (s.length >= width) return s;
    const n = width - s.length;
    if (align === '<') return s + fill.repeat(n);
    if (align === '>') return fill.repeat(n) + s;
    const left = Math.floor(n / 2);
    return fill.repeat(left) + s + fill.repeat(n - left);
  };
  return remembering(padded);
}

/**
 * `f` remembering its last two inputs: a field's text mostly repeats from one line to the next
 * (the level, the component, an operation's start and end), so it is escaped and padded once.
 */
function remembering(f: (s: string) => string): (s: string) => string {
  let a: string | undefined;
  let aOut = '';
  let b: string | undefined;
  let bOut = '';
  return (s) => {
    if (s === a) return aOut;
    if (s === b) return bOut;
    const out = f(s);
    b = a;
    bOut = aOut;
    a = s;
    aOut = out;
    return out;
  };
}

function fieldText(field: string, spec: string | undefined): (e: TraceEvent) => string {
  switch (field) {
    case 'trace_id':
      return spec === 'full' ? (e) => e.trace_id : (e) => (e.trace_id ?? '').slice(0, 8);
    case 'data':
      return (e) => (e.data === undefined ? '' : escapeText(preparedJson(e.data) ?? stringifyOr(e.data)));
    case 'error':
      return (e) => (e.error === undefined ? '' : escapeText(`${e.error.type}: ${e.error.message}`));
    case 'duration_ms':
      return (e) => (e.duration_ms === undefined ? '' : msText(e.duration_ms));
    case 'timestamp':
    case 'level':
    case 'span_id':
    case 'parent_span_id': {
      const escape = remembering(escapeText);
      return (e) => escape(String((e as unknown as Record<string, unknown>)[field] ?? ''));
    }
    default: {
      const escape = remembering(escapeText);
      return (e) => {
        const v = (e as unknown as Record<string, unknown>)[field];
        return v === undefined || v === null ? '' : escape(typeof v === 'string' ? v : String(v));
      };
    }
  }
}

function stringifyOr(v: unknown): string {
  try {
    return valueJson(v) ?? '';
  } catch {
    return '[unserializable]';
  }
}

/**
 * Compiles a template into a formatter `(event) => line` (no trailing newline).
 * @throws TracingConfigError for an unknown field, an unclosed brace or a bad spec.
 * @example
 * ```ts
 * const fmt = compileTemplate('{time:HH:mm:ss} {level: <5} {message}');
 * fmt(event); // "10:15:22 TRACE User sent: hi"
 * ```
 */
export function compileTemplate(template: string, opts: TemplateOptions = {}): (e: TraceEvent) => string {
  const setting = opts.setting ?? 'TRACING_FORMAT';
  const parts: Part[] = [];
  const used = new Set<string>();
  let lit = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c === '{' && template[i + 1] === '{') { lit += '{'; i += 2; continue; }
    if (c === '}' && template[i + 1] === '}') { lit += '}'; i += 2; continue; }
    if (c === '}') throw new TracingConfigError(setting, template, 'a template with balanced braces (use }} for a literal })', `stray '}' at ${i}`);
    if (c !== '{') { lit += c; i++; continue; }
    const end = template.indexOf('}', i);
    if (end < 0) throw new TracingConfigError(setting, template, 'a template with balanced braces', `unclosed '{' at ${i}`);
    const body = template.slice(i + 1, end);
    const colon = body.indexOf(':');
    const field = (colon < 0 ? body : body.slice(0, colon)).trim();
    const spec = colon < 0 ? undefined : body.slice(colon + 1);
    if (!FIELDS.has(field)) {
      throw new TracingConfigError(setting, template, `'json' or a template using the fields ${[...FIELDS].join(', ')}`, `unknown field {${field}}`);
    }
    if (lit) { parts.push(lit); lit = ''; }
    used.add(field);
    parts.push(compileField(field, spec, opts.color === true, setting, template));
    i = end + 1;
  }
  if (lit) parts.push(lit);
  let fmt: (e: TraceEvent) => string;
  if (parts.length === 1 && typeof parts[0] === 'string') {
    const only = parts[0];
    fmt = () => only;
  } else {
    fmt = (e: TraceEvent): string => {
      let s = '';
      for (let k = 0; k < parts.length; k++) {
        const p = parts[k]!;
        s += typeof p === 'string' ? p : p(e);
      }
      return s;
    };
  }
  fieldsOf.set(fmt, used);
  return fmt;
}

const fieldsOf = new WeakMap<object, ReadonlySet<string>>();

/** The event fields a formatter made by {@link compileTemplate} reads (undefined for any other function). */
export function formatterFields(fmt: (e: TraceEvent) => string): ReadonlySet<string> | undefined {
  return fieldsOf.get(fmt);
}

function compileField(field: string, spec: string | undefined, color: boolean, setting: string, template: string): (e: TraceEvent) => string {
  if (field === 'time') {
    const fmt = compileTime(spec ?? 'YYYY-MM-DD HH:mm:ss.SSS');
    let lastTs = '';
    let lastOut = '';
    return (e) => {
      if (e.timestamp === lastTs) return lastOut;
      const ms = Date.parse(e.timestamp);
      lastTs = e.timestamp;
      lastOut = Number.isNaN(ms) ? escapeText(String(e.timestamp)) : fmt(ms);
      return lastOut;
    };
  }
  const text = fieldText(field, spec === 'full' ? 'full' : undefined);
  const padded = spec !== undefined && spec !== 'full' ? pad(spec, field, setting, template) : undefined;
  const base = padded ? (e: TraceEvent) => padded(text(e)) : text;
  if (!color) return base;
  if (field === 'level') return (e) => paintLevel(e.level as Level, base(e));
  if (field === 'trace_id') return (e) => dim(base(e));
  return base;
}

/**
 * Messages and data of decorated calls: `{placeholder}` templates compiled once, parameter
 * names read once per method, values turned into short text.
 * @module
 */

/** What a message template or message function sees. */
export interface MessageScope {
  /** The name of the class of `this` (`this.constructor.name`, or the class itself for a static method; read once per class). */
  class: string;
  method: string;
  component: string;
  operation: string;
  agent_id?: string;
  args: readonly unknown[];
  /** Argument values by parameter name. */
  named: Readonly<Record<string, unknown>>;
  result?: unknown;
  error?: unknown;
  /** How placeholder values become text (the tracer's bounded, redacted rendering; default {@link asText}). */
  render?: (v: unknown) => string;
}

/** A compiled template: a function of the scope. */
export type CompiledMessage = (scope: MessageScope) => string;

/** Short text for any value: strings as they are, the rest as (safe) JSON. */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return 'undefined';
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  try {
    const seen = new WeakSet<object>();
    const s = JSON.stringify(v, (_k, x: unknown) => {
      if (typeof x === 'bigint') return x.toString();
      if (x !== null && typeof x === 'object') {
        if (seen.has(x)) return '[Circular]';
        seen.add(x);
      }
      return x;
    });
    return s === undefined ? String(v) : s;
  } catch {
    try {
      return String(v);
    } catch {
      return '[unprintable]';
    }
  }
}

function lookup(scope: MessageScope, path: string): { found: boolean; value?: unknown } {
  const [head, ...rest] = path.split('.');
  let value: unknown;
  if (head === undefined) return { found: false };
  if (/^\d+$/.test(head)) {
    const i = Number(head);
    if (i >= scope.args.length) return { found: false };
    value = scope.args[i];
  } else if (head === 'args') {
    value = scope.args;
  } else if (Object.prototype.hasOwnProperty.call(scope.named, head)) {
    value = scope.named[head];
  } else if (head === 'class' || head === 'method' || head === 'component' || head === 'operation' ||
    head === 'agent_id' || head === 'result' || head === 'error') {
    value = head === 'error' && scope.error instanceof Error ? scope.error.message : scope[head];
  } else {
    return { found: false };
  }
  for (const key of rest) {
    if (value === null || value === undefined) return { found: true, value: undefined };
    value = (value as Record<string, unknown>)[key];
  }
  return { found: true, value };
}

/**
 * Compiles a template such as `'Fetching {city} for {0.user}'`. Placeholders: an argument's
 * name or index, `args`, `class`, `method`, `component`, `operation`, `agent_id`, `result`,
 * `error`, each optionally followed by `.path`. Unknown placeholders stay as written.
 */
export function compileMessage(template: string): CompiledMessage {
  const parts = template.split(/(\{[A-Za-z0-9_$.]+\})/);
  if (parts.length === 1) return () => template;
  return (scope) => {
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i % 2 === 0) {
        out += p;
        continue;
      }
      const r = lookup(scope, p.slice(1, -1));
      out += r.found ? (scope.render ?? asText)(r.value) : p;
    }
    return out;
  };
}

/**
 * The parameter names of a function, read from its source once; a destructured or unreadable
 * parameter is named by its index.
 */
export function paramNames(fn: (...a: never[]) => unknown): string[] {
  let src: string;
  try {
    src = Function.prototype.toString.call(fn);
  } catch {
    return [];
  }
  const open = src.indexOf('(');
  if (open < 0) return [];
  let depth = 0;
  let close = -1;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    }
  }
  if (close < 0) return [];
  const list = src.slice(open + 1, close).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const names: string[] = [];
  let cur = '';
  depth = 0;
  for (const c of list + ',') {
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      const m = /^\s*(?:\.\.\.)?\s*([A-Za-z_$][\w$]*)/.exec(cur);
      if (cur.trim() !== '') names.push(m ? m[1]! : String(names.length));
      cur = '';
    } else cur += c;
  }
  return names;
}

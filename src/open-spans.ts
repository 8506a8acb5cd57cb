/**
 * The spans opened by the tracer's component methods (`userMessage`, `agentProcessing`,
 * `agentToolCall`) and closed by their partners (`orchestratorResponse`, `agentResponse`,
 * `agentToolResult`). Spans are keyed by trace and role (`<trace>|root`,
 * `<trace>|agent|<id>`, `<trace>|tool|<agent>|<server>|<tool>`); several open spans under one
 * key (the same tool called twice in parallel) form a stack, and a close prefers the span
 * that is current in the caller's context, else the most recent one.
 *
 * `userMessage()` and friends make their span current with `enterWith`, which also changes
 * the context of the synchronous caller: in `Promise.all([callTool(a), callTool(b)])` the
 * second call starts inside the first one's span, and after the `await` the caller is left in
 * a span that has closed. The table remembers each span's context, so the tracer can step
 * from a closed span to its nearest open ancestor ({@link OpenSpans.resolve}) and open a tool
 * call beside (not inside) a sibling tool call.
 * @module
 */
import type { TraceContext } from './context.js';

/** What kind of span a component method opened. */
export type SpanRole = 'root' | 'agent' | 'tool';

/** One open span. */
export interface OpenSpan {
  readonly role: SpanRole;
  /** Set once the span has been closed. */
  closed: boolean;
  /** The span's own context (its `spanId` is the span). */
  readonly ctx: TraceContext;
  /** The context the span was opened in (its `spanId` is the parent span). */
  readonly parent: TraceContext;
  /** `performance.now()` at open. */
  readonly start: number;
  /** An older open span under the same key. */
  next: OpenSpan | undefined;
}

/**
 * What the table knows about a context is kept on the context object itself, under a symbol
 * (not enumerable: JSON and deep equality do not see it), rather than in a `WeakMap`: V8 keeps
 * a `WeakMap`'s young entries alive until a full collection, so every span's context and
 * record were promoted to the old generation (the direct-calls conversation benchmark: 20–45 MB
 * more peak RSS and about 5% more time). Process-wide, like the context itself: a
 * context entered by one tracer may be current when another one runs (tests often make
 * several tracers). A context that cannot take a property (frozen) falls back to a `WeakMap`.
 */
const SPAN = Symbol('muxi-tracing.openSpan');
const ROOTED = Symbol('muxi-tracing.rooted');

/** What is noted on a context: on the object itself, or in {@link frozenNotes} when it is frozen. */
interface Notes {
  [SPAN]?: OpenSpan;
  [ROOTED]?: boolean;
}
const frozenNotes = new WeakMap<TraceContext, Notes>();
/** Whether {@link frozenNotes} was ever used (most apps never freeze a context: no lookup then). */
let anyFrozen = false;

function note<K extends keyof Notes>(ctx: TraceContext, key: K, value: Notes[K]): void {
  if (Object.isExtensible(ctx)) {
    Object.defineProperty(ctx, key, { value, writable: true, configurable: true, enumerable: false });
    return;
  }
  anyFrozen = true;
  let notes = frozenNotes.get(ctx);
  if (notes === undefined) frozenNotes.set(ctx, (notes = {}));
  notes[key] = value;
}

function noted<K extends keyof Notes>(ctx: TraceContext, key: K): Notes[K] {
  return (ctx as TraceContext & Notes)[key] ?? (anyFrozen ? frozenNotes.get(ctx)?.[key] : undefined);
}

/** The span record opened with `ctx` as its own context, if any (open or closed). */
function spanOf(ctx: TraceContext): OpenSpan | undefined {
  return noted(ctx, SPAN);
}

/**
 * Whether `ctx` already carries a `user:message` root (the root span and the context it was
 * opened in): a later `userMessage()` there starts a new trace.
 */
export function isRooted(ctx: TraceContext): boolean {
  return noted(ctx, ROOTED) === true;
}

/** Marks `ctx` as carrying a `user:message` root (see {@link isRooted}). */
export function markRooted(ctx: TraceContext): void {
  note(ctx, ROOTED, true);
}

/** A bounded table of open spans; the oldest key is evicted past `max` keys. */
export class OpenSpans {
  private readonly map = new Map<string, OpenSpan>();

  constructor(private readonly max: number) {}

  /** Records an open span under `key`. */
  open(key: string, role: SpanRole, ctx: TraceContext, parent: TraceContext, start: number): void {
    const next = this.map.get(key);
    if (next === undefined && this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    const rec: OpenSpan = { role, closed: false, ctx, parent, start, next };
    this.map.set(key, rec);
    note(ctx, SPAN, rec);
  }

  /** The still-open span whose own context is `ctx`, if any. */
  openAt(ctx: TraceContext): OpenSpan | undefined {
    const rec = spanOf(ctx);
    return rec !== undefined && !rec.closed ? rec : undefined;
  }

  /** `ctx`, or when it is the context of a closed span, its nearest ancestor that is not. */
  resolve(ctx: TraceContext | undefined): TraceContext | undefined {
    let c = ctx;
    for (let rec = c && spanOf(c); rec !== undefined && rec.closed; rec = spanOf(c)) c = rec.parent;
    return c;
  }

  /** The most recent open span under `key`, left open. */
  peek(key: string): OpenSpan | undefined {
    return this.map.get(key);
  }

  /** Whether a span is open under `key`. */
  has(key: string): boolean {
    return this.map.has(key);
  }

  /**
   * Removes and returns an open span under `key`: the one whose span id is `prefer`, else
   * the most recent.
   */
  take(key: string, prefer: string | undefined): OpenSpan | undefined {
    const head = this.map.get(key);
    if (head === undefined) return undefined;
    let prev: OpenSpan | undefined;
    let node: OpenSpan | undefined = head;
    if (prefer !== undefined) {
      while (node !== undefined && node.ctx.spanId !== prefer) {
        prev = node;
        node = node.next;
      }
    }
    if (node === undefined) {
      prev = undefined;
      node = head;
    }
    if (prev !== undefined) prev.next = node.next;
    else if (node.next !== undefined) this.map.set(key, node.next);
    else this.map.delete(key);
    node.next = undefined;
    node.closed = true;
    return node;
  }

  /** Number of keys with open spans. */
  get size(): number {
    return this.map.size;
  }
}

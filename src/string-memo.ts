/**
 * A tiny memo of recent long strings by identity: the same message or tool result is often
 * handed to the tracer several times in one conversation (the user's message is the root
 * span's text, then the route's and the agent's data, then the model's prompt), and redacting
 * or JSON-escaping it costs time per character. A ring of the last few strings, compared with
 * `===` (the same string object compares in constant time, strings of different lengths too),
 * remembers what was computed for each.
 * @module
 */

/** Remembers `f(s)` for the last `size` strings `s` it was asked about. */
export class StringMemo {
  private readonly keys: string[];
  private readonly values: string[];
  private next = 0;

  constructor(private readonly size: number) {
    this.keys = new Array<string>(size).fill('');
    this.values = new Array<string>(size).fill('');
  }

  /** What was remembered for `s`, if it is still there. */
  get(s: string): string | undefined {
    const keys = this.keys;
    for (let i = 0; i < this.size; i++) if (keys[i] === s) return this.values[i];
    return undefined;
  }

  /** Remembers `value` for `s`, forgetting the oldest entry. */
  set(s: string, value: string): void {
    const i = this.next;
    this.keys[i] = s;
    this.values[i] = value;
    this.next = i + 1 === this.size ? 0 : i + 1;
  }
}

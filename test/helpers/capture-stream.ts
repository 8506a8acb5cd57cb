/**
 * A fake writable stream for tests: collects what a sink writes, optionally pretending to be
 * a TTY. Pass it as `createStdoutSink(config, { stream })`.
 */
export class CaptureStream {
  /** Everything written, in order. */
  text = '';
  /** Number of `write` calls. */
  writes = 0;

  constructor(readonly isTTY = false) {}

  write(chunk: string | Uint8Array, cb?: (err?: Error | null) => void): boolean {
    this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.writes++;
    if (cb) queueMicrotask(() => cb(null));
    return true;
  }

  /** Complete lines written so far (without newlines). */
  lines(): string[] {
    const parts = this.text.split('\n');
    parts.pop();
    return parts;
  }
}

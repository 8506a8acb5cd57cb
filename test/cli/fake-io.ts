/**
 * An in-memory {@link CliIo} for running `main()` in-process.
 */
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../cli/io.js';

export interface FakeIo extends CliIo {
  out: () => string;
  err: () => string;
}

export function fakeIo(o: { env?: NodeJS.ProcessEnv; stdoutTTY?: boolean; input?: string } = {}): FakeIo {
  const stdout = new PassThrough() as PassThrough & { isTTY?: boolean };
  const stderr = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (o.stdoutTTY) stdout.isTTY = true;
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  stderr.on('data', (d: Buffer) => { err += d.toString(); });
  return {
    stdout, stderr, stdin: Readable.from(o.input === undefined ? [] : [Buffer.from(o.input)]),
    env: o.env ?? {}, stdinPiped: () => o.input !== undefined, signal: new AbortController().signal, out: () => out, err: () => err,
  };
}

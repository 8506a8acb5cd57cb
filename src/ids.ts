/**
 * Cheap W3C-shaped ids. Trace ids are random (RFC 4122 v4) UUIDs made with `uuid`, written as
 * 32 hex digits; span ids are 8 random bytes drawn from a pre-filled block, written as 16 hex.
 * @module
 */
import { randomFillSync } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';

/** Random bytes are drawn 64 KiB at a time: `randomFillSync` costs about 10 µs a call whatever its size (up to about 64 KiB). */
const RANDOM = 64 * 1024;
const random = Buffer.allocUnsafe(RANDOM);
let randomAt = RANDOM;

/** The offset in `random` of `n` bytes not used before. */
function take(n: number): number {
  if (randomAt + n > RANDOM) {
    randomFillSync(random);
    randomAt = 0;
  }
  const at = randomAt;
  randomAt += n;
  return at;
}

const BLOCK = 8 * 1024;
let hex = '';
let offset = 0;

/**
 * 16 lowercase hex digits, never all zero (W3C forbids an all-zero id). Random bytes are turned
 * into hex 8 KiB at a time; an id is two 8-character slices of it joined. A slice of 13
 * characters or more would be a view that keeps the whole 16 KiB hex string alive as long as
 * the id lives (an id kept by the app, or by a pending promise's context, would pin a block); a
 * shorter slice is a copy.
 */
export function newSpanId(): string {
  if (offset + 16 > hex.length) {
    const at = take(BLOCK);
    hex = random.toString('hex', at, at + BLOCK);
    offset = 0;
  }
  const id = hex.slice(offset, offset + 8) + hex.slice(offset + 8, offset + 16);
  offset += 16;
  return id === '0000000000000000' ? newSpanId() : id;
}

const TRACE_IDS = 256;
const slot = new Uint8Array(16);
const slotOptions = { random: slot };
let thex = '';
let toffset = 0;

/**
 * 32 lowercase hex digits: a random (v4) UUID without its dashes. `uuid` makes each 16 bytes of
 * a 4 KiB block of random bytes a v4 UUID in place (its `random` option, the block as output
 * buffer), the block is turned into hex once, and an id is a 32-character slice of it: about
 * 0.1 µs, against 0.5 µs for `crypto.randomUUID()` without its dashes. The id is made of three
 * short copies (see {@link newSpanId}), so it does not keep the block alive. A v4 UUID is never all
 * zero (its version digit is 4).
 */
export function newTraceId(): string {
  if (toffset + 32 > thex.length) {
    const at = take(16 * TRACE_IDS);
    for (let i = at; i < at + 16 * TRACE_IDS; i += 16) {
      for (let j = 0; j < 16; j++) slot[j] = random[i + j]!;
      uuidv4(slotOptions, random, i);
    }
    thex = random.toString('hex', at, at + 16 * TRACE_IDS);
    toffset = 0;
  }
  // Three short copies joined (see newSpanId): no view that pins the whole block.
  const id = thex.slice(toffset, toffset + 11) + thex.slice(toffset + 11, toffset + 22) + thex.slice(toffset + 22, toffset + 32);
  toffset += 32;
  return id;
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

/** Whether `id` is a valid W3C trace-id: 32 lowercase hex digits, not all zero. */
export function isTraceId(id: unknown): id is string {
  return typeof id === 'string' && HEX32.test(id) && id !== '00000000000000000000000000000000';
}

/** Whether `id` is a valid W3C parent-id: 16 lowercase hex digits, not all zero. */
export function isSpanId(id: unknown): id is string {
  return typeof id === 'string' && HEX16.test(id) && id !== '0000000000000000';
}

/**
 * Cheap W3C-shaped ids. Trace ids are random (RFC 4122 v4) UUIDs made with `uuid`, written as
 * 32 hex digits; span ids are 8 random bytes drawn from a pre-filled block, written as 16 hex.
 * @module
 */
import { randomFillSync } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';

const BLOCK = 8 * 1024;
const pool = Buffer.allocUnsafe(BLOCK);
let hex = '';
let offset = BLOCK * 2;

/**
 * 16 lowercase hex digits, never all zero (W3C forbids an all-zero id). Random bytes are drawn
 * 8 KiB at a time and turned into hex once per block; an id is a 16-character slice of it.
 */
export function newSpanId(): string {
  if (offset + 16 > hex.length) {
    randomFillSync(pool);
    hex = pool.toString('hex');
    offset = 0;
  }
  const id = hex.slice(offset, offset + 16);
  offset += 16;
  return id === '0000000000000000' ? newSpanId() : id;
}

/**
 * 32 lowercase hex digits: a random (v4) UUID from `uuid` without its dashes. `uuidv4()` with no
 * arguments uses Node's native `crypto.randomUUID()` (about 0.2 µs; passing a buffer makes it
 * draw bytes one call at a time, about 30 times slower).
 */
export function newTraceId(): string {
  const u = uuidv4();
  return u.slice(0, 8) + u.slice(9, 13) + u.slice(14, 18) + u.slice(19, 23) + u.slice(24);
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

/**
 * Cheap W3C-shaped ids. Trace ids are random (RFC 4122 v4) UUIDs made with `uuid`, written as
 * 32 hex digits; span ids are 8 random bytes drawn from a pre-filled block, written as 16 hex.
 * @module
 */
import { randomFillSync } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';

const BLOCK = 8 * 1024;
const pool = Buffer.allocUnsafe(BLOCK);
let offset = BLOCK;

/** 16 lowercase hex digits, never all zero (W3C forbids an all-zero id). */
export function newSpanId(): string {
  if (offset + 8 > BLOCK) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + 8);
  offset += 8;
  return id === '0000000000000000' ? newSpanId() : id;
}

const uuidBytes = new Uint8Array(16);

/** 32 lowercase hex digits: a v4 UUID from `uuid`, without dashes. */
export function newTraceId(): string {
  uuidv4(undefined, uuidBytes);
  return Buffer.from(uuidBytes.buffer, uuidBytes.byteOffset, 16).toString('hex');
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

import { int32At, uint16At } from '../format/little-endian'
import { MessageHeaderId, MessageSlot } from './fbs-layout'

const TWO_POW_32 = 4294967296

/**
 * Where field `slot` of the root Message table lies in the flatbuffer at `[base, end)` of `bytes`: its
 * absolute position, 0 when the field is absent, or -1 when any offset on the way (root, vtable, field
 * and its `width` bytes) is out of bounds. Plain bounds checks, no reader object: for the few peeks made
 * before (or instead of) a full, checking parse, which reports what is wrong.
 * @internal
 */
export function messageFieldAt(bytes: Uint8Array, base: number, end: number, slot: number, width: number): number {
  if (end - base < 8) return -1
  const root = base + (int32At(bytes, base) >>> 0)
  if (root + 4 > end) return -1
  const vtable = root - int32At(bytes, root)
  if (!(vtable >= base && vtable + 4 <= end)) return -1
  const entry = 4 + 2 * slot
  if (entry + 2 > uint16At(bytes, vtable)) return 0
  if (vtable + entry + 2 > end) return -1
  const rel = uint16At(bytes, vtable + entry)
  if (rel === 0) return 0
  return root + rel + width <= end ? root + rel : -1
}

/**
 * True when the Message flatbuffer at `[base, end)` of `bytes` (default: all of them) says its header is a
 * Schema (false for anything out of bounds).
 * @internal
 */
export function isSchemaMessage(bytes: Uint8Array, base = 0, end = bytes.length): boolean {
  const at = messageFieldAt(bytes, base, end, MessageSlot.headerType, 1)
  return at > 0 && bytes[at] === MessageHeaderId.Schema
}

/**
 * The `bodyLength` of the Message flatbuffer at `[base, end)` of `bytes` (0 when absent), or -1 when it
 * cannot be read or is negative or beyond 2^53.
 * @internal
 */
export function peekBodyLength(bytes: Uint8Array, base: number, end: number): number {
  const at = messageFieldAt(bytes, base, end, MessageSlot.bodyLength, 8)
  if (at <= 0) return at
  const high = int32At(bytes, at + 4)
  const value = high * TWO_POW_32 + (int32At(bytes, at) >>> 0)
  return value >= 0 && Number.isSafeInteger(value) ? value : -1
}

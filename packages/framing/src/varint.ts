import { InvalidFrameError } from '@lightstream/core'

/**
 * Unsigned LEB128 as used by length prefixes: 7 bits per byte, least significant group first, high bit set
 * on every byte but the last. Internal to the package.
 */

/** Most bytes a varint may take (a full uint64). */
export const MAX_VARINT_BYTES = 10

/** Bytes needed to write `value` (a safe non-negative integer). */
export function varintLength(value: number): number {
  let length = 1
  while (value >= 0x80) {
    value = Math.floor(value / 128)
    length++
  }
  return length
}

/** Write `value` at `offset` of `out`; returns the offset after it. */
export function writeVarint(out: Uint8Array, offset: number, value: number): number {
  while (value >= 0x80) {
    out[offset++] = (value % 128) | 0x80
    value = Math.floor(value / 128)
  }
  out[offset++] = value
  return offset
}

/**
 * Read a varint at the start of `bytes`. Returns the number of bytes it took, with the value left in
 * `result.value`, or `-1` when `bytes` ends before the varint does (one more byte is needed).
 * Chunking cannot change the outcome: checks are made byte by byte in order.
 * @throws InvalidFrameError for more than 10 bytes, a 10th byte above 1 (past 64 bits) or a non-minimal
 * encoding (a final 0x00 after other bytes). Values above 2^53-1 come back inexact: callers compare them
 * with a limit below that and reject them.
 */
export function readVarint(bytes: Uint8Array, result: { value: number }): number {
  let value = 0
  let scale = 1
  for (let i = 0; ; ) {
    if (i === MAX_VARINT_BYTES) throw new InvalidFrameError(`varint length prefix is longer than ${MAX_VARINT_BYTES} bytes`)
    if (i >= bytes.length) return -1
    const byte = bytes[i++]!
    value += (byte & 0x7f) * scale
    if (byte < 0x80) {
      if (byte === 0 && i > 1) throw new InvalidFrameError(`varint length prefix is not minimal (${i} bytes ending in 0x00)`)
      if (i === MAX_VARINT_BYTES && byte > 1) throw new InvalidFrameError('varint length prefix overflows 64 bits')
      result.value = value
      return i
    }
    scale *= 128
  }
}

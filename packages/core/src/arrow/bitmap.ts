/**
 * Bit-packed validity helpers. Arrow bitmaps are LSB first: slot `i` is bit `i & 7` of byte `i >> 3`,
 * 1 meaning valid.
 */

/** True when bit `i` is set. O(1). Bits past the end of `bits` read as unset. */
export function getBit(bits: Uint8Array, i: number): boolean {
  return ((bits[i >> 3]! >> (i & 7)) & 1) === 1
}

/** Set bit `i` (the byte must exist). O(1). */
export function setBit(bits: Uint8Array, i: number): void {
  bits[i >> 3]! |= 1 << (i & 7)
}

const POPCOUNT = new Uint8Array(256)
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555)
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

/**
 * Number of set bits in `[start, start + length)`. O(length / 32), allocation-free.
 * Bytes missing from `bits` count as unset.
 */
export function countSetBits(bits: Uint8Array, start: number, length: number): number {
  let count = 0
  let i = start
  const end = start + length
  // Leading partial byte.
  while (i < end && (i & 7) !== 0) {
    count += (bits[i >> 3]! >> (i & 7)) & 1
    i++
  }
  let byte = i >> 3
  const fullEnd = end >> 3
  // Whole 32-bit words where the bytes are there.
  const lastByte = Math.min(fullEnd, bits.length)
  while (byte + 4 <= lastByte) {
    count += popcount32(bits[byte]! | (bits[byte + 1]! << 8) | (bits[byte + 2]! << 16) | (bits[byte + 3]! << 24))
    byte += 4
  }
  while (byte < lastByte) count += POPCOUNT[bits[byte++]!]!
  i = Math.max(i, fullEnd << 3)
  // Trailing partial byte.
  while (i < end) {
    count += ((bits[i >> 3] ?? 0) >> (i & 7)) & 1
    i++
  }
  return count
}

/** Number of unset (null) slots in `[start, start + length)` of a validity bitmap. O(length / 32). */
export function countNulls(validity: Uint8Array, start: number, length: number): number {
  return length - countSetBits(validity, start, length)
}

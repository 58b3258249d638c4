// XXH32, the checksum the LZ4 frame format uses for its header, block and content checksums.
// Arithmetic is modulo 2^32 through Math.imul and `>>> 0`.

const PRIME1 = 0x9e3779b1
const PRIME2 = 0x85ebca77
const PRIME3 = 0xc2b2ae3d
const PRIME4 = 0x27d4eb2f
const PRIME5 = 0x165667b1

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r))
}

function lane(bytes: Uint8Array, p: number): number {
  return bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24)
}

function round(acc: number, input: number): number {
  return Math.imul(rotl((acc + Math.imul(input, PRIME2)) | 0, 13), PRIME1)
}

/**
 * XXH32 of `bytes[start, end)` with `seed` (0 in LZ4). O(end - start), no allocation.
 * @internal
 */
export function xxhash32(bytes: Uint8Array, start = 0, end = bytes.length, seed = 0): number {
  const length = end - start
  let p = start
  let acc: number
  if (length >= 16) {
    let v1 = (seed + PRIME1 + PRIME2) | 0
    let v2 = (seed + PRIME2) | 0
    let v3 = seed | 0
    let v4 = (seed - PRIME1) | 0
    const limit = end - 16
    while (p <= limit) {
      v1 = round(v1, lane(bytes, p))
      v2 = round(v2, lane(bytes, p + 4))
      v3 = round(v3, lane(bytes, p + 8))
      v4 = round(v4, lane(bytes, p + 12))
      p += 16
    }
    acc = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0
  } else {
    acc = (seed + PRIME5) | 0
  }
  acc = (acc + length) | 0
  while (p + 4 <= end) {
    acc = Math.imul(rotl((acc + Math.imul(lane(bytes, p), PRIME3)) | 0, 17), PRIME4)
    p += 4
  }
  while (p < end) {
    acc = Math.imul(rotl((acc + Math.imul(bytes[p]!, PRIME5)) | 0, 11), PRIME1)
    p++
  }
  acc ^= acc >>> 15
  acc = Math.imul(acc, PRIME2)
  acc ^= acc >>> 13
  acc = Math.imul(acc, PRIME3)
  acc ^= acc >>> 16
  return acc >>> 0
}

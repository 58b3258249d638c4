import type { Allocator } from '@lightstream/core'
import { allocUnsafe } from '@lightstream/core-buffer'

/**
 * Copy `parts` into one fresh allocation from `allocator`, placed so that the first byte sits at an address
 * congruent to `position` modulo 64: a stream's 8- and 64-byte aligned buffers stay aligned in the copy, so
 * a reader can view them without another copy. O(total bytes), one copy. @internal
 */
export function gather(parts: readonly Uint8Array[], allocator: Allocator, position = 0): Uint8Array {
  let total = 0
  for (const part of parts) total += part.byteLength
  const shift = position & 63
  const out = allocUnsafe(allocator, total + shift, 64).subarray(shift, shift + total)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}

import { InvalidArgumentError, type Allocator } from '@lightstream/core'
import { DEFAULT_ALIGNMENT, allocUnsafe, defaultAllocator } from '@lightstream/core-buffer'

/**
 * Join parts into one contiguous Uint8Array. Always copies, exactly once, into memory from `allocator`
 * (64-byte aligned by default), even for a single part, so the result never aliases its inputs.
 * O(total bytes).
 *
 * @example
 * ```ts
 * concatParts([Uint8Array.of(1), Uint8Array.of(2, 3)]) // Uint8Array [1, 2, 3]
 * ```
 * @throws InvalidArgumentError when a part is not a Uint8Array; AllocationError when the memory cannot be had.
 */
export function concatParts(parts: readonly Uint8Array[], allocator: Allocator = defaultAllocator): Uint8Array {
  if (!Array.isArray(parts)) throw new InvalidArgumentError('concatParts expects an array of Uint8Array parts')
  let total = 0
  for (let i = 0; i < parts.length; i++) {
    const part: unknown = parts[i]
    if (!(part instanceof Uint8Array)) {
      throw new InvalidArgumentError(`concatParts: part ${i} is not a Uint8Array`)
    }
    total += part.byteLength
  }
  const out = allocUnsafe(allocator, total, DEFAULT_ALIGNMENT) // every byte is written below
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}

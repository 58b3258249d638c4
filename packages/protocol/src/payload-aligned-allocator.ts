import type { Allocator } from '@lightstream/core'
import type { ReadStats } from '@lightstream/ipc'

/**
 * An Allocator for the TLV deframer's copies (frames that span received chunks) that places each copy so
 * the byte `offset` into it — the payload after the 5-byte frame header — starts at a multiple of 64. A
 * table payload's IPC bodies are laid out at multiples of 64 from the payload start, so a spanning table
 * frame costs exactly one copy (the framing one) and its buffers are then aligned views: the IPC reader
 * copies nothing. Each copy is counted in `stats.framingCopies` / `framingCopiedBytes`. O(1) besides the
 * base allocation (at most 64 bytes larger than asked).
 * @internal
 */
export function payloadAlignedAllocator(base: Allocator, offset: number, stats: ReadStats): Allocator {
  const shift = (64 - (offset % 64)) % 64
  const place = (memory: Uint8Array, n: number): Uint8Array => memory.subarray(shift, shift + n)
  return {
    alloc(n: number): Uint8Array {
      stats.framingCopies++
      stats.framingCopiedBytes += n
      return place(base.alloc(n + shift, 64), n)
    },
    allocUnsafe(n: number): Uint8Array {
      stats.framingCopies++
      stats.framingCopiedBytes += n
      return place(base.allocUnsafe === undefined ? base.alloc(n + shift, 64) : base.allocUnsafe(n + shift, 64), n)
    },
  }
}

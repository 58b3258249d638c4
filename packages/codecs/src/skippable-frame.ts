import { TruncatedInputError } from '@lightstream/core'
import { readU32 } from './codec-limits'

/** Skippable frames (shared by the LZ4 and zstd frame formats) have a magic in 0x184D2A50–0x184D2A5F. */
const SKIPPABLE_MASK = 0xfffffff0
const SKIPPABLE_MAGIC = 0x184d2a50

/**
 * When a skippable frame starts at `p` (its 4-byte magic is readable there), return the position after it;
 * otherwise return -1. A skippable frame is `[magic u32 LE][size u32 LE][size bytes]`, content ignored.
 * @throws TruncatedInputError (message prefixed with `codec`) when the frame's header or content is cut off.
 * @internal
 */
export function skipSkippableFrame(src: Uint8Array, p: number, codec: string): number {
  const magic = readU32(src, p)
  if ((magic & SKIPPABLE_MASK) >>> 0 !== SKIPPABLE_MAGIC) return -1
  const n = src.length
  if (n - p < 8) throw new TruncatedInputError(`${codec}: the input ends inside a skippable frame header`)
  const size = readU32(src, p + 4)
  if (size > n - p - 8) throw new TruncatedInputError(`${codec}: the input ends inside a skippable frame`)
  return p + 8 + size
}

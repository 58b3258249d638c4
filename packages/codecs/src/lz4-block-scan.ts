import { InvalidFrameError, TruncatedInputError } from '@lightstream/core'

/**
 * Walks the sequences of one LZ4 block, `src[start, end)`, without copying anything, and returns how many
 * bytes it expands to. It proves, before a byte is written, that the block
 * - ends exactly at `end` with a literals-only sequence (no run or length field crosses the block end),
 * - expands to at most `maxOutput` bytes (so the decompressor cannot over-produce), and
 * - only copies from bytes it has already produced: every match offset is in `[1, history + produced]`,
 *   where `history` is the output of the frame before this block.
 *
 * After this check the block decoder runs on trusted structure: its work is bounded by `maxOutput`.
 * O(number of sequences + length bytes), no allocation.
 *
 * @throws {InvalidFrameError} a zero or out-of-window offset, a block that expands beyond `maxOutput`, a
 *   block that ends with a match.
 * @throws {TruncatedInputError} a literal run or a length field that runs past the block end.
 * @internal
 */
export function scanLz4Block(src: Uint8Array, start: number, end: number, history: number, maxOutput: number): number {
  let p = start
  let produced = 0
  for (;;) {
    if (p >= end) throw new InvalidFrameError('lz4_frame: a compressed block ends with a match (the last sequence must be literals only)')
    const token = src[p++]!
    let literals = token >>> 4
    if (literals === 15) {
      let b: number
      do {
        if (p >= end) throw new TruncatedInputError('lz4_frame: a literal length runs past the end of its block')
        b = src[p++]!
        literals += b
      } while (b === 255)
    }
    if (literals > end - p) throw new TruncatedInputError('lz4_frame: a literal run goes past the end of its block')
    p += literals
    produced += literals
    if (produced > maxOutput) throw overProduction(produced, maxOutput)
    if (p === end) return produced
    if (end - p < 2) throw new TruncatedInputError('lz4_frame: a match offset runs past the end of its block')
    const offset = src[p]! | (src[p + 1]! << 8)
    p += 2
    if (offset === 0) throw new InvalidFrameError('lz4_frame: a match has offset 0')
    if (offset > history + produced) {
      throw new InvalidFrameError(`lz4_frame: a match reaches ${offset} bytes back, before the start of the frame's output`)
    }
    let matchLength = token & 15
    if (matchLength === 15) {
      let b: number
      do {
        if (p >= end) throw new TruncatedInputError('lz4_frame: a match length runs past the end of its block')
        b = src[p++]!
        matchLength += b
      } while (b === 255)
    }
    produced += matchLength + 4
    if (produced > maxOutput) throw overProduction(produced, maxOutput)
  }
}

function overProduction(produced: number, maxOutput: number): InvalidFrameError {
  return new InvalidFrameError(
    `lz4_frame: a block expands to more than ${maxOutput} bytes (the space left in the declared uncompressed length or the frame's block size), at least ${produced}`,
  )
}

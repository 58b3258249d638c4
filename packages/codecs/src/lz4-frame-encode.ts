import { AllocationError } from '@lightstream/core'
import { compressBlock } from 'lz4js'
import { LZ4_FRAME_MAGIC } from './lz4-frame-decode'
import { xxhash32 } from './xxhash32'

/** Block maximum size id 7: 4 MiB. */
const BLOCK_SIZE_ID = 7
/**
 * Input per block: 64 KiB under the 4 MiB maximum. The reference decoder (liblz4, used by Arrow C++)
 * decodes into a buffer of exactly the maximum block size and treats any sequence whose literals end in
 * the last 12 bytes of that buffer as the final one; lz4js's block compressor may start a match up to 10
 * bytes before the block end, which would be rejected in a block of exactly 4 MiB. Shorter blocks never
 * reach that zone.
 */
const BLOCK_LENGTH = (1 << 22) - (1 << 16)
const HEADER_LENGTH = 7 // magic, FLG, BD, HC
const FLG = 0x40 // version 01; dependent blocks, no checksums, no content size (what Arrow C++ writes)
const BD = BLOCK_SIZE_ID << 4
const STORED = 0x80000000

let hashTable: Uint32Array | undefined

function writeU32(out: Uint8Array, p: number, value: number): void {
  out[p] = value
  out[p + 1] = value >>> 8
  out[p + 2] = value >>> 16
  out[p + 3] = value >>> 24
}

/**
 * Compresses `src` as one LZ4 frame: 4 MiB block maximum, dependent blocks, no checksums. Blocks are
 * compressed by lz4js's block compressor straight into the output; a block that does not shrink is stored.
 *
 * Cost: O(n); one output allocation of the worst-case size (n + 11 + 4 per block). When the result is
 * under three quarters of that, it is copied into a right-sized buffer so a small result does not pin a
 * large one. The 256 KiB hash table is allocated once per process and cleared per call, so equal inputs
 * give equal bytes.
 *
 * @throws {AllocationError} the output cannot be allocated.
 * @internal
 */
export function encodeLz4Frame(src: Uint8Array): Uint8Array {
  const n = src.length
  const blocks = Math.ceil(n / BLOCK_LENGTH)
  const bound = HEADER_LENGTH + blocks * 4 + n + 4
  let out: Uint8Array
  try {
    out = new Uint8Array(bound)
  } catch (cause) {
    throw new AllocationError(`lz4_frame: could not allocate ${bound} bytes to compress into`, { cause })
  }
  writeU32(out, 0, LZ4_FRAME_MAGIC)
  out[4] = FLG
  out[5] = BD
  out[6] = (xxhash32(out, 4, 6) >>> 8) & 0xff
  let d = HEADER_LENGTH
  if (n > 0) {
    const table = (hashTable ??= new Uint32Array(1 << 16))
    table.fill(0)
    for (let s = 0; s < n; s += BLOCK_LENGTH) {
      const length = Math.min(BLOCK_LENGTH, n - s)
      // The compressor writes from index 0 of the view; writes past the view's end are dropped, and a
      // result that long is replaced by the stored block below.
      const size = compressBlock(src, out.subarray(d + 4), s, length, table)
      if (size > 0 && size < length) {
        writeU32(out, d, size)
        d += 4 + size
      } else {
        writeU32(out, d, (STORED | length) >>> 0)
        out.set(src.subarray(s, s + length), d + 4)
        d += 4 + length
      }
    }
  }
  writeU32(out, d, 0) // EndMark
  d += 4
  return d * 4 >= bound * 3 ? out.subarray(0, d) : out.slice(0, d)
}

import { InvalidFrameError, TruncatedInputError, UnsupportedFeatureError } from '@lightstream/core'
import { decompressBlock } from 'lz4js'
import { codecFailure, readU32 } from './codec-limits'
import { scanLz4Block } from './lz4-block-scan'
import { xxhash32 } from './xxhash32'
import { skipSkippableFrame } from './skippable-frame'

/** The LZ4 frame magic number, little-endian on the wire (04 22 4D 18). @internal */
export const LZ4_FRAME_MAGIC = 0x184d2204
const LEGACY_MAGIC = 0x184c2102

// FLG bits.
const FLG_DICT_ID = 0x01
const FLG_RESERVED = 0x02
const FLG_CONTENT_CHECKSUM = 0x04
const FLG_CONTENT_SIZE = 0x08
const FLG_BLOCK_CHECKSUM = 0x10
const FLG_BLOCK_INDEPENDENT = 0x20

/**
 * Decodes a sequence of LZ4 frames (skippable frames allowed between them) into `out`, which must be
 * filled exactly. The frame structure is read here; each compressed block is first proven sound by
 * {@link scanLz4Block} and then expanded by lz4js's block decoder straight into `out` (stored blocks are
 * one `set`). Checksums present in the frame are verified when `verifyChecksums` is on.
 *
 * @throws {InvalidFrameError} a bad magic number, version, reserved bit, block size or checksum; a block or
 *   frame that expands beyond `out` or a frame that fills less of it; a declared content size that
 *   disagrees.
 * @throws {TruncatedInputError} the input ends inside a frame.
 * @throws {UnsupportedFeatureError} a frame that needs a dictionary.
 * @internal
 */
export function decodeLz4Frames(src: Uint8Array, out: Uint8Array, verifyChecksums: boolean): void {
  const n = src.length
  let p = 0
  let d = 0
  let frames = 0
  while (p < n) {
    if (n - p < 4) throw truncated('a frame magic number')
    const skipped = skipSkippableFrame(src, p, 'lz4_frame')
    if (skipped >= 0) {
      p = skipped
      continue
    }
    const magic = readU32(src, p)
    if (magic !== LZ4_FRAME_MAGIC) {
      const what = magic === LEGACY_MAGIC ? 'a legacy LZ4 frame (Arrow requires the LZ4 frame format)' : `magic 0x${magic.toString(16)}`
      throw new InvalidFrameError(`lz4_frame: not an LZ4 frame at byte ${p}: ${what}`)
    }
    frames++
    ;[p, d] = decodeFrame(src, p, out, d, verifyChecksums)
  }
  if (frames === 0 && out.length > 0) throw new InvalidFrameError('lz4_frame: the input holds no LZ4 frame')
  if (d !== out.length) {
    throw new InvalidFrameError(`lz4_frame: the data expands to ${d} bytes, but ${out.length} were declared`)
  }
}

/** Decodes the frame at `p` into `out` from `d`; returns the input and output positions after it. */
function decodeFrame(src: Uint8Array, p: number, out: Uint8Array, d: number, verify: boolean): [number, number] {
  const n = src.length
  if (n - p < 7) throw truncated('a frame header')
  const flg = src[p + 4]!
  const bd = src[p + 5]!
  if (flg >>> 6 !== 1) throw new InvalidFrameError(`lz4_frame: unsupported frame version ${flg >>> 6}`)
  if (flg & FLG_RESERVED || bd & 0x8f) throw new InvalidFrameError('lz4_frame: reserved bits are set in the frame descriptor')
  const blockSizeId = (bd >>> 4) & 7
  if (blockSizeId < 4) throw new InvalidFrameError(`lz4_frame: invalid block maximum size id ${blockSizeId}`)
  const blockMax = 1 << (2 * blockSizeId + 8) // 4 → 64 KiB, 5 → 256 KiB, 6 → 1 MiB, 7 → 4 MiB
  const headerEnd = p + 6 + (flg & FLG_CONTENT_SIZE ? 8 : 0) + (flg & FLG_DICT_ID ? 4 : 0)
  if (headerEnd >= n) throw truncated('a frame header')
  if (verify && ((xxhash32(src, p + 4, headerEnd) >>> 8) & 0xff) !== src[headerEnd]) {
    throw new InvalidFrameError('lz4_frame: the frame header checksum does not match')
  }
  if (flg & FLG_DICT_ID) throw new UnsupportedFeatureError('lz4_frame: frames that need a dictionary are not supported')
  let contentSize = -1
  if (flg & FLG_CONTENT_SIZE) {
    const high = readU32(src, p + 10)
    contentSize = high > 0x1fffff ? Number.MAX_SAFE_INTEGER : high * 2 ** 32 + readU32(src, p + 6)
    if (contentSize > out.length - d) {
      throw new InvalidFrameError(`lz4_frame: a frame declares ${contentSize} bytes of content, more than the ${out.length - d} left of the declared uncompressed length`)
    }
  }
  const blockChecksum = (flg & FLG_BLOCK_CHECKSUM) !== 0
  const frameStart = d
  p = headerEnd + 1
  for (;;) {
    if (n - p < 4) throw truncated('a block header')
    const word = readU32(src, p)
    p += 4
    if (word === 0) break // EndMark
    const size = word & 0x7fffffff
    if (size > blockMax) throw new InvalidFrameError(`lz4_frame: a block of ${size} bytes exceeds the frame's maximum block size ${blockMax}`)
    const blockEnd = p + size
    if (blockEnd + (blockChecksum ? 4 : 0) > n) throw truncated('a block')
    if (blockChecksum && verify && xxhash32(src, p, blockEnd) !== readU32(src, blockEnd)) {
      throw new InvalidFrameError('lz4_frame: a block checksum does not match')
    }
    if (word >>> 31) {
      if (size > out.length - d) throw overflow(out.length)
      out.set(src.subarray(p, blockEnd), d)
      d += size
    } else {
      // Independent blocks may not reach into earlier blocks; dependent ones may reach the frame's output so far.
      const history = flg & FLG_BLOCK_INDEPENDENT ? 0 : d - frameStart
      const produced = scanLz4Block(src, p, blockEnd, history, Math.min(blockMax, out.length - d))
      let end: number
      try {
        end = decompressBlock(src, out, p, size, d)
      } catch (err) {
        throw codecFailure('lz4_frame', err)
      }
      if (end !== d + produced) throw new InvalidFrameError('lz4_frame: the block decoder disagreed with the block structure')
      d = end
    }
    p = blockEnd + (blockChecksum ? 4 : 0)
  }
  if (flg & FLG_CONTENT_CHECKSUM) {
    if (n - p < 4) throw truncated('a content checksum')
    if (verify && xxhash32(out, frameStart, d) !== readU32(src, p)) {
      throw new InvalidFrameError('lz4_frame: the content checksum does not match')
    }
    p += 4
  }
  if (contentSize >= 0 && d - frameStart !== contentSize) {
    throw new InvalidFrameError(`lz4_frame: a frame declares ${contentSize} bytes of content but expands to ${d - frameStart}`)
  }
  return [p, d]
}

function truncated(what: string): TruncatedInputError {
  return new TruncatedInputError(`lz4_frame: the input ends inside ${what}`)
}

function overflow(declared: number): InvalidFrameError {
  return new InvalidFrameError(`lz4_frame: the data expands beyond the ${declared} bytes declared`)
}

import { FrameTooLargeError, InvalidFrameError, TruncatedInputError, UnsupportedFeatureError } from '@lightstream/core'
import { readU32 } from './codec-limits'
import { skipSkippableFrame } from './skippable-frame'

/** The zstd frame magic number, little-endian on the wire (28 B5 2F FD). @internal */
export const ZSTD_MAGIC = 0xfd2fb528
/** The largest block a zstd frame may hold, compressed or regenerated. */
const BLOCK_SIZE_MAX = 128 * 1024

/** What the structure of one zstd frame says, read without decompressing it. @internal */
export interface ZstdFrameInfo {
  /** Byte range of the whole frame (header, blocks, checksum) in the input. */
  readonly start: number
  readonly end: number
  /** The declared Frame_Content_Size, or -1 when the frame does not declare it. */
  readonly contentSize: number
  /** The window the frame asks its decoder to keep. */
  readonly windowSize: number
  /** The most bytes the blocks can regenerate (raw and RLE exactly, compressed at most the block maximum). */
  readonly maxOutput: number
  /** The bytes the raw and RLE blocks regenerate (a lower bound of the output). */
  readonly minOutput: number
}

/**
 * Walks a sequence of zstd frames (skippable frames allowed between them) by their headers and block
 * headers only: O(number of blocks), nothing decompressed or allocated. It checks that every block lies
 * inside the input, that block sizes respect the format, that no dictionary is needed and that frames
 * without a declared content size ask for at most `maxWindowSize` of window.
 *
 * @throws {InvalidFrameError} a bad magic number, a reserved bit or block type, an oversized block.
 * @throws {TruncatedInputError} the input ends inside a frame.
 * @throws {UnsupportedFeatureError} a frame that needs a dictionary.
 * @throws {FrameTooLargeError} a frame without content size whose window exceeds `maxWindowSize`.
 * @internal
 */
export function scanZstdFrames(src: Uint8Array, maxWindowSize: number): ZstdFrameInfo[] {
  const frames: ZstdFrameInfo[] = []
  const n = src.length
  let p = 0
  while (p < n) {
    if (n - p < 4) throw truncated('a frame magic number')
    const skipped = skipSkippableFrame(src, p, 'zstd')
    if (skipped >= 0) {
      p = skipped
      continue
    }
    const magic = readU32(src, p)
    if (magic !== ZSTD_MAGIC) throw new InvalidFrameError(`zstd: not a zstd frame at byte ${p} (magic 0x${magic.toString(16)})`)
    const frame = scanFrame(src, p, maxWindowSize)
    frames.push(frame)
    p = frame.end
  }
  return frames
}

function scanFrame(src: Uint8Array, start: number, maxWindowSize: number): ZstdFrameInfo {
  const n = src.length
  let p = start + 4
  if (p >= n) throw truncated('a frame header')
  const fhd = src[p++]!
  const fcsFlag = fhd >>> 6
  const singleSegment = (fhd & 0x20) !== 0
  const hasChecksum = (fhd & 0x04) !== 0
  if (fhd & 0x08) throw new InvalidFrameError('zstd: the reserved bit of a frame header is set')
  const dictIdBytes = [0, 1, 2, 4][fhd & 3]!
  const fcsBytes = fcsFlag === 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag
  const headerEnd = p + (singleSegment ? 0 : 1) + dictIdBytes + fcsBytes
  if (headerEnd > n) throw truncated('a frame header')
  let windowSize = 0
  if (!singleSegment) {
    const descriptor = src[p++]!
    const windowLog = 10 + (descriptor >>> 3)
    const base = 2 ** windowLog
    windowSize = base + (base / 8) * (descriptor & 7)
  }
  let dictId = 0
  for (let i = 0; i < dictIdBytes; i++) dictId += src[p + i]! * 2 ** (8 * i)
  p += dictIdBytes
  if (dictId !== 0) throw new UnsupportedFeatureError(`zstd: frames that need a dictionary (id ${dictId}) are not supported`)
  let contentSize = -1
  if (fcsBytes > 0) {
    contentSize = 0
    for (let i = 0; i < fcsBytes; i++) contentSize += src[p + i]! * 2 ** (8 * i)
    if (fcsBytes === 2) contentSize += 256
    p += fcsBytes
  }
  if (singleSegment) windowSize = contentSize
  else if (contentSize < 0 && windowSize > maxWindowSize) {
    throw new FrameTooLargeError(
      `zstd: a frame without a content size asks for a ${windowSize}-byte window, above the limit of ${maxWindowSize} (maxWindowSize)`,
      windowSize,
      maxWindowSize,
    )
  }
  const blockMax = Math.min(windowSize, BLOCK_SIZE_MAX)
  let maxOutput = 0
  let minOutput = 0
  for (;;) {
    if (n - p < 3) throw truncated('a block header')
    const header = src[p]! | (src[p + 1]! << 8) | (src[p + 2]! << 16)
    p += 3
    const last = header & 1
    const type = (header >>> 1) & 3
    const size = header >>> 3
    if (type === 3) throw new InvalidFrameError('zstd: a block has the reserved block type')
    if (size > blockMax) throw new InvalidFrameError(`zstd: a block of ${size} bytes exceeds the frame's maximum block size ${blockMax}`)
    const stored = type === 1 ? 1 : size // an RLE block stores one byte and regenerates `size`
    if (stored > n - p) throw truncated('a block')
    p += stored
    if (type === 2) maxOutput += blockMax
    else {
      maxOutput += size
      minOutput += size
    }
    if (last) break
  }
  if (hasChecksum) {
    if (n - p < 4) throw truncated('a content checksum')
    p += 4
  }
  if (contentSize >= 0 && (contentSize < minOutput || contentSize > maxOutput)) {
    throw new InvalidFrameError(`zstd: a frame declares ${contentSize} bytes of content, which its blocks (${minOutput} to ${maxOutput} bytes) cannot produce`)
  }
  return { start, end: p, contentSize, windowSize, maxOutput, minOutput }
}

function truncated(what: string): TruncatedInputError {
  return new TruncatedInputError(`zstd: the input ends inside ${what}`)
}

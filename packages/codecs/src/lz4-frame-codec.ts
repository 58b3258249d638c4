import { InvalidFrameError, type Codec } from '@lightstream/core'
import {
  DEFAULT_MAX_UNCOMPRESSED_LENGTH,
  allocateOutput,
  checkDecodeArguments,
  checkEncodeArgument,
  resolveLimit,
  type DecodeLimitOptions,
} from './codec-limits'
import { decodeLz4Frames } from './lz4-frame-decode'
import { encodeLz4Frame } from './lz4-frame-encode'

/** Options of {@link lz4FrameCodec}. */
export interface Lz4FrameCodecOptions extends DecodeLimitOptions {
  /**
   * Verify the header, block and content checksums that a frame carries (the header checksum is always
   * present; the others only when the writer enabled them). Default true.
   */
  verifyChecksums?: boolean
}

/**
 * An LZ4 byte can expand to at most 255 bytes (a match-length byte of 255), so a buffer that declares more
 * than this many bytes per compressed byte cannot be genuine; it is refused before anything is allocated.
 */
const MAX_EXPANSION = 256
const EXPANSION_SLACK = 64

/**
 * The Arrow IPC `LZ4_FRAME` codec (name `'lz4_frame'`): the LZ4 frame format, encode and decode, in pure
 * JavaScript (the block codec of [lz4js](https://www.npmjs.com/package/lz4js); frames, limits and checks
 * are this package's). Works in every runtime, synchronously.
 *
 * `encode(bytes)`: one frame with 4 MiB block maximum; O(n), one output allocation (plus one right-sizing
 * copy when the data compressed well). `decode(bytes, uncompressedLength)`: reads any LZ4 frame (any
 * block size, dependent or independent blocks, optional checksums and content size, several frames and
 * skippable frames in a row) into one zeroed allocation of exactly `uncompressedLength` bytes; every
 * block's structure is proven before it is expanded, so a corrupt or malicious buffer cannot make it
 * write or loop beyond that length.
 *
 * @throws {InvalidArgumentError} (from the factory) an invalid `maxUncompressedLength`.
 *
 * @example
 * ```ts
 * const codec = lz4FrameCodec()
 * const packed = codec.encode(new Uint8Array(1000).fill(7))
 * const bytes = codec.decode(packed, 1000) // Uint8Array(1000), all 7
 * ```
 */
export function lz4FrameCodec(options: Lz4FrameCodecOptions = {}): Codec {
  const limit = resolveLimit(options.maxUncompressedLength, DEFAULT_MAX_UNCOMPRESSED_LENGTH, 'maxUncompressedLength')
  const verifyChecksums = options.verifyChecksums ?? true
  const allocator = options.allocator
  return {
    name: 'lz4_frame',
    /**
     * Compress `bytes` into one LZ4 frame. O(n); allocates the output.
     * @throws {InvalidArgumentError} `bytes` is not a Uint8Array.
     * @throws {AllocationError} the output cannot be allocated.
     */
    encode(bytes: Uint8Array): Uint8Array {
      checkEncodeArgument('lz4_frame', bytes)
      return encodeLz4Frame(bytes)
    },
    /**
     * Decompress LZ4 frames that expand to exactly `uncompressedLength` bytes. O(compressed + output);
     * one zeroed allocation of `uncompressedLength` bytes (from `allocator` when given).
     * @throws {InvalidArgumentError} `bytes` is not a Uint8Array or the length is not a non-negative integer.
     * @throws {FrameTooLargeError} `uncompressedLength` is above `maxUncompressedLength`.
     * @throws {InvalidFrameError} corrupt data, a failed checksum, or data that expands to another length.
     * @throws {TruncatedInputError} the data ends inside a frame.
     * @throws {UnsupportedFeatureError} a frame that needs a dictionary.
     */
    decode(bytes: Uint8Array, uncompressedLength: number): Uint8Array {
      checkDecodeArguments('lz4_frame', bytes, uncompressedLength, limit)
      if (uncompressedLength > bytes.length * MAX_EXPANSION + EXPANSION_SLACK) {
        throw new InvalidFrameError(
          `lz4_frame: ${bytes.length} compressed bytes cannot expand to the ${uncompressedLength} declared (LZ4 expands at most 255-fold)`,
        )
      }
      const out = allocateOutput(allocator, uncompressedLength)
      if (bytes.length === 0 && uncompressedLength === 0) return out
      decodeLz4Frames(bytes, out, verifyChecksums)
      return out
    },
  }
}

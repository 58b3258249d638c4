import {
  AllocationError,
  InvalidArgumentError,
  InvalidFrameError,
  LightstreamError,
  MissingDependencyError,
  type Codec,
} from '@lightstream/core'
import {
  DEFAULT_MAX_UNCOMPRESSED_LENGTH,
  allocateOutput,
  checkDecodeArguments,
  checkEncodeArgument,
  resolveLimit,
  type DecodeLimitOptions,
} from './codec-limits'
import { checkZstdFrameSizes, decodeZstdFrames } from './zstd-decode'
import { ZSTD_MAGIC, scanZstdFrames } from './zstd-frame-scan'

/**
 * A zstd compressor: returns one or more complete zstd frames holding `bytes` at `level`. The `compress`
 * export of `@bokuweb/zstd-wasm` (after `await init()`) has this shape; {@link loadZstdCodec} adapts
 * `zstd-napi`.
 */
export type ZstdCompress = (bytes: Uint8Array, level: number) => Uint8Array

/**
 * A zstd decompressor writing into memory it is given: decodes the single zstd frame `frame` into `target`
 * and returns the number of bytes written, throwing when they do not fit. libzstd's `ZSTD_decompressDCtx`
 * has this contract; {@link loadZstdCodec} adapts zstd-napi and @bokuweb/zstd-wasm.
 */
export type ZstdDecompressInto = (frame: Uint8Array, target: Uint8Array) => number

/** Arrow C++'s default zstd level, used when none is given: fast, as IPC compression should be. */
export const DEFAULT_ZSTD_LEVEL = 1
/** The default cap on the window a frame without content size may ask for: 128 MiB (zstd's own default). */
export const DEFAULT_MAX_ZSTD_WINDOW = 128 * 1024 * 1024

/** Options of {@link zstdCodec}. */
export interface ZstdCodecOptions extends DecodeLimitOptions {
  /** The compressor `encode` uses. Without one, `encode` throws MissingDependencyError; decoding needs none. */
  compress?: ZstdCompress
  /**
   * Decode with this instead of fzstd (the header walk, limits and length checks stay). libzstd is faster
   * than fzstd, detects every length mismatch, and its work is bounded by the output it writes, while
   * fzstd's can grow far beyond it on crafted input (see the README).
   */
  decompress?: ZstdDecompressInto
  /** Compression level passed to `compress`: an integer from -131072 (fastest) to 22. Default 1. */
  level?: number
  /**
   * The largest window, in bytes, that a frame without a declared content size may ask for; the decoder
   * allocates that window. Default {@link DEFAULT_MAX_ZSTD_WINDOW} (128 MiB).
   */
  maxWindowSize?: number
}

/**
 * The Arrow IPC `ZSTD` codec (name `'zstd'`). Decoding is pure JavaScript
 * ([fzstd](https://www.npmjs.com/package/fzstd)) and works everywhere, synchronously, unless you pass
 * libzstd as `options.decompress`; encoding uses the compressor you pass (`options.compress`), so the heavy
 * native or wasm library stays optional. {@link loadZstdCodec} finds one and wires both.
 *
 * `decode(bytes, uncompressedLength)` first walks the frame and block headers (no decompression), checks
 * them against `uncompressedLength` and the limits, then decodes into one zeroed allocation of exactly
 * `uncompressedLength` bytes. With fzstd, frames that declare their content size are decoded in place; a
 * frame whose blocks regenerate fewer bytes than it declares is not detected by fzstd (its tail stays
 * zero), and crafted blocks can cost far more CPU time than their output; libzstd has neither gap.
 *
 * @throws {InvalidArgumentError} (from the factory) an invalid level, limit or `compress`.
 *
 * @example
 * ```ts
 * const reader = zstdCodec() // decode-only
 * const bytes = reader.decode(frame, 1024)
 * ```
 */
export function zstdCodec(options: ZstdCodecOptions = {}): Codec {
  const limit = resolveLimit(options.maxUncompressedLength, DEFAULT_MAX_UNCOMPRESSED_LENGTH, 'maxUncompressedLength')
  const maxWindowSize = resolveLimit(options.maxWindowSize, DEFAULT_MAX_ZSTD_WINDOW, 'maxWindowSize')
  const level = options.level ?? DEFAULT_ZSTD_LEVEL
  if (!Number.isInteger(level) || level < -131072 || level > 22) {
    throw new InvalidArgumentError(`zstd: level must be an integer from -131072 to 22, got ${String(level)}`)
  }
  const compress = options.compress
  if (compress !== undefined && typeof compress !== 'function') {
    throw new InvalidArgumentError('zstd: compress must be a function (bytes, level) => Uint8Array')
  }
  const decompress = options.decompress
  if (decompress !== undefined && typeof decompress !== 'function') {
    throw new InvalidArgumentError('zstd: decompress must be a function (frame, target) => bytesWritten')
  }
  const allocator = options.allocator
  return {
    name: 'zstd',
    /**
     * Compress `bytes` with the configured compressor. Cost is the compressor's; the result is its output
     * (a Node Buffer is re-viewed as a plain Uint8Array, no copy).
     * @throws {InvalidArgumentError} `bytes` is not a Uint8Array.
     * @throws {MissingDependencyError} no compressor was given (names `@bokuweb/zstd-wasm`).
     * @throws {AllocationError} the compressor failed (zstd fails only when it cannot get memory).
     * @throws {InvalidFrameError} the compressor returned something that is not a zstd frame.
     */
    encode(bytes: Uint8Array): Uint8Array {
      checkEncodeArgument('zstd', bytes)
      if (compress === undefined) {
        throw new MissingDependencyError('@bokuweb/zstd-wasm', 'zstd encoding (use loadZstdCodec(), which also finds "zstd-napi" on Node)')
      }
      let packed: unknown
      try {
        packed = compress(bytes, level)
      } catch (cause) {
        if (cause instanceof LightstreamError) throw cause
        throw new AllocationError(`zstd: the compressor failed on ${bytes.length} bytes`, { cause })
      }
      if (!(packed instanceof Uint8Array) || packed.length < 4 || (packed[0]! | (packed[1]! << 8) | (packed[2]! << 16) | (packed[3]! << 24)) >>> 0 !== ZSTD_MAGIC) {
        throw new InvalidFrameError('zstd: the compressor did not return a zstd frame')
      }
      return packed.constructor === Uint8Array ? packed : new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength)
    },
    /**
     * Decompress zstd frames that expand to exactly `uncompressedLength` bytes. O(compressed + output);
     * one zeroed allocation of `uncompressedLength` bytes (from `allocator` when given), plus fzstd's
     * window for frames that do not declare their content size.
     * @throws {InvalidArgumentError} `bytes` is not a Uint8Array or the length is not a non-negative integer.
     * @throws {FrameTooLargeError} `uncompressedLength` above `maxUncompressedLength`, or a window above `maxWindowSize`.
     * @throws {InvalidFrameError} corrupt data, or data that expands (or declares) another length.
     * @throws {TruncatedInputError} the data ends inside a frame.
     * @throws {UnsupportedFeatureError} a frame that needs a dictionary.
     */
    decode(bytes: Uint8Array, uncompressedLength: number): Uint8Array {
      checkDecodeArguments('zstd', bytes, uncompressedLength, limit)
      const frames = scanZstdFrames(bytes, maxWindowSize)
      checkZstdFrameSizes(frames, uncompressedLength)
      const out = allocateOutput(allocator, uncompressedLength)
      decodeZstdFrames(bytes, frames, out, decompress)
      return out
    },
  }
}

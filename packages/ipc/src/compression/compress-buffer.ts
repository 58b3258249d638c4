import { InvalidArgumentError, type Codec } from '@lightstream/core'
import { COMPRESSED_LENGTH_PREFIX } from '../format/constants'

/**
 * Buffer-level body compression of Arrow IPC (`BodyCompressionMethod.BUFFER`), the writing side: each
 * non-empty buffer becomes an int64 little-endian uncompressed length followed by the codec's output, or
 * `-1` followed by the raw bytes when compression does not pay off.
 */

/** The 8-byte prefix of a buffer stored raw: int64 -1. Shared and never written to. */
const RAW_PREFIX = new Uint8Array(COMPRESSED_LENGTH_PREFIX).fill(0xff)

/** Writes `value` (a non-negative safe integer) as an int64 LE into 8 fresh bytes. */
function lengthPrefix(value: number): Uint8Array {
  const prefix = new Uint8Array(COMPRESSED_LENGTH_PREFIX)
  const view = new DataView(prefix.buffer)
  view.setUint32(0, value >>> 0, true)
  view.setUint32(4, Math.floor(value / 4294967296), true)
  return prefix
}

/** One compressed body buffer as parts (prefix, payload) and how it was stored. */
export interface CompressedBuffer {
  /** The prefix and the payload; empty for an empty buffer. Sum of lengths = `byteLength`. */
  readonly parts: Uint8Array[]
  readonly byteLength: number
  /** True when the payload is the codec's output, false when it is the raw bytes (prefix -1) or empty. */
  readonly compressed: boolean
}

const EMPTY: CompressedBuffer = Object.freeze({ parts: [], byteLength: 0, compressed: false }) as CompressedBuffer

/**
 * Compresses one body buffer for an IPC message with buffer-level compression.
 *
 * The rule: an empty buffer stays empty (no prefix, length 0). Otherwise the codec runs once; when its
 * output is smaller than the input, the buffer is `int64 LE uncompressed length` + the output; when it is
 * not (incompressible data, tiny buffers), the buffer is stored raw: int64 `-1` + the input bytes as a
 * **view** (no copy), so a reader skips decompression. O(bytes) for the codec; the raw path copies nothing.
 *
 * @throws InvalidArgumentError when the codec returns something other than a Uint8Array.
 * @throws whatever the codec throws.
 */
export function compressBuffer(codec: Codec, bytes: Uint8Array): CompressedBuffer {
  if (bytes.byteLength === 0) return EMPTY
  const out: unknown = codec.encode(bytes)
  if (!(out instanceof Uint8Array)) throw new InvalidArgumentError(`codec "${codec.name}" returned ${typeof out}, not a Uint8Array`)
  if (out.byteLength < bytes.byteLength) {
    return { parts: [lengthPrefix(bytes.byteLength), out], byteLength: COMPRESSED_LENGTH_PREFIX + out.byteLength, compressed: true }
  }
  return { parts: [RAW_PREFIX, bytes], byteLength: COMPRESSED_LENGTH_PREFIX + bytes.byteLength, compressed: false }
}

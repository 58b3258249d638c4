import { FrameTooLargeError, IpcFormatError, LightstreamError, type Codec } from '@lightstream/core'
import { COMPRESSED_LENGTH_PREFIX } from '../format/constants'

/** How many decompressed bytes a message may still produce; shared by all buffers of one message. */
export interface DecompressBudget {
  /** Bytes left before the limit. */
  remaining: number
  /** The limit, for the error message. */
  readonly limit: number
}

/** What one call did, for the caller's statistics. */
export interface Decompressed {
  readonly bytes: Uint8Array
  /** True when a codec ran (false: empty, or stored raw with length -1). */
  readonly decoded: boolean
}

const EMPTY = new Uint8Array(0)

/**
 * Decode one buffer of a compressed IPC body (`BodyCompression` method BUFFER): an int64 little-endian
 * uncompressed length, then the codec's bytes; a length of -1 means the rest is stored uncompressed, and
 * an empty buffer stays empty (no prefix).
 *
 * Cost: a stored or empty buffer is a view (no copy); otherwise what the codec costs, into the codec's
 * own memory. The declared length is charged to `budget` before the codec runs, so a hostile length never
 * allocates.
 *
 * @throws IpcFormatError a buffer shorter than its prefix, a negative length other than -1, a codec that
 *   fails (its error is the `cause` unless it is already a LightstreamError) or returns another length.
 * @throws FrameTooLargeError when the message's buffers would decompress to more than the budget allows.
 */
export function decompressBuffer(region: Uint8Array, codec: Codec, budget: DecompressBudget): Decompressed {
  if (region.length === 0) return { bytes: EMPTY, decoded: false }
  if (region.length < COMPRESSED_LENGTH_PREFIX) {
    throw new IpcFormatError(`Invalid IPC body: a compressed buffer of ${region.length} bytes is shorter than its 8-byte length prefix`)
  }
  const lo = (region[0]! | (region[1]! << 8) | (region[2]! << 16) | (region[3]! << 24)) >>> 0
  const hi = region[4]! | (region[5]! << 8) | (region[6]! << 16) | (region[7]! << 24)
  const rest = region.subarray(COMPRESSED_LENGTH_PREFIX)
  if (hi === -1 && lo === 0xffffffff) return { bytes: rest, decoded: false }
  if (hi < 0) throw new IpcFormatError(`Invalid IPC body: a compressed buffer declares a negative uncompressed length`)
  const length = hi * 4294967296 + lo
  if (length > budget.remaining) {
    const total = budget.limit - budget.remaining + length
    throw new FrameTooLargeError(
      `IPC message buffers decompress to at least ${total} bytes, more than maxDecompressedBytes (${budget.limit})`,
      total,
      budget.limit,
    )
  }
  budget.remaining -= length
  if (length === 0) return { bytes: EMPTY, decoded: false }
  let out: unknown
  try {
    out = codec.decode(rest, length)
  } catch (cause) {
    if (cause instanceof LightstreamError) throw cause
    throw new IpcFormatError(`Invalid IPC body: the ${codec.name} codec could not decode a buffer`, { cause })
  }
  if (!(out instanceof Uint8Array) || out.length !== length) {
    const got = out instanceof Uint8Array ? `${out.length} bytes` : 'something other than a Uint8Array'
    throw new IpcFormatError(`Invalid IPC body: the ${codec.name} codec returned ${got} for a buffer declared as ${length} bytes`)
  }
  return { bytes: out, decoded: true }
}

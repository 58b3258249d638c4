import { FrameTooLargeError, type DecodeResult, type FrameDecoder, type NeedMore } from '@lightstream/core'
import {
  resolveLengthPrefix,
  type LengthPrefixEndian,
  type LengthPrefixedOptions,
  type LengthPrefixWidth,
} from './length-prefixed-options'
import { readVarint } from './varint'

const TWO_32 = 0x1_0000_0000
/** Largest high word of a 64-bit length that keeps it at most 2^53-1. */
const MAX_SAFE_HIGH = 0x1f_ffff

/**
 * Decodes `[length][payload]` frames. The frame is the payload, a view of the input (no copy); the driver
 * copies only a frame that spans chunks. A length above `maxFrameLength` is rejected as soon as the prefix
 * is read, before any payload is waited for or buffered.
 *
 * Stateless between calls, so one instance may decode several streams.
 *
 * @example
 * ```ts
 * const decoder = new LengthPrefixedDecoder({ width: 2, endian: 'le' })
 * decoder.decode(Uint8Array.of(2, 0, 9, 9, 5)) // { frame: Uint8Array [9, 9], consumed: 4 }
 * decoder.decode(Uint8Array.of(2, 0, 9))       // { needMore: true, needed: 4 }
 * ```
 */
export class LengthPrefixedDecoder implements FrameDecoder<Uint8Array> {
  /** Prefix width. */
  readonly width: LengthPrefixWidth
  /** Byte order of a fixed-width prefix. */
  readonly endian: LengthPrefixEndian
  /** Largest payload accepted. */
  readonly maxFrameLength: number
  readonly #size: number
  readonly #le: boolean
  readonly #needHeader: NeedMore
  readonly #varint = { value: 0 }

  /** @throws InvalidArgumentError for bad options. */
  constructor(options: LengthPrefixedOptions = {}) {
    const resolved = resolveLengthPrefix(options)
    this.width = resolved.width
    this.endian = resolved.endian
    this.maxFrameLength = resolved.maxFrameLength
    this.#size = resolved.size
    this.#le = resolved.endian === 'le'
    this.#needHeader = Object.freeze({ needMore: true as const, needed: Math.max(1, resolved.size) })
  }

  /**
   * Decode one frame from the start of `bytes`. O(1) (O(prefix) for varint), no copy.
   * @throws FrameTooLargeError when the prefix declares more than `maxFrameLength` (or more than 2^53-1);
   * InvalidFrameError for an overlong or non-minimal varint.
   */
  decode(bytes: Uint8Array): DecodeResult<Uint8Array> {
    const size = this.#size
    const available = bytes.length
    let header = size
    let length: number
    if (size === 0) {
      header = readVarint(bytes, this.#varint)
      if (header < 0) return { needMore: true, needed: available + 1 }
      length = this.#varint.value
    } else {
      if (available < size) return this.#needHeader
      length = this.#fixedLength(bytes)
      if (length < 0) {
        const declared = this.#le ? readU32LE(bytes, 4) * TWO_32 + readU32LE(bytes, 0) : readU32BE(bytes, 0) * TWO_32 + readU32BE(bytes, 4)
        throw new FrameTooLargeError(
          `length prefix declares ${declared} bytes, above 2^53-1 (maxFrameLength is ${this.maxFrameLength})`,
          declared,
          this.maxFrameLength,
        )
      }
    }
    if (length > this.maxFrameLength) {
      throw new FrameTooLargeError(
        `length prefix declares ${length} bytes; maxFrameLength is ${this.maxFrameLength}`,
        length,
        this.maxFrameLength,
      )
    }
    const total = header + length
    if (available < total) return { needMore: true, needed: total }
    return { frame: bytes.subarray(header, total), consumed: total }
  }

  /**
   * The length of the frame at the start of `bytes` (prefix + payload) once its prefix is complete, else
   * undefined. A prefix `decode` rejects (too large, a bad varint) answers `bytes.length`, leaving the error
   * to `decode`. O(1); see `FrameDecoder.frameLength`.
   */
  frameLength(bytes: Uint8Array): number | undefined {
    const size = this.#size
    const available = bytes.length
    let header = size
    let length: number
    if (size === 0) {
      try {
        header = readVarint(bytes, this.#varint)
      } catch {
        return available
      }
      if (header < 0) return undefined
      length = this.#varint.value
    } else {
      if (available < size) return undefined
      length = this.#fixedLength(bytes)
    }
    return length < 0 || length > this.maxFrameLength ? available : header + length
  }

  /** The value of a complete fixed-width prefix, or -1 when an 8-byte one is above 2^53-1. */
  #fixedLength(bytes: Uint8Array): number {
    switch (this.#size) {
      case 1: return bytes[0]!
      case 2: return this.#le ? bytes[0]! | (bytes[1]! << 8) : (bytes[0]! << 8) | bytes[1]!
      case 4: return this.#le ? readU32LE(bytes, 0) : readU32BE(bytes, 0)
      default: {
        const high = this.#le ? readU32LE(bytes, 4) : readU32BE(bytes, 0)
        const low = this.#le ? readU32LE(bytes, 0) : readU32BE(bytes, 4)
        return high > MAX_SAFE_HIGH ? -1 : high * TWO_32 + low
      }
    }
  }
}

function readU32BE(bytes: Uint8Array, at: number): number {
  return bytes[at]! * 0x100_0000 + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!)
}

function readU32LE(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x100_0000
}

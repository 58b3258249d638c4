import { InvalidArgumentError, TruncatedInputError, type DecodeResult, type FrameDecoder, type NeedMore } from '@lightstream/core'
import { payloadTooLarge, readUintLE, resolveTlvLayout, type TlvFrame, type TlvOptions } from './tlv-layout'

/**
 * Splits bytes into {@link TlvFrame}s: `[tag][length][payload]`, little-endian, no padding. Pure (no I/O);
 * run it over a stream with `@lightstream/framing`'s `decodeFrames` or use {@link readTlv}.
 *
 * Each frame's payload is a view of the bytes given to `decode` (O(1), no copy), so a frame that sits in one
 * chunk is never copied. Before the header is complete it answers NeedMore with `needed` = header size; once the
 * header is readable, with `needed` = the whole frame, so a driver buffers it and makes it contiguous at most once.
 *
 * The default layout (1-byte tag, 4-byte length) has its own straight-line path: a few byte reads, one
 * comparison against the limit, two small objects (the result and the frame) and one `subarray`.
 *
 * @example
 * ```ts
 * const decoder = new TlvDecoder()
 * decoder.decode(Uint8Array.of(7, 2, 0, 0, 0, 0x68, 0x69))
 * // { frame: { tag: 7, payload: Uint8Array [0x68, 0x69] }, consumed: 7 }
 * ```
 */
export class TlvDecoder implements FrameDecoder<TlvFrame> {
  /** Bytes of the tag (1, 2 or 4). */
  readonly tagWidth: 1 | 2 | 4
  /** Bytes of the length (1, 2, 4 or 8). */
  readonly lengthWidth: 1 | 2 | 4 | 8
  /** `tagWidth + lengthWidth`. */
  readonly headerSize: number
  /** Largest payload accepted (the option, lowered to what `lengthWidth` can express). */
  readonly maxPayloadLength: number
  readonly #default: boolean
  readonly #needHeader: NeedMore

  /**
   * @throws InvalidArgumentError for a width outside the allowed set or an invalid `maxPayloadLength`.
   */
  constructor(options?: TlvOptions) {
    const layout = resolveTlvLayout(options)
    this.tagWidth = layout.tagWidth
    this.lengthWidth = layout.lengthWidth
    this.headerSize = layout.headerSize
    this.maxPayloadLength = layout.maxPayloadLength
    this.#default = layout.tagWidth === 1 && layout.lengthWidth === 4
    this.#needHeader = Object.freeze({ needMore: true as const, needed: layout.headerSize })
  }

  /**
   * Decode one frame from the start of `bytes`. O(1), no copy: the payload is `bytes.subarray(...)`.
   * @throws FrameTooLargeError when the header declares a payload over `maxPayloadLength` (checked before any
   * payload bytes are needed); InvalidArgumentError when `bytes` is not a Uint8Array.
   */
  decode(bytes: Uint8Array): DecodeResult<TlvFrame> {
    if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError('TlvDecoder.decode expects a Uint8Array')
    const available = bytes.length
    if (this.#default) {
      if (available < 5) return this.#needHeader
      const tag = bytes[0]!
      const length = (bytes[1]! | (bytes[2]! << 8) | (bytes[3]! << 16)) + bytes[4]! * 0x1000000
      if (length > this.maxPayloadLength) throw payloadTooLarge(tag, length, this.maxPayloadLength)
      const end = length + 5
      if (available < end) return { needMore: true, needed: end }
      return { frame: { tag, payload: bytes.subarray(5, end) }, consumed: end }
    }
    const header = this.headerSize
    if (available < header) return this.#needHeader
    const tag = readUintLE(bytes, 0, this.tagWidth)
    const length = readUintLE(bytes, this.tagWidth, this.lengthWidth)
    if (length > this.maxPayloadLength) throw payloadTooLarge(tag, length, this.maxPayloadLength)
    const end = length + header
    if (available < end) return { needMore: true, needed: end }
    return { frame: { tag, payload: bytes.subarray(header, end) }, consumed: end }
  }

  /**
   * The length of the frame at the start of `bytes` (header + payload) once the header is complete, else
   * undefined; a payload length over `maxPayloadLength` answers `bytes.length`, leaving the error to
   * `decode`. O(1). Lets slab-reading sockets keep every frame in one piece (`FrameDecoder.frameLength`).
   */
  frameLength(bytes: Uint8Array): number | undefined {
    const header = this.headerSize
    if (bytes.length < header) return undefined
    const length = readUintLE(bytes, this.tagWidth, this.lengthWidth)
    return length > this.maxPayloadLength ? bytes.length : header + length
  }

  /**
   * End of input: nothing is pending when `remaining` is empty, otherwise the input stopped inside a frame.
   * @throws TruncatedInputError naming how far into the frame the input ended.
   */
  finish(remaining: Uint8Array): undefined {
    const left = remaining.length
    if (left === 0) return undefined
    throw truncated(remaining, this.tagWidth, this.lengthWidth)
  }
}

/** Describe input that ends inside a frame (shared with {@link decodeTlv}). */
export function truncated(rest: Uint8Array, tagWidth: number, lengthWidth: number): TruncatedInputError {
  const header = tagWidth + lengthWidth
  if (rest.length < header) {
    return new TruncatedInputError(`input ended inside a TLV header: ${rest.length} of ${header} bytes`)
  }
  const tag = readUintLE(rest, 0, tagWidth)
  const length = readUintLE(rest, tagWidth, lengthWidth)
  return new TruncatedInputError(
    `input ended inside a TLV frame with tag ${tag}: ${rest.length - header} of ${length} payload bytes`,
  )
}

import { InvalidArgumentError } from '@lightstream/core'
import { truncated } from './tlv-decoder'
import { payloadTooLarge, readUintLE, resolveTlvLayout, type TlvFrame, type TlvOptions } from './tlv-layout'

/**
 * Decode every frame of bytes already in memory, synchronously. Payloads are views of `bytes` (O(1) each,
 * no copy), so they stay valid as long as `bytes` is not modified. The whole input must be frames: a tail
 * shorter than its frame is an error, not silently dropped.
 *
 * @example
 * ```ts
 * decodeTlv(Uint8Array.of(7, 2, 0, 0, 0, 0x68, 0x69, 9, 0, 0, 0, 0))
 * // [{ tag: 7, payload: [0x68, 0x69] }, { tag: 9, payload: [] }]
 * ```
 * @throws FrameTooLargeError for a declared length over `maxPayloadLength`; TruncatedInputError when the input
 * ends inside a header or payload; InvalidArgumentError when `bytes` is not a Uint8Array or the options are bad.
 */
export function decodeTlv(bytes: Uint8Array, options?: TlvOptions): TlvFrame[] {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError('decodeTlv expects a Uint8Array')
  const { tagWidth, lengthWidth, headerSize, maxPayloadLength } = resolveTlvLayout(options)
  const frames: TlvFrame[] = []
  const size = bytes.length
  let offset = 0
  if (tagWidth === 1 && lengthWidth === 4) {
    while (size - offset >= 5) {
      const tag = bytes[offset]!
      const length =
        (bytes[offset + 1]! | (bytes[offset + 2]! << 8) | (bytes[offset + 3]! << 16)) + bytes[offset + 4]! * 0x1000000
      if (length > maxPayloadLength) throw payloadTooLarge(tag, length, maxPayloadLength)
      const end = offset + 5 + length
      if (end > size) break
      frames.push({ tag, payload: bytes.subarray(offset + 5, end) })
      offset = end
    }
  } else {
    while (size - offset >= headerSize) {
      const tag = readUintLE(bytes, offset, tagWidth)
      const length = readUintLE(bytes, offset + tagWidth, lengthWidth)
      if (length > maxPayloadLength) throw payloadTooLarge(tag, length, maxPayloadLength)
      const end = offset + headerSize + length
      if (end > size) break
      frames.push({ tag, payload: bytes.subarray(offset + headerSize, end) })
      offset = end
    }
  }
  if (offset < size) throw truncated(bytes.subarray(offset), tagWidth, lengthWidth)
  return frames
}

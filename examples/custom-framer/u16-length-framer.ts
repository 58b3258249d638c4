/**
 * A third-party binary protocol: every packet is a 2-byte big-endian length followed by that many bytes
 * (the framing of many game and telemetry protocols). Written here, outside the library, against the
 * `@lightstream/core` contracts only.
 *
 * The decoder gives the driver a `needed` hint as soon as it knows the packet size, so the driver waits for
 * exactly that many bytes and copies at most once; packets inside one chunk come out as views (no copy).
 */
import { FrameTooLargeError, InvalidArgumentError, type DecodeResult, type FrameDecoder, type FrameEncoder } from '@lightstream/core'

/** Largest payload a 2-byte length can describe. */
export const MAX_U16_PACKET = 0xffff

const NEED_PREFIX = Object.freeze({ needMore: true as const, needed: 2 })

/** `[len u16 BE][payload]` → payload (a view of the input). */
export class U16LengthDecoder implements FrameDecoder<Uint8Array> {
  decode(bytes: Uint8Array): DecodeResult<Uint8Array> {
    if (bytes.length < 2) return NEED_PREFIX
    const size = 2 + ((bytes[0]! << 8) | bytes[1]!)
    if (bytes.length < size) return { needMore: true, needed: size }
    return { frame: bytes.subarray(2, size), consumed: size }
  }
}

/** payload → `[prefix, payload]` (the payload itself, not copied). */
export class U16LengthEncoder implements FrameEncoder<Uint8Array> {
  encode(payload: Uint8Array): Uint8Array[] {
    if (!(payload instanceof Uint8Array)) throw new InvalidArgumentError('a packet must be a Uint8Array')
    if (payload.length > MAX_U16_PACKET) {
      throw new FrameTooLargeError(`packet of ${payload.length} bytes does not fit a 2-byte length`, payload.length, MAX_U16_PACKET)
    }
    return [Uint8Array.of(payload.length >> 8, payload.length & 0xff), payload]
  }
}

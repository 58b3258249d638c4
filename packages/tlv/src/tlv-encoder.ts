import type { FrameEncoder } from '@lightstream/core'
import { checkTlvFrame, resolveTlvLayout, writeUintLE, type TlvFrame, type TlvLayout, type TlvOptions } from './tlv-layout'

/**
 * Turns {@link TlvFrame}s into parts for a vectored write: a fresh `headerSize`-byte header and the frame's own
 * payload (not copied). An empty payload gives just the header. Position-independent: TLV has no padding.
 *
 * @example
 * ```ts
 * new TlvEncoder().encode({ tag: 7, payload: new TextEncoder().encode('hi') }, 0)
 * // [Uint8Array [7, 2, 0, 0, 0], Uint8Array [0x68, 0x69]] (the second part is the payload itself)
 * ```
 */
export class TlvEncoder implements FrameEncoder<TlvFrame> {
  /** Bytes of the tag (1, 2 or 4). */
  readonly tagWidth: 1 | 2 | 4
  /** Bytes of the length (1, 2, 4 or 8). */
  readonly lengthWidth: 1 | 2 | 4 | 8
  /** `tagWidth + lengthWidth`. */
  readonly headerSize: number
  /** Largest payload accepted (the option, lowered to what `lengthWidth` can express). */
  readonly maxPayloadLength: number
  readonly #layout: TlvLayout

  /**
   * @throws InvalidArgumentError for a width outside the allowed set or an invalid `maxPayloadLength`.
   */
  constructor(options?: TlvOptions) {
    const layout = resolveTlvLayout(options)
    this.#layout = layout
    this.tagWidth = layout.tagWidth
    this.lengthWidth = layout.lengthWidth
    this.headerSize = layout.headerSize
    this.maxPayloadLength = layout.maxPayloadLength
  }

  /**
   * Encode one frame: O(1), allocates the header only; the payload part is the caller's memory.
   * @throws InvalidArgumentError for a tag outside `0..2^(8*tagWidth)-1` or a payload that is not a Uint8Array;
   * FrameTooLargeError for a payload over `maxPayloadLength`.
   */
  encode(frame: TlvFrame, _position = 0): Uint8Array[] {
    const length = checkTlvFrame(this.#layout, frame)
    const header = new Uint8Array(this.headerSize)
    writeTlvHeader(this.#layout, header, 0, frame.tag, length)
    return length === 0 ? [header] : [header, frame.payload]
  }
}

/** Write a header at `offset` of `target` (the caller validated tag and length against the layout). */
export function writeTlvHeader(layout: TlvLayout, target: Uint8Array, offset: number, tag: number, length: number): void {
  if (layout.tagWidth === 1 && layout.lengthWidth === 4) {
    target[offset] = tag
    target[offset + 1] = length & 0xff
    target[offset + 2] = (length >>> 8) & 0xff
    target[offset + 3] = (length >>> 16) & 0xff
    target[offset + 4] = length >>> 24
    return
  }
  writeUintLE(target, offset, layout.tagWidth, tag)
  writeUintLE(target, offset + layout.tagWidth, layout.lengthWidth, length)
}

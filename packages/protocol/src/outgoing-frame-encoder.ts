import type { FrameEncoder } from '@lightstream/core'
import { CONTROL_TAG, WIDE_TAG, frameHeader } from './wire-format'

/** A frame to send: a channel's payload as parts, or a control frame. @internal */
export interface OutgoingFrame {
  /** Channel index, or -1 for a control frame. */
  readonly index: number
  readonly parts: readonly Uint8Array[]
  /** Sum of the parts' byte lengths. */
  readonly length: number
}

/**
 * The FrameEncoder of the connection's writer (run by `@lightstream/framing`'s FrameWriter). A "frame" of
 * the writer is a batch of protocol frames gathered while the previous write was in flight, so one vectored
 * write carries them all: for each, one header part, then its payload parts untouched. Channels below
 * 254 — and every channel when `wide` is off — use their index as the tag; with `wide` on (the negotiated
 * extended mode) channels from 254 up use the wide form. Control frames use the control tag.
 * O(parts); allocates the 5- or 9-byte headers only.
 * @internal
 */
export class OutgoingFrameEncoder implements FrameEncoder<readonly OutgoingFrame[]> {
  /** Set once the extended mode is agreed. */
  wide = false

  encode(frames: readonly OutgoingFrame[]): Uint8Array[] {
    const out: Uint8Array[] = []
    for (const { index, parts, length } of frames) {
      out.push(
        index < 0 ? frameHeader(CONTROL_TAG, length)
        : this.wide && index >= WIDE_TAG ? frameHeader(WIDE_TAG, length, index)
        : frameHeader(index, length),
      )
      for (const part of parts) if (part.byteLength > 0) out.push(part)
    }
    return out
  }
}

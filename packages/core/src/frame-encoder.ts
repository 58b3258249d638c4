/**
 * Turns frames into bytes as a list of parts (header, the frame's own buffers, padding) so nothing is
 * concatenated on the way to a vectored write.
 *
 * `position` is the absolute byte offset in the output stream where the first part will land, so an
 * encoder can pad to an alignment of the stream rather than of the frame.
 *
 * @typeParam F the frame type.
 */
export interface FrameEncoder<F> {
  /** Encode one frame. Parts may be views of the frame's memory (no copy); the sum of their lengths is the frame's size. */
  encode(frame: F, position: number): Uint8Array[]
  /** Optional trailer written once after the last frame (an end-of-stream marker, a footer). */
  finish?(position: number): Uint8Array[]
}

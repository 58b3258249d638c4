/**
 * What a FrameDecoder returns when `bytes` does not yet hold a whole frame.
 *
 * A decoder that knows how many bytes it needs (it has read a length header) says so in `needed`,
 * counted from the start of the `bytes` it was given; the driver then waits for that many bytes and
 * makes them contiguous with at most one copy. Without `needed` the driver retries with more bytes.
 * Implementations may return the shared {@link NEED_MORE} or their own `{ needMore: true, needed }`.
 */
export interface NeedMore {
  readonly needMore: true
  /** Total contiguous bytes, from the start of the input, the decoder needs before it can progress. */
  readonly needed?: number
}

/** The shared "not enough bytes yet" answer with no size hint. */
export const NEED_MORE: NeedMore = Object.freeze({ needMore: true as const })

/** One decoded frame and how many input bytes it used. */
export interface Decoded<F> {
  readonly frame: F
  /** Bytes of input the frame occupied, at least 1. */
  readonly consumed: number
}

/** The result of {@link FrameDecoder.decode}. */
export type DecodeResult<F> = Decoded<F> | NeedMore

/**
 * Splits bytes into frames. Pure: it does no I/O, keeps no reference to input it did not turn into
 * a frame, and is driven by `@lightstream/framing` over any byte source.
 *
 * `decode` receives the buffered bytes starting at the next frame boundary and returns either one frame
 * with the byte count it used, or {@link NeedMore}. A frame may be a view into `bytes` (zero copy): the
 * driver guarantees those bytes are not reused while the consumer holds the frame.
 *
 * @typeParam F the frame type.
 * @throws a {@link LightstreamError} subclass (usually `InvalidFrameError` or `FrameTooLargeError`) for bytes
 * that can never become a valid frame.
 */
export interface FrameDecoder<F> {
  /** Decode at most one frame from the start of `bytes`. */
  decode(bytes: Uint8Array): DecodeResult<F>
  /**
   * Optional, cheap: the total byte length of the frame that starts at `bytes[0]`, as soon as its first bytes
   * tell (a length prefix, a header), or `undefined` while `bytes` is too short to tell. Pure and O(header):
   * it never decodes the frame. For bytes that cannot start a valid frame it returns any positive length
   * (`bytes.length` is a good choice) and leaves the error to `decode`.
   *
   * Sources that read into their own memory use it to keep every frame in one piece (see `sizeFrames` in
   * `@lightstream/framing`): a frame that would straddle two read buffers is moved while only its first bytes
   * have arrived, instead of being joined by a copy of all of it once complete.
   */
  frameLength?(bytes: Uint8Array): number | undefined
  /**
   * Called once when input ends, with the bytes left over (possibly empty). Return a final frame
   * (e.g. an unterminated last line) or `undefined`. Without `finish`, or when it returns `undefined`
   * while bytes remain, the driver throws `TruncatedInputError`.
   */
  finish?(remaining: Uint8Array): F | undefined
}

/** True when a decode result means "need more bytes". */
export function isNeedMore<F>(result: DecodeResult<F>): result is NeedMore {
  return (result as NeedMore).needMore === true
}

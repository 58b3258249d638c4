import type { FrameDecoder } from '@lightstream/core'

/**
 * The optional "size frames" capability of a byte source's async iterator. A source that reads into its own
 * memory (slabs) is given the decoder's {@link FrameDecoder.frameLength} once, before the first read, and
 * from then on can hand out whole frames only: it sizes each frame from its first bytes as they arrive and,
 * when a frame would not fit in the rest of its current buffer, moves the few bytes already received into a
 * buffer with room for all of it. The consumer then never joins a frame from two chunks (a copy of the whole
 * frame); the source copies at most a frame's first read.
 *
 * It is a registered symbol (`Symbol.for`), so sources can implement it without importing this package.
 *
 * @example
 * ```ts
 * const iterator = source[Symbol.asyncIterator]()
 * const size = (iterator as Partial<FrameSizing>)[sizeFrames]
 * if (typeof size === 'function' && decoder.frameLength !== undefined) {
 *   size.call(iterator, (bytes) => decoder.frameLength!(bytes)) // true: whole frames from now on
 * }
 * ```
 */
export const sizeFrames: unique symbol = Symbol.for('@lightstream/framing.sizeFrames') as never


/** What a source is given: {@link FrameDecoder.frameLength} of the stream's decoder. */
export type FrameLength = (bytes: Uint8Array) => number | undefined

/**
 * A source iterator that can keep frames whole. `[sizeFrames](frameLength)` is called by the
 * `decodeFramesAsync` driver before its first read, when the decoder has `frameLength`. Returning `true`
 * promises that every chunk handed out from then on ends at a frame boundary, except for frames the source
 * declines to keep whole (larger than it is willing to allocate from a length the peer sent) and the bytes
 * left when the stream ends; returning `false` changes nothing. Chunk boundaries are never a correctness
 * matter: the consumer decodes any chunking the same way.
 */
export interface FrameSizing {
  [sizeFrames](frameLength: FrameLength): boolean
}

/** Offer `decoder`'s frameLength to `iterator`; whether it took it. @internal */
export function offerFrameSizer(iterator: object, decoder: FrameDecoder<unknown>): boolean {
  const size = (iterator as Partial<FrameSizing>)[sizeFrames]
  if (typeof size !== 'function' || typeof decoder.frameLength !== 'function') return false
  return size.call(iterator, (bytes: Uint8Array) => decoder.frameLength!(bytes)) === true
}

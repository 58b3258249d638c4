/**
 * The optional "reserve a frame" capability of a byte source's async iterator, through which a frame
 * decoder tells a source that reads into its own memory (slabs) how large the frame in progress is, so
 * the source can keep that frame in one piece instead of letting it straddle two slabs (which costs the
 * decoder a copy of the whole frame to join it).
 *
 * It is a registered symbol (`Symbol.for`), so sources can implement it without importing this package.
 *
 * @example
 * ```ts
 * const iterator = source[Symbol.asyncIterator]()
 * if (typeof (iterator as Partial<FrameReserver>)[reserveFrame] === 'function') {
 *   // held: the frame's bytes received so far (one view); needed: the frame's total size
 *   const replays = (iterator as FrameReserver)[reserveFrame](held, needed)
 * }
 * ```
 */
export const reserveFrame: unique symbol = Symbol.for('@lightstream/framing.reserveFrame') as never

/**
 * A source iterator that can re-deliver the frame in progress in memory with room for all of it.
 *
 * `[reserveFrame](held, needed)` is called by the `decodeFramesAsync` driver between reads, only when
 * the consumer has taken every chunk so far, `held` (one contiguous view, the most recent bytes of the
 * stream) is the start of a frame and the decoder said the frame is `needed` bytes long. Returning
 * `true` is a promise: the consumer drops `held`, and the source's next chunk starts with those bytes
 * again (a copy of them in memory where the rest of the frame follows). If the stream ends before another
 * chunk, the source must deliver `held` itself before ending. Returning `false` changes nothing.
 * Cost for the source: at most one copy of `held` plus one read; the caller saves a copy of `needed` bytes.
 */
export interface FrameReserver {
  [reserveFrame](held: Uint8Array, needed: number): boolean
}

/** The iterator's `[reserveFrame]` as a function, or undefined when it has none. @internal */
export function frameReserverOf(iterator: object): ((held: Uint8Array, needed: number) => boolean) | undefined {
  const reserve = (iterator as Partial<FrameReserver>)[reserveFrame]
  return typeof reserve === 'function' ? (held, needed) => reserve.call(iterator, held, needed) === true : undefined
}

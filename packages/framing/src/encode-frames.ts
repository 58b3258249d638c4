import { InvalidArgumentError, type FrameEncoder } from '@lightstream/core'

/** Options for {@link encodeFrames}. */
export interface EncodeFramesOptions {
  /** Stream offset where the first part lands (passed to the encoder for alignment). Defaults to 0. */
  position?: number
}

/**
 * Encode frames into the parts a vectored write takes: each frame's header, its own buffers (views, no
 * copy) and padding, then the encoder's trailer (`finish`) if it has one. Parts are never concatenated;
 * use {@link concatParts} when one contiguous Uint8Array is needed.
 *
 * Sync stays sync: an `Iterable` gives a `Generator`, an `AsyncIterable` an `AsyncGenerator`.
 *
 * @example
 * ```ts
 * const parts = [...encodeFrames([Uint8Array.of(1, 2)], new LengthPrefixedEncoder({ width: 1 }))]
 * // [Uint8Array [2], Uint8Array [1, 2]]: the prefix, then the payload itself
 * ```
 * @throws InvalidArgumentError for a bad `position` or frames that are not iterable; (while iterating)
 * whatever the encoder throws.
 */
export function encodeFrames<F>(
  frames: AsyncIterable<F>,
  encoder: FrameEncoder<F>,
  options?: EncodeFramesOptions,
): AsyncGenerator<Uint8Array, void, undefined>
export function encodeFrames<F>(
  frames: Iterable<F>,
  encoder: FrameEncoder<F>,
  options?: EncodeFramesOptions,
): Generator<Uint8Array, void, undefined>
export function encodeFrames<F>(
  frames: Iterable<F> | AsyncIterable<F>,
  encoder: FrameEncoder<F>,
  options?: EncodeFramesOptions,
): Generator<Uint8Array, void, undefined> | AsyncGenerator<Uint8Array, void, undefined>
export function encodeFrames<F>(
  frames: Iterable<F> | AsyncIterable<F>,
  encoder: FrameEncoder<F>,
  options: EncodeFramesOptions = {},
): Generator<Uint8Array, void, undefined> | AsyncGenerator<Uint8Array, void, undefined> {
  const position = options.position ?? 0
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new InvalidArgumentError(`position must be a non-negative integer, got ${String(position)}`)
  }
  if (encoder === null || typeof encoder !== 'object' || typeof encoder.encode !== 'function') {
    throw new InvalidArgumentError('encodeFrames needs a FrameEncoder (an object with an encode method)')
  }
  if (frames !== null && typeof frames === 'object') {
    if (typeof (frames as AsyncIterable<F>)[Symbol.asyncIterator] === 'function') {
      return encodeAsync(frames as AsyncIterable<F>, encoder, position)
    }
    if (typeof (frames as Iterable<F>)[Symbol.iterator] === 'function') {
      return encodeSync(frames as Iterable<F>, encoder, position)
    }
  }
  throw new InvalidArgumentError('encodeFrames expects an Iterable or an AsyncIterable of frames')
}

function* encodeSync<F>(frames: Iterable<F>, encoder: FrameEncoder<F>, position: number): Generator<Uint8Array, void, undefined> {
  for (const frame of frames) {
    for (const part of encoder.encode(frame, position)) {
      position += part.byteLength
      yield part
    }
  }
  if (encoder.finish !== undefined) yield* encoder.finish(position)
}

async function* encodeAsync<F>(
  frames: AsyncIterable<F>,
  encoder: FrameEncoder<F>,
  position: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const frame of frames) {
    for (const part of encoder.encode(frame, position)) {
      position += part.byteLength
      yield part
    }
  }
  if (encoder.finish !== undefined) yield* encoder.finish(position)
}

/**
 * Anything that yields byte chunks: an array of chunks, a generator, a Node stream, a WHATWG stream
 * adapted by `@lightstream/async`. Sync sources are decoded without promises; async ones yield frames
 * as chunks arrive. Chunks are handed over: the source must not reuse a chunk's memory after yielding it.
 */
export type ByteSource = Iterable<Uint8Array> | AsyncIterable<Uint8Array>

/** True when `source` must be read with `for await`. */
export function isAsyncByteSource(source: ByteSource): source is AsyncIterable<Uint8Array> {
  return typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function'
}

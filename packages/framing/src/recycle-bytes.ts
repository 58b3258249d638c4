/**
 * The optional "recycle bytes" capability of a byte source's async iterator. A source that reads into its
 * own memory (slabs) allocates a new buffer for every few MiB received, and on a long stream that memory is
 * the main work of the garbage collector. A consumer that drops each frame before it asks for the next can
 * say so: `[recycleBytes](count)` tells the source that nothing views the first `count` bytes it handed out
 * any more, and the source may read new bytes into their memory instead of allocating.
 *
 * The `decodeFramesAsync` driver calls it when its `recycle` option is on, each time the consumer asks for
 * the next frame. It is a registered symbol (`Symbol.for`), so sources can implement it without importing
 * this package.
 *
 * @example
 * ```ts
 * const iterator = source[Symbol.asyncIterator]()
 * const recycle = (iterator as Partial<ByteRecycler>)[recycleBytes]
 * // ... after taking 3000 bytes and dropping every view of them:
 * if (typeof recycle === 'function') recycle.call(iterator, 3000)
 * ```
 */
export const recycleBytes: unique symbol = Symbol.for('@lightstream/framing.recycleBytes') as never

/**
 * A source iterator whose memory can be reused once the consumer is done with it.
 *
 * `[recycleBytes](count)` promises that the consumer holds no view of the first `count` bytes this
 * iterator handed out (counted from its first chunk; `count` never decreases). The source may overwrite
 * that memory with later bytes. Calling it changes nothing else: chunks keep coming in the same order.
 */
export interface ByteRecycler {
  [recycleBytes](count: number): void
}

/** The iterator's `[recycleBytes]` as a function, or undefined when it has none. @internal */
export function byteRecyclerOf(iterator: object): ((count: number) => void) | undefined {
  const recycle = (iterator as Partial<ByteRecycler>)[recycleBytes]
  return typeof recycle === 'function' ? (count) => void recycle.call(iterator, count) : undefined
}

import { InvalidArgumentError, isAsyncByteSource, type ByteSource } from '@lightstream/core'
import { noop } from './signal'

/** An iterator over a ByteSource's chunks, sync or async. @internal */
export type SourceIterator = AsyncIterator<Uint8Array> | Iterator<Uint8Array>

/**
 * Check that `source` is an Iterable or AsyncIterable of bytes and return how to start iterating it (the
 * adapters start lazily, on the first pull).
 * @throws InvalidArgumentError naming `who` for anything else.
 * @internal
 */
export function sourceIteratorOf(source: ByteSource, who: string): () => SourceIterator {
  if (source !== null && typeof source === 'object') {
    if (isAsyncByteSource(source)) return () => source[Symbol.asyncIterator]()
    const sync = source as Iterable<Uint8Array>
    if (typeof sync[Symbol.iterator] === 'function') return () => sync[Symbol.iterator]()
  }
  throw new InvalidArgumentError(`${who} expects an Iterable or AsyncIterable of Uint8Array`)
}

/** Ask an abandoned iterator to release what it holds (`return()`), without waiting and ignoring its errors. @internal */
export function releaseIterator(iterator: SourceIterator | undefined): void {
  if (iterator === undefined || typeof iterator.return !== 'function') return
  try {
    Promise.resolve(iterator.return()).then(undefined, noop)
  } catch {
    // nothing more to release
  }
}

import { Readable } from 'node:stream'
import { InvalidArgumentError, type ByteSource } from '@lightstream/core'
import { DEFAULT_HIGH_WATER_MARK } from '../byte-channel'
import { abortError, checkSignal, checkSize } from '../signal'
import { releaseIterator, sourceIteratorOf, type SourceIterator } from '../source-iterator'

/**
 * Expose a ByteSource (a connection's `source`, an array of chunks, an async generator) as a Node
 * `Readable`, e.g. to `pipe` it into an `http.ServerResponse` or a file. Pull-based: the source is read only
 * while the Readable's buffer holds fewer than `highWaterMark` bytes (default 1 MiB). Chunks are pushed as
 * they are, no copy (they appear as Buffers over the same memory). Destroying the Readable, or aborting
 * `signal` (the Readable errors with AbortError), calls the source's `return()`.
 *
 * @throws InvalidArgumentError for a source that is not bytes or bad options.
 */
export function readableFromSource(source: ByteSource, options: { highWaterMark?: number; signal?: AbortSignal } = {}): Readable {
  const start = sourceIteratorOf(source, 'readableFromSource')
  const highWaterMark = checkSize(options.highWaterMark, 'highWaterMark', DEFAULT_HIGH_WATER_MARK)
  const signal = checkSignal(options.signal)
  let iterator: SourceIterator | undefined
  let reading = false
  const readable = new Readable({
    highWaterMark,
    async read() {
      if (reading) return
      reading = true
      try {
        iterator ??= start()
        for (;;) {
          const step = await iterator.next()
          if (readable.destroyed) return
          if (step.done === true) {
            iterator = undefined
            readable.push(null)
            return
          }
          if (!(step.value instanceof Uint8Array)) throw new InvalidArgumentError('the source yielded something other than a Uint8Array')
          if (!readable.push(step.value)) return
        }
      } catch (error) {
        iterator = undefined
        readable.destroy(error as Error)
      } finally {
        reading = false
      }
    },
    destroy(error, callback) {
      signal?.removeEventListener('abort', onAbortSignal)
      const it = iterator
      iterator = undefined
      releaseIterator(it)
      callback(error)
    },
  })
  const onAbortSignal = (): void => {
    readable.destroy(abortError(signal!))
  }
  if (signal !== undefined) {
    if (signal.aborted) queueMicrotask(onAbortSignal)
    else signal.addEventListener('abort', onAbortSignal, { once: true })
  }
  return readable
}

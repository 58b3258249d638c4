import { InvalidArgumentError, type ByteSource } from '@lightstream/core'
import { DEFAULT_HIGH_WATER_MARK } from './byte-channel'
import { abortError, checkSignal, checkSize, noop, onAbort } from './signal'
import { releaseIterator, sourceIteratorOf, type SourceIterator } from './source-iterator'

/**
 * Expose a ByteSource (an IPC writer's channel, a socket's `source`, an array of chunks) as a WHATWG
 * `ReadableStream<Uint8Array>`, e.g. a `Response` body. Pull-based: the source is read only while the
 * stream's queue holds fewer than `highWaterMark` bytes (default 1 MiB), so a slow reader pauses the
 * source. Chunks are enqueued as they are, no copy. Cancelling the stream calls the source's `return()`.
 *
 * @example
 * ```ts
 * return new Response(readableStreamFromSource(chunks), { headers: { 'content-type': 'application/vnd.apache.arrow.stream' } })
 * ```
 * @throws InvalidArgumentError for a source that is not bytes or bad options. The stream errors with the
 * source's error, or AbortError when `signal` aborts.
 */
export function readableStreamFromSource(
  source: ByteSource,
  options: { highWaterMark?: number; signal?: AbortSignal } = {},
): ReadableStream<Uint8Array> {
  const start = sourceIteratorOf(source, 'readableStreamFromSource')
  const highWaterMark = checkSize(options.highWaterMark, 'highWaterMark', DEFAULT_HIGH_WATER_MARK)
  const signal = checkSignal(options.signal)
  let iterator: SourceIterator | undefined
  let removeAbort = noop
  const finish = (): void => {
    removeAbort()
    const it = iterator
    iterator = undefined
    releaseIterator(it)
  }
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        iterator = start()
        removeAbort = onAbort(signal, () => {
          controller.error(abortError(signal!))
          finish()
        })
      },
      async pull(controller) {
        const it = iterator
        if (it === undefined) return
        let step: IteratorResult<Uint8Array>
        try {
          step = await it.next()
        } catch (error) {
          iterator = undefined
          removeAbort()
          controller.error(error)
          return
        }
        if (iterator === undefined) return // cancelled or aborted meanwhile
        if (step.done === true) {
          iterator = undefined
          removeAbort()
          controller.close()
          return
        }
        if (!(step.value instanceof Uint8Array)) {
          controller.error(new InvalidArgumentError('the source yielded something other than a Uint8Array'))
          finish()
          return
        }
        controller.enqueue(step.value)
      },
      cancel() {
        finish()
      },
    },
    { highWaterMark, size: (chunk: Uint8Array) => chunk.byteLength },
  )
}

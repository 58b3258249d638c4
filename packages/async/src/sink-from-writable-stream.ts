import { InvalidArgumentError, SinkClosedError, type ByteSink } from '@lightstream/core'
import { checkSignal, raceAbort, throwIfAborted } from './signal'

/**
 * Write to a WHATWG `WritableStream<Uint8Array>` through the ByteSink contract (so an IPC writer can fill a
 * browser stream, a `TransformStream`'s writable side, a file system handle). The stream is locked to the
 * sink. `write` resolves once the stream has processed the chunk, after which nothing keeps a reference to
 * it; `writev` writes the parts in order without concatenating and resolves with the last. `close` closes
 * the stream, `abort` aborts it.
 *
 * @example
 * ```ts
 * const writer = new IpcStreamWriter(sinkFromWritableStream(transform.writable))
 * ```
 * @throws InvalidArgumentError when `stream` is not a WritableStream. Writes reject with SinkClosedError
 * when the stream errored or closed (its error as `cause`), AbortError when `signal` aborts.
 */
export function sinkFromWritableStream(stream: WritableStream<Uint8Array>, options: { signal?: AbortSignal } = {}): ByteSink {
  if (stream === null || typeof stream !== 'object' || typeof (stream as WritableStream).getWriter !== 'function') {
    throw new InvalidArgumentError('sinkFromWritableStream expects a WritableStream')
  }
  const signal = checkSignal(options.signal)
  const writer = stream.getWriter()
  const fail = (error: unknown): never => {
    throw error instanceof SinkClosedError ? error : new SinkClosedError('the WritableStream failed', { cause: error })
  }
  const writeOne = (chunk: Uint8Array): Promise<void> => {
    if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('write expects a Uint8Array')
    return writer.write(chunk)
  }
  return {
    async write(chunk) {
      throwIfAborted(signal)
      await raceAbort(writer.ready.then(() => writeOne(chunk)), signal).catch(rethrow(fail))
    },
    async writev(chunks) {
      throwIfAborted(signal)
      await raceAbort(writer.ready, signal).catch(rethrow(fail))
      let last: Promise<void> = Promise.resolve()
      for (const chunk of chunks) {
        last = writeOne(chunk)
        last.catch(() => undefined)
      }
      await raceAbort(last, signal).catch(rethrow(fail))
    },
    async close() {
      await writer.close().catch(fail)
    },
    async abort(reason) {
      await writer.abort(reason).catch(() => undefined)
    },
  }
}

/** Rethrow AbortError as is; map other failures through `map`. */
function rethrow(map: (error: unknown) => never): (error: unknown) => never {
  return (error) => {
    if (error instanceof Error && (error as { code?: string }).code === 'ERR_ABORTED') throw error
    return map(error)
  }
}

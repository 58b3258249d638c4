import { InvalidArgumentError, LightstreamError } from '@lightstream/core'
import { ConnectionClosedError } from './errors'
import { checkSignal, noop, raceAbort, throwIfAborted } from './signal'

/**
 * Read a WHATWG `ReadableStream` of bytes (a `fetch` body, a `Blob.stream()`, a file picker stream) as an
 * `AsyncIterable<Uint8Array>`, the ByteSource every Lightstream reader takes. Pull-based: a chunk is read
 * only when the consumer asks for the next, so the stream's own backpressure reaches its producer. Chunks
 * are passed through without copying (ArrayBuffers and other views become Uint8Array views of the same
 * memory). Leaving the loop early cancels the stream.
 *
 * @example
 * ```ts
 * const response = await fetch(url)
 * const reader = await openIpcStream(sourceFromReadableStream(response.body!))
 * ```
 * @throws InvalidArgumentError when `stream` is not a ReadableStream. While iterating: AbortError when
 * `signal` aborts (the stream is cancelled); ConnectionClosedError when the stream errors (its error as
 * `cause`); InvalidArgumentError for a chunk that is not bytes.
 */
export function sourceFromReadableStream(stream: ReadableStream<Uint8Array>, options: { signal?: AbortSignal } = {}): AsyncIterable<Uint8Array> {
  if (stream === null || typeof stream !== 'object' || typeof (stream as ReadableStream).getReader !== 'function') {
    throw new InvalidArgumentError('sourceFromReadableStream expects a ReadableStream')
  }
  const signal = checkSignal(options.signal)
  return { [Symbol.asyncIterator]: () => readStream(stream, signal) }
}

async function* readStream(stream: ReadableStream<Uint8Array>, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array, void, undefined> {
  throwIfAborted(signal)
  const reader = stream.getReader()
  let finished = false
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>
      try {
        step = await raceAbort(reader.read(), signal)
      } catch (error) {
        if (error instanceof LightstreamError) throw error
        finished = true // an errored stream has nothing to cancel
        throw new ConnectionClosedError('the stream failed', { cause: error })
      }
      if (step.done) {
        finished = true
        return
      }
      yield toBytes(step.value)
    }
  } finally {
    if (!finished) reader.cancel().then(undefined, noop)
    reader.releaseLock()
  }
}

/** A view of any binary chunk as a Uint8Array, no copy. */
export function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk)
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  throw new InvalidArgumentError(`expected binary chunks (Uint8Array or ArrayBuffer), got ${typeof chunk}`)
}

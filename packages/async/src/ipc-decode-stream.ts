import { LightstreamError, type RecordBatch, type Schema } from '@lightstream/core'
import { openIpcStream, type IpcStreamReaderOptions } from '@lightstream/ipc'
import { ConnectionClosedError } from './errors'
import { deferred, noop, type Deferred } from './signal'
import { toBytes } from './source-from-readable-stream'

/** A one-chunk-at-a-time hand-off from `transform` calls to the IPC reader's async source. */
class Handoff implements AsyncIterable<Uint8Array>, AsyncIterator<Uint8Array> {
  #chunk: Uint8Array | undefined
  #ended = false
  #finished = false
  #error: unknown
  #taken: Deferred<void> | undefined
  #wake: (() => void) | undefined

  /** Give a chunk; resolves when the reader has decoded everything in it and asks for the next. */
  give(chunk: Uint8Array): Promise<void> {
    if (this.#error !== undefined) return Promise.reject(this.#error)
    if (this.#finished) return Promise.resolve() // bytes after the end-of-stream marker are not read
    this.#chunk = chunk
    this.#taken = deferred<void>()
    this.#wakeReader()
    return this.#taken.promise
  }

  end(): void {
    this.#ended = true
    this.#wakeReader()
  }

  /** The reader stopped (finished or failed): release a waiting `give`. */
  finish(error?: unknown): void {
    this.#finished = true
    if (error !== undefined) this.#error = error
    const taken = this.#taken
    this.#taken = undefined
    if (error === undefined) taken?.resolve()
    else taken?.reject(error)
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    const taken = this.#taken
    if (taken !== undefined && this.#chunk === undefined) {
      this.#taken = undefined
      taken.resolve()
    }
    for (;;) {
      const chunk = this.#chunk
      if (chunk !== undefined) {
        this.#chunk = undefined
        return { done: false, value: chunk }
      }
      if (this.#ended) return { done: true, value: undefined }
      await new Promise<void>((resolve) => {
        this.#wake = resolve
      })
    }
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    this.finish()
    return { done: true, value: undefined }
  }

  #wakeReader(): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }
}

/** The readable side of {@link ipcDecodeStream}: batches, plus the stream's schema once it is read. */
export type IpcBatchReadableStream = ReadableStream<RecordBatch> & { readonly schema: Promise<Schema> }

/**
 * Arrow IPC stream bytes in, record batches out, as a WHATWG `TransformStream` — for browsers and any
 * runtime with WHATWG streams: `response.body.pipeThrough(ipcDecodeStream())`. `readable.schema` resolves
 * once the Schema message is read (rejects if the stream fails first). Zero-copy like the IPC reader:
 * batches are views of the chunks written (a message spanning chunks is copied once). Bounded: a chunk is
 * accepted only after every batch decoded from the previous one was enqueued, and the TransformStream
 * stops accepting while its readable side is full (`readableHighWaterMark` batches, default 4).
 *
 * @example
 * ```ts
 * const decoder = ipcDecodeStream()
 * const batches = (await fetch(url)).body!.pipeThrough(decoder)
 * console.log((await decoder.readable.schema).fields.length) // TypeScript's pipeThrough type drops `schema`
 * for await (const batch of batches) console.log(batch.numRows)
 * ```
 * The readable errors with the reader's errors: IpcFormatError, TruncatedInputError (the bytes ended inside
 * a message), FrameTooLargeError, AbortError (`options.signal`), ...
 *
 * The reader's `recycle` option is not offered: batches wait in the readable side's queue, so more than
 * one is alive at a time.
 */
export function ipcDecodeStream(
  options: Omit<IpcStreamReaderOptions, 'recycle'> & { readableHighWaterMark?: number } = {},
): TransformStream<Uint8Array, RecordBatch> & { readonly readable: IpcBatchReadableStream } {
  const handoff = new Handoff()
  const schema = deferred<Schema>()
  schema.promise.then(undefined, noop)
  const { readableHighWaterMark = 4, ...readerOptions } = options
  let done: Promise<void> = Promise.resolve()
  const stream = new TransformStream<Uint8Array, RecordBatch>(
    {
      start(controller) {
        done = (async () => {
          const reader = await openIpcStream(handoff, readerOptions)
          schema.resolve(reader.schema)
          for await (const batch of reader) controller.enqueue(batch)
          handoff.finish()
        })().catch((error: unknown) => {
          const failure = error instanceof LightstreamError ? error : new ConnectionClosedError('decoding failed', { cause: error })
          schema.reject(failure)
          handoff.finish(failure)
          try {
            controller.error(failure)
          } catch {
            // already errored
          }
        })
      },
      async transform(chunk) {
        await handoff.give(toBytes(chunk))
      },
      async flush() {
        handoff.end()
        await done
      },
    },
    undefined,
    { highWaterMark: readableHighWaterMark },
  )
  Object.defineProperty(stream.readable, 'schema', { value: schema.promise, enumerable: true })
  return stream as TransformStream<Uint8Array, RecordBatch> & { readonly readable: IpcBatchReadableStream }
}

import type { Readable } from 'node:stream'
import { InvalidArgumentError } from '@lightstream/core'
import { DEFAULT_HIGH_WATER_MARK } from '../byte-channel'
import { ChunkQueue } from '../chunk-queue'
import { ConnectionClosedError } from '../errors'
import { abortError, checkSignal, checkSize, onAbort, throwIfAborted } from '../signal'

/** Options of {@link sourceFromReadable}. */
export interface ReadableSourceOptions {
  /** Aborting it destroys the stream; the pending read rejects with AbortError. */
  signal?: AbortSignal
  /** Bytes queued before the stream is paused (default 1 MiB). */
  highWaterMark?: number
  /**
   * What happens to the stream when the consumer stops early: `'destroy'` (default), `'pause'` (stdin: it
   * stays usable) or `'drain'` (read and discard the rest: an HTTP request whose response is still to come).
   */
  onReturn?: 'destroy' | 'pause' | 'drain'
}

/**
 * Read a Node `Readable` (a socket, a file stream, an HTTP body, a child's stdout) as an
 * `AsyncIterable<Uint8Array>`. Chunks are the stream's own Buffers, typed as Uint8Array: no copy (Node never
 * reuses a Buffer it pushed). The stream is paused when `highWaterMark` bytes wait for the consumer and
 * resumed below half. The iteration ends at the stream's 'end'; it throws ConnectionClosedError (with the
 * stream error as `cause`) when the stream errors or closes without ending, AbortError when `signal`
 * aborts. Leaving the loop early destroys the stream (see `onReturn` for the alternatives).
 *
 * @example
 * ```ts
 * const reader = await openIpcStream(sourceFromReadable(fs.createReadStream('data.arrows')))
 * ```
 * @throws InvalidArgumentError for something that is not a Readable or bad options.
 */
export function sourceFromReadable(readable: NodeJS.ReadableStream | Readable, options: ReadableSourceOptions = {}): AsyncIterable<Uint8Array> {
  if (readable === null || typeof readable !== 'object' || typeof (readable as Readable).on !== 'function' || typeof (readable as Readable).pause !== 'function') {
    throw new InvalidArgumentError('sourceFromReadable expects a Node Readable')
  }
  const signal = checkSignal(options.signal)
  const highWaterMark = checkSize(options.highWaterMark, 'highWaterMark', DEFAULT_HIGH_WATER_MARK)
  const onReturn = options.onReturn ?? 'destroy'
  if (onReturn !== 'destroy' && onReturn !== 'pause' && onReturn !== 'drain') throw new InvalidArgumentError("options.onReturn must be 'destroy', 'pause' or 'drain'")
  return {
    [Symbol.asyncIterator]() {
      throwIfAborted(signal)
      const stream = readable as Readable
      const detach = (): void => {
        stream.off('data', onData)
        stream.off('end', onEnd)
        stream.off('error', onError)
        stream.off('close', onClose)
        removeAbort()
      }
      const queue = new ChunkQueue({
        highWaterMark,
        onResume: () => stream.resume(),
        onCancel: () => {
          detach()
          stream.on('error', ignoreError)
          if (onReturn === 'destroy') stream.destroy()
          else if (onReturn === 'pause') stream.pause()
          else stream.resume()
        },
      })
      const onData = (chunk: Uint8Array | string): void => {
        if (typeof chunk === 'string') {
          queue.fail(new InvalidArgumentError('the stream yields strings: do not set an encoding on it'))
          detach()
          return
        }
        if (!queue.push(chunk)) stream.pause()
      }
      const onEnd = (): void => {
        queue.end()
        detach()
        stream.on('error', ignoreError)
      }
      const onError = (error: unknown): void => {
        queue.fail(error instanceof InvalidArgumentError ? error : new ConnectionClosedError('the stream failed', { cause: error }))
        detach()
        stream.on('error', ignoreError)
      }
      const onClose = (): void => {
        queue.fail(new ConnectionClosedError('the stream closed before its end'))
        detach()
      }
      const removeAbort = onAbort(signal, () => {
        queue.fail(abortError(signal!))
        detach()
        stream.on('error', ignoreError)
        stream.destroy()
      })
      if ((stream as Readable).readableEnded === true) {
        queue.end() // ended before we looked: nothing more will come
        removeAbort()
        return queue[Symbol.asyncIterator]()
      }
      stream.on('data', onData)
      stream.on('end', onEnd)
      stream.on('error', onError)
      stream.on('close', onClose)
      stream.resume()
      return queue[Symbol.asyncIterator]()
    },
  }
}

function ignoreError(): void {}

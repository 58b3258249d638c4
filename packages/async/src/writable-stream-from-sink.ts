import { InvalidArgumentError, type ByteSink } from '@lightstream/core'
import { DEFAULT_HIGH_WATER_MARK } from './byte-channel'
import { checkSize } from './signal'

/**
 * Expose a ByteSink (a socket's `sink`, an IPC writer's destination) as a WHATWG `WritableStream`, so
 * `readable.pipeTo(...)` can feed it. Each chunk is passed to `sink.write` and the stream waits for its
 * promise (backpressure); the stream queues at most `highWaterMark` bytes (default 1 MiB) before it
 * reports backpressure. Closing or aborting the stream closes or aborts the sink.
 *
 * @throws InvalidArgumentError for a sink without `write` or bad options.
 */
export function writableStreamFromSink(sink: ByteSink, options: { highWaterMark?: number } = {}): WritableStream<Uint8Array> {
  if (sink === null || typeof sink !== 'object' || typeof sink.write !== 'function') {
    throw new InvalidArgumentError('writableStreamFromSink expects a ByteSink')
  }
  const highWaterMark = checkSize(options.highWaterMark, 'highWaterMark', DEFAULT_HIGH_WATER_MARK)
  return new WritableStream<Uint8Array>(
    {
      async write(chunk) {
        if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('the stream was given something other than a Uint8Array')
        await sink.write(chunk)
      },
      async close() {
        await sink.close()
      },
      async abort(reason) {
        await sink.abort(reason)
      },
    },
    { highWaterMark, size: (chunk: Uint8Array) => chunk.byteLength },
  )
}

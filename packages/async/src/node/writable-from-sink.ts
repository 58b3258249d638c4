import { Writable } from 'node:stream'
import { InvalidArgumentError, type ByteSink } from '@lightstream/core'
import { DEFAULT_HIGH_WATER_MARK } from '../byte-channel'
import { checkSize } from '../signal'

/**
 * Expose a ByteSink (a connection's `sink`, an IPC-aware sink) as a Node `Writable`, so a Node stream can be
 * `pipe`d or `pipeline`d into it. Each chunk goes to `sink.write` (several buffered chunks to `sink.writev`
 * when it has one) and the Writable waits for its promise: backpressure reaches the piping stream through
 * `highWaterMark` (default 1 MiB). Chunks are passed as they are (no copy). `end()` closes the sink,
 * `destroy()` aborts it.
 *
 * @throws InvalidArgumentError for a sink without `write` or bad options.
 */
export function writableFromSink(sink: ByteSink, options: { highWaterMark?: number } = {}): Writable {
  if (sink === null || typeof sink !== 'object' || typeof sink.write !== 'function') {
    throw new InvalidArgumentError('writableFromSink expects a ByteSink')
  }
  const highWaterMark = checkSize(options.highWaterMark, 'highWaterMark', DEFAULT_HIGH_WATER_MARK)
  let finished = false
  return new Writable({
    highWaterMark,
    write(chunk: Uint8Array, _encoding, callback) {
      Promise.resolve()
        .then(() => sink.write(chunk))
        .then(() => callback(), callback)
    },
    ...(typeof sink.writev === 'function'
      ? {
          writev(chunks: { chunk: Uint8Array }[], callback: (error?: Error | null) => void) {
            Promise.resolve()
              .then(() => sink.writev!(chunks.map((c) => c.chunk)))
              .then(() => callback(), callback)
          },
        }
      : {}),
    final(callback) {
      finished = true
      Promise.resolve()
        .then(() => sink.close())
        .then(() => callback(), callback)
    },
    destroy(error, callback) {
      if (!finished) {
        Promise.resolve()
          .then(() => sink.abort(error ?? undefined))
          .then(
            () => callback(error),
            () => callback(error),
          )
      } else callback(error)
    },
  })
}

import { SinkClosedError, type ByteSink } from '@lightstream/core'
import { WritableSink } from './sink-from-writable'
import { sourceFromReadable } from './source-from-readable'

/**
 * `process.stdin` as a ByteSource (e.g. `lightstream cat < data.arrows`). Leaving the loop early pauses
 * stdin (it is not destroyed), so the process can still exit. Same behaviour as {@link sourceFromReadable}.
 * @throws AbortError (while iterating) when `signal` aborts; ConnectionClosedError when stdin fails.
 */
export function stdinSource(options: { signal?: AbortSignal; highWaterMark?: number } = {}): AsyncIterable<Uint8Array> {
  return sourceFromReadable(process.stdin, { ...options, onReturn: 'pause' })
}

/**
 * `process.stdout` as a ByteSink: writes resolve on the write callback (stdout to a pipe is synchronous on
 * Linux, asynchronous on macOS and Windows), `writev` is corked. `close()` waits for pending writes but does
 * NOT end `process.stdout` (others may still print); `abort()` stops this sink only.
 * @throws AbortError when `signal` is already aborted; writes reject with SinkClosedError (EPIPE when the
 * reader went away) or AbortError.
 */
export function stdoutSink(options: { signal?: AbortSignal } = {}): ByteSink {
  const sink = new WritableSink(process.stdout, { ...options, end: false })
  return {
    write: (chunk) => sink.write(chunk),
    writev: (chunks) => sink.writev(chunks),
    close: () => sink.close(),
    abort: (reason) => sink.fail(new SinkClosedError('the sink was aborted', { cause: reason })),
  }
}

import { InvalidArgumentError, type ByteSink, type FrameEncoder } from '@lightstream/core'
import { throwIfAborted } from './abort-signal'
import { FrameWriter } from './frame-writer'

/** Options for {@link writeFrames}. */
export interface WriteFramesOptions {
  /** Aborting it stops writing, aborts the sink and rejects with `AbortError` (cause = `signal.reason`). */
  signal?: AbortSignal
  /**
   * Close the sink at the end (default `true`). With `false` the encoder's trailer is still written but the
   * sink stays open for more.
   */
  close?: boolean
}

/** What {@link writeFrames} wrote. */
export interface WriteFramesResult {
  /** Frames the sink accepted. */
  frames: number
  /** Bytes the sink accepted, trailer included. */
  bytes: number
}

/**
 * Write every frame to `sink` through a {@link FrameWriter}, one at a time and with backpressure: the next
 * frame is taken from `frames` only after the sink accepted the previous one. Then writes the encoder's
 * trailer and closes the sink (unless `close: false`). No copy: the frames' own memory goes to the sink.
 *
 * @example
 * ```ts
 * const sink = createMemorySink()
 * await writeFrames([Uint8Array.of(1), Uint8Array.of(2, 3)], new LengthPrefixedEncoder({ width: 1 }), sink)
 * // { frames: 2, bytes: 5 }; sink.bytes() is [1, 1, 2, 2, 3]
 * ```
 * @throws (rejects) on any error: the sink is aborted with it and it is rethrown; sink failures arrive as
 * SinkClosedError (cause = the sink's error), aborts as AbortError.
 */
export async function writeFrames<F>(
  frames: Iterable<F> | AsyncIterable<F>,
  encoder: FrameEncoder<F>,
  sink: ByteSink,
  options: WriteFramesOptions = {},
): Promise<WriteFramesResult> {
  const isAsync = frames !== null && typeof frames === 'object' && typeof (frames as AsyncIterable<F>)[Symbol.asyncIterator] === 'function'
  if (!isAsync && (frames === null || typeof frames !== 'object' || typeof (frames as Iterable<F>)[Symbol.iterator] !== 'function')) {
    throw new InvalidArgumentError('writeFrames expects an Iterable or an AsyncIterable of frames')
  }
  const signal = options.signal
  const target = options.close === false ? keepOpen(sink) : sink
  const writer = new FrameWriter(target, encoder, signal === undefined ? {} : { signal })
  try {
    throwIfAborted(signal)
    if (isAsync) {
      for await (const frame of frames as AsyncIterable<F>) {
        throwIfAborted(signal)
        await writer.write(frame)
      }
    } else {
      for (const frame of frames as Iterable<F>) await writer.write(frame)
    }
    throwIfAborted(signal)
    await writer.close()
    return { frames: writer.frames, bytes: writer.position }
  } catch (error) {
    await writer.abort(error)
    throw error
  }
}

/** A view of `sink` whose `close` does nothing, for `close: false`. */
function keepOpen(sink: ByteSink): ByteSink {
  const view: ByteSink = {
    write: (chunk) => sink.write(chunk),
    close: () => undefined,
    abort: (reason) => sink.abort(reason),
  }
  if (sink.writev !== undefined) view.writev = (chunks) => sink.writev!(chunks)
  return view
}

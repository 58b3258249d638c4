import { FrameTooLargeError, InvalidArgumentError, SinkClosedError, type ByteSink } from '@lightstream/core'
import { concatParts } from './concat-parts'

/** Options for {@link createMemorySink}. */
export interface MemorySinkOptions {
  /** Most bytes the sink holds (default 1 GiB); a write past it throws FrameTooLargeError. */
  highWaterMark?: number
}

/** An in-memory {@link ByteSink}, for tests and examples. */
export interface MemorySink extends ByteSink {
  /** Copies of the chunks written, in order. */
  readonly chunks: Uint8Array[]
  /** Total bytes written. */
  readonly byteLength: number
  /** True once `close()` was called. */
  readonly closed: boolean
  /** True once `abort()` was called. */
  readonly aborted: boolean
  /** The reason given to `abort()`. */
  readonly abortReason: unknown
  /** Everything written as one Uint8Array (a fresh, aligned copy). O(bytes). */
  bytes(): Uint8Array
  writev(chunks: readonly Uint8Array[]): void
}

/** Default {@link MemorySinkOptions.highWaterMark}: 1 GiB. */
export const DEFAULT_MEMORY_SINK_LIMIT = 1024 * 1024 * 1024

/**
 * Create an in-memory ByteSink. Writes complete at once (they return `undefined`: the sink can always take
 * more) and copy each chunk, since the ByteSink contract lets the writer reuse a chunk once its write is done.
 * It has `writev`, so FrameWriter hands it a frame's parts in one call.
 *
 * @example
 * ```ts
 * const sink = createMemorySink()
 * sink.write(Uint8Array.of(1)); sink.writev([Uint8Array.of(2), Uint8Array.of(3)])
 * sink.bytes() // Uint8Array [1, 2, 3]
 * ```
 * @throws InvalidArgumentError for a bad `highWaterMark`. Its writes throw SinkClosedError after close or
 * abort, InvalidArgumentError for a non-Uint8Array, FrameTooLargeError past `highWaterMark`.
 */
export function createMemorySink(options: MemorySinkOptions = {}): MemorySink {
  const limit = options.highWaterMark ?? DEFAULT_MEMORY_SINK_LIMIT
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new InvalidArgumentError(`highWaterMark must be a non-negative integer, got ${String(limit)}`)
  }
  const chunks: Uint8Array[] = []
  let byteLength = 0
  let closed = false
  let aborted = false
  let abortReason: unknown

  /** Check every chunk and the total first, so a refused vectored write leaves nothing behind. */
  const accept = (parts: readonly Uint8Array[]): void => {
    let total = byteLength
    for (const part of parts) {
      if (!(part instanceof Uint8Array)) throw new InvalidArgumentError('MemorySink.write expects a Uint8Array')
      total += part.byteLength
    }
    if (total > limit) throw new FrameTooLargeError(`the memory sink holds at most ${limit} bytes`, total, limit)
    for (const part of parts) chunks.push(part.slice())
    byteLength = total
  }
  const open = (): void => {
    if (aborted) throw new SinkClosedError('the memory sink was aborted', { cause: abortReason })
    if (closed) throw new SinkClosedError('the memory sink is closed')
  }

  return {
    chunks,
    get byteLength() {
      return byteLength
    },
    get closed() {
      return closed
    },
    get aborted() {
      return aborted
    },
    get abortReason() {
      return abortReason
    },
    write(chunk: Uint8Array): void {
      open()
      accept([chunk])
    },
    writev(parts: readonly Uint8Array[]): void {
      if (!Array.isArray(parts)) throw new InvalidArgumentError('MemorySink.writev expects an array of Uint8Array')
      open()
      accept(parts)
    },
    close(): void {
      if (aborted) throw new SinkClosedError('the memory sink was aborted', { cause: abortReason })
      closed = true
    },
    abort(reason?: unknown): void {
      aborted = true
      abortReason = reason
    },
    bytes(): Uint8Array {
      return concatParts(chunks)
    },
  }
}

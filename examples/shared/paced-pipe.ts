import { AbortError, SinkClosedError, type ByteSink } from '@lightstream/core'
import { randomInt } from './seeded-random'

/** Options for {@link createPacedPipe}. */
export interface PacedPipeOptions {
  /** Bytes the pipe holds before writers must wait (like a socket's send buffer). */
  highWaterMark: number
  /** Largest chunk the reading end delivers; each delivery is 1..maxChunk bytes, chosen at random. */
  maxChunk: number
  /** Source of randomness for the chunk sizes. */
  random: () => number
}

/** What the pipe saw. */
export interface PacedPipeStats {
  /** Bytes written into the pipe. */
  bytes: number
  /** Chunks delivered at the reading end. */
  chunks: number
  /** Times a write had to wait because the pipe was full (backpressure reaching the writer). */
  waits: number
  /** Most bytes held at once. */
  peakQueued: number
}

/** A ByteSink on one side, an AsyncIterable of re-chunked bytes on the other. */
export interface PacedPipe {
  readonly sink: ByteSink
  readonly source: AsyncIterable<Uint8Array>
  readonly stats: PacedPipeStats
}

/**
 * An in-memory transport that behaves like a socket: writes are copied into a bounded queue and a write that
 * fills it returns a promise that resolves only once the reader has drained it below the high-water mark
 * (real backpressure); the reader receives fresh chunks of random sizes that ignore write boundaries, so
 * frames end up spanning chunks exactly as they do on a network.
 */
export function createPacedPipe(options: PacedPipeOptions): PacedPipe {
  const { highWaterMark, maxChunk, random } = options
  let queue: Uint8Array[] = []
  let first = 0 // index of the oldest piece still queued (no Array#shift: it is O(n))
  let queued = 0
  let closed = false
  let failure: unknown
  let wakeReader: (() => void) | undefined
  const writers: Array<{ resolve: () => void; reject: (error: unknown) => void }> = []
  const stats: PacedPipeStats = { bytes: 0, chunks: 0, waits: 0, peakQueued: 0 }

  const wake = (): void => {
    const resume = wakeReader
    wakeReader = undefined
    resume?.()
  }

  const accept = (chunks: readonly Uint8Array[]): Promise<void> | undefined => {
    if (failure !== undefined) throw new SinkClosedError('the pipe was aborted', { cause: failure })
    if (closed) throw new SinkClosedError('the pipe is closed')
    for (const chunk of chunks) {
      if (chunk.length === 0) continue
      queue.push(chunk.slice()) // the kernel copies too: the writer may reuse its memory afterwards
      queued += chunk.length
      stats.bytes += chunk.length
    }
    stats.peakQueued = Math.max(stats.peakQueued, queued)
    wake()
    if (queued < highWaterMark) return undefined
    stats.waits++
    return new Promise<void>((resolve, reject) => writers.push({ resolve, reject }))
  }

  const sink: ByteSink = {
    write: (chunk) => accept([chunk]),
    writev: (chunks) => accept(chunks),
    close: () => {
      closed = true
      wake()
    },
    abort: (reason) => {
      failure = reason ?? new AbortError()
      for (const writer of writers.splice(0)) writer.reject(new SinkClosedError('the pipe was aborted', { cause: failure }))
      wake()
    },
  }

  async function* source(): AsyncGenerator<Uint8Array> {
    for (;;) {
      while (queued === 0 && !closed && failure === undefined) await new Promise<void>((resolve) => (wakeReader = resolve))
      if (failure !== undefined) throw new SinkClosedError('the writing end aborted', { cause: failure })
      if (queued === 0) return
      const chunk = new Uint8Array(Math.min(queued, randomInt(random, 1, maxChunk)))
      for (let filled = 0; filled < chunk.length; ) {
        const head = queue[first]!
        const take = Math.min(head.length, chunk.length - filled)
        chunk.set(take === head.length ? head : head.subarray(0, take), filled)
        filled += take
        if (take === head.length) first++
        else queue[first] = head.subarray(take)
      }
      if (first > 1024) {
        queue = queue.slice(first)
        first = 0
      }
      queued -= chunk.length
      stats.chunks++
      if (queued < highWaterMark) for (const writer of writers.splice(0)) writer.resolve()
      yield chunk
    }
  }

  return { sink, source: source(), stats }
}

/**
 * Where bytes go: a socket, a file, a WHATWG WritableStream, an in-memory collector.
 *
 * Backpressure is the promise: `write` (and `writev`) may return a promise that resolves when the sink
 * can take more, and producers wait for it before writing again, so a slow sink pauses the producer and
 * memory stays bounded. A sink that can always take more may return `undefined`.
 *
 * The caller must not modify a chunk until its write has resolved; after that the sink keeps no reference.
 */
export interface ByteSink {
  /** Write one chunk. */
  write(chunk: Uint8Array): Promise<void> | void
  /** Optional vectored write of several chunks at once (one syscall where the transport allows). */
  writev?(chunks: readonly Uint8Array[]): Promise<void> | void
  /** Flush and finish; no write may follow. */
  close(): Promise<void> | void
  /** Stop now, discarding what is unsent; `reason` explains why. */
  abort(reason?: unknown): Promise<void> | void
}

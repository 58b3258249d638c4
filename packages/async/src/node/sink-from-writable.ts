import type { Writable } from 'node:stream'
import { AbortError, InvalidArgumentError, SinkClosedError, type ByteSink } from '@lightstream/core'
import { abortError, checkSignal, noop, onAbort, throwIfAborted } from '../signal'

/** Options of {@link sinkFromWritable}. */
export interface WritableSinkOptions {
  /** Aborting it destroys the stream; pending and later writes reject with AbortError. */
  signal?: AbortSignal
  /** Whether `close()` ends the stream (default true). `false` only waits for pending writes (stdout). */
  end?: boolean
}

/**
 * A ByteSink over a Node Writable. Each write resolves on the stream's write callback — once the stream
 * has handed the bytes on (to the kernel, for a socket) — so nothing keeps a reference to a chunk after its
 * write resolved, and a producer that awaits writes never has more than one write in flight. @internal
 */
export class WritableSink implements ByteSink {
  readonly #stream: Writable
  readonly #end: boolean
  #state: 'open' | 'closed' | 'failed' = 'open'
  #error: unknown
  #tail: Promise<void> = Promise.resolve()
  readonly #removeAbort: () => void

  constructor(stream: Writable, options: WritableSinkOptions = {}) {
    const signal = checkSignal(options.signal)
    throwIfAborted(signal)
    this.#stream = stream
    this.#end = options.end !== false
    stream.on('error', (error: unknown) => this.fail(error))
    this.#removeAbort = onAbort(signal, () => {
      const error = abortError(signal!)
      this.fail(error)
      stream.destroy()
    })
  }

  write(chunk: Uint8Array): Promise<void> {
    this.#check()
    if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('write expects a Uint8Array')
    return this.#track(this.#send(chunk))
  }

  /** Vectored write: cork, write every part, uncork (one `writev` syscall for a socket); no concatenation. */
  writev(chunks: readonly Uint8Array[]): Promise<void> {
    this.#check()
    for (const chunk of chunks) if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('writev expects Uint8Arrays')
    if (chunks.length === 1) return this.#track(this.#send(chunks[0]!))
    const stream = this.#stream
    stream.cork()
    let last: Promise<void> = Promise.resolve()
    try {
      for (const chunk of chunks) {
        last = this.#send(chunk)
        last.then(undefined, noop)
      }
    } finally {
      stream.uncork()
    }
    return this.#track(last)
  }

  async close(): Promise<void> {
    if (this.#state === 'failed') throw this.#failure()
    if (this.#state === 'closed') return
    this.#state = 'closed'
    await this.#tail
    if (!this.#end) {
      this.#removeAbort()
      return
    }
    await new Promise<void>((resolve, reject) => {
      this.#stream.end((error?: Error | null) => (error == null ? resolve() : reject(error)))
    }).then(
      () => this.#removeAbort(),
      (error: unknown) => {
        throw this.#failure(error)
      },
    )
  }

  abort(reason?: unknown): void {
    this.fail(new SinkClosedError('the sink was aborted', { cause: reason }))
    this.#stream.destroy()
  }

  /** Stop: later writes reject with `error` (wrapped in SinkClosedError unless it is an AbortError). */
  fail(error: unknown): void {
    if (this.#state === 'failed') return
    this.#state = 'failed'
    this.#error = error
    this.#removeAbort()
  }

  #send(chunk: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#stream.write(chunk, (error?: Error | null) => {
        // A destroyed socket calls pending write callbacks without an error: the bytes were not all sent.
        if (error == null && this.#state !== 'failed' && !this.#stream.destroyed) resolve()
        else reject(this.#failure(error ?? new SinkClosedError('the stream was destroyed before the write completed')))
      })
    })
  }

  #track(promise: Promise<void>): Promise<void> {
    this.#tail = promise.then(undefined, noop)
    return promise
  }

  #check(): void {
    if (this.#state === 'failed') throw this.#failure()
    if (this.#state === 'closed') throw new SinkClosedError('write after close')
  }

  #failure(cause: unknown = this.#error): Error {
    const error = this.#state === 'failed' ? this.#error : cause
    if (error instanceof AbortError || error instanceof SinkClosedError) return error
    return new SinkClosedError('the stream failed', { cause: error })
  }
}

/**
 * Write to a Node `Writable` (a socket, a file stream, an HTTP response, `process.stdout`) through the
 * ByteSink contract. `write` resolves on the stream's write callback, when the bytes have been handed on,
 * so a producer that awaits it is paused by a slow stream and the chunk is not referenced afterwards.
 * `writev` corks the stream, writes each part and uncorks: one vectored syscall for a socket, no
 * concatenation. `close` ends the stream (unless `end: false`); `abort` destroys it.
 *
 * @example
 * ```ts
 * const writer = new IpcStreamWriter(sinkFromWritable(fs.createWriteStream('out.arrows')))
 * await writer.write(table); await writer.close()
 * ```
 * @throws InvalidArgumentError for something that is not a Writable or bad options; AbortError when
 * `signal` is already aborted. Writes reject with SinkClosedError (the stream's error as `cause`) or
 * AbortError.
 */
export function sinkFromWritable(writable: Writable, options: WritableSinkOptions = {}): ByteSink {
  if (writable === null || typeof writable !== 'object' || typeof (writable as Writable).write !== 'function') {
    throw new InvalidArgumentError('sinkFromWritable expects a Node Writable')
  }
  return new WritableSink(writable, options)
}

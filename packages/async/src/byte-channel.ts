import { AbortError, InvalidArgumentError, SinkClosedError, type Allocator, type ByteSink } from '@lightstream/core'
import { defaultAllocator } from '@lightstream/core-buffer'
import { ChunkQueue } from './chunk-queue'
import { ConnectionClosedError } from './errors'
import { gather } from './gather'
import { abortError, checkSignal, checkSize, onAbort, type Deferred, deferred, noop } from './signal'

/** Default high-water mark of channels and connections: 1 MiB. */
export const DEFAULT_HIGH_WATER_MARK = 1024 * 1024

/** Options of {@link createByteChannel} and {@link connectionPair}. */
export interface ChannelOptions {
  /** Bytes buffered between writer and reader before `write` waits (default 1 MiB). */
  highWaterMark?: number
  /** Aborting it fails both ends with AbortError. */
  signal?: AbortSignal
  /**
   * Copy what is written (default true): each `write`/`writev` is gathered into one fresh allocation, so
   * the writer may reuse its memory as soon as the write resolves (the ByteSink contract) and the reader
   * gets a vectored write as one contiguous chunk. `false` hands the writer's chunks to the reader as they
   * are, zero-copy: only for writers that never modify a chunk after writing it (Lightstream's writers do
   * not: they emit a batch's immutable buffers).
   */
  copy?: boolean
  /** Where copies land (default: 64-byte aligned `defaultAllocator`). */
  allocator?: Allocator
}

/** The two ends of a {@link createByteChannel} pipe. */
export interface ByteChannel {
  /** The writing end. */
  readonly sink: ByteSink
  /** The reading end: single consumer; ends after `sink.close()`, throws after `sink.abort()`. */
  readonly source: AsyncIterable<Uint8Array>
}

/** A pipe with hooks for connections built on it. @internal */
export class Pipe implements ByteSink {
  readonly queue: ChunkQueue
  readonly #copy: boolean
  readonly #allocator: Allocator
  #state: 'open' | 'closed' | 'failed' = 'open'
  #error: unknown
  #space: Deferred<void> | undefined
  #position = 0
  /** Called after the pipe closes or fails (connections watch it to settle `closed`). */
  onChange: () => void = noop

  constructor(highWaterMark: number, copy: boolean, allocator: Allocator) {
    this.#copy = copy
    this.#allocator = allocator
    this.queue = new ChunkQueue({
      highWaterMark,
      onResume: () => this.#release(),
      onCancel: () => this.fail(new SinkClosedError('the reader stopped reading')),
    })
  }

  /** True once the writing side closed or the pipe failed. */
  get writeDone(): boolean {
    return this.#state !== 'open'
  }

  write(chunk: Uint8Array): Promise<void> | void {
    this.#check()
    if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('write expects a Uint8Array')
    return this.#push(this.#copy ? gather([chunk], this.#allocator, this.#position) : chunk, chunk.byteLength)
  }

  writev(chunks: readonly Uint8Array[]): Promise<void> | void {
    this.#check()
    for (const chunk of chunks) if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('writev expects Uint8Arrays')
    if (this.#copy) {
      const joined = gather(chunks, this.#allocator, this.#position)
      return this.#push(joined, joined.byteLength)
    }
    let full = false
    for (const chunk of chunks) {
      this.#position += chunk.byteLength
      full = !this.queue.push(chunk) || full
    }
    return full ? this.#wait() : undefined
  }

  close(): void {
    if (this.#state === 'failed') throw this.#error
    this.#state = 'closed'
    this.queue.end()
    this.onChange()
  }

  abort(reason?: unknown): void {
    this.fail(new ConnectionClosedError('the writing side aborted the stream', { cause: reason }))
  }

  /** Fail both ends: the reader's next read and pending or later writes reject with `error`. */
  fail(error: unknown): void {
    if (this.#state !== 'failed') {
      this.#state = 'failed'
      this.#error = error instanceof SinkClosedError || error instanceof AbortError ? error : new SinkClosedError('the stream was stopped', { cause: error })
    }
    this.queue.fail(error)
    const space = this.#space
    this.#space = undefined
    space?.reject(this.#error)
    this.onChange()
  }

  #push(chunk: Uint8Array, length: number): Promise<void> | void {
    this.#position += length
    return this.queue.push(chunk) ? undefined : this.#wait()
  }

  #wait(): Promise<void> {
    if (this.#space === undefined) {
      this.#space = deferred<void>()
      this.#space.promise.then(undefined, noop)
    }
    return this.#space.promise
  }

  #release(): void {
    const space = this.#space
    this.#space = undefined
    space?.resolve()
  }

  #check(): void {
    if (this.#state === 'failed') throw this.#error
    if (this.#state === 'closed') throw new SinkClosedError('write after close')
  }
}

/** Resolve channel options into a {@link Pipe}. @internal */
export function createPipe(options: ChannelOptions = {}): Pipe {
  const highWaterMark = checkSize(options.highWaterMark, 'highWaterMark', DEFAULT_HIGH_WATER_MARK)
  return new Pipe(highWaterMark, options.copy !== false, options.allocator ?? defaultAllocator)
}

/**
 * A bounded in-memory byte pipe: what is written to `sink` comes out of `source`, in order. `write`
 * resolves at once while fewer than `highWaterMark` bytes wait for the reader and otherwise when the reader
 * has taken them down to half, so a slow reader pauses the writer and memory stays bounded. Closing the sink
 * ends the source after the queued bytes; aborting it makes the reader's next read reject with
 * ConnectionClosedError; a reader that stops (`break`) makes later writes reject with SinkClosedError.
 *
 * Cost: one copy per write by default (see {@link ChannelOptions.copy}); `copy: false` is zero-copy.
 *
 * @example
 * ```ts
 * const { sink, source } = createByteChannel({ highWaterMark: 64 * 1024 })
 * void (async () => { await sink.write(Uint8Array.of(1, 2)); await sink.close() })()
 * for await (const chunk of source) console.log(chunk) // Uint8Array [1, 2]
 * ```
 * @throws InvalidArgumentError for bad options. Writes throw SinkClosedError after close, abort or when the
 * reader stopped; AbortError when `signal` aborts.
 */
export function createByteChannel(options: ChannelOptions = {}): ByteChannel {
  const signal = checkSignal(options.signal)
  const pipe = createPipe(options)
  if (signal !== undefined) onAbort(signal, () => pipe.fail(abortError(signal)))
  return { sink: pipe, source: pipe.queue }
}

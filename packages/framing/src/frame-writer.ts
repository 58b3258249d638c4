import {
  InvalidArgumentError,
  SinkClosedError,
  type ByteSink,
  type FrameEncoder,
  type LightstreamError,
} from '@lightstream/core'
import { abortError, ignore, isSignal } from './abort-signal'

/** Options for {@link FrameWriter}. */
export interface FrameWriterOptions {
  /** Aborting it aborts the writer and its sink; pending and later writes reject with `AbortError`. */
  signal?: AbortSignal
}

type WriterState = 'open' | 'closing' | 'closed' | 'aborted' | 'failed'

/**
 * Encodes frames into a {@link ByteSink} with backpressure: `write` resolves only once the sink has
 * accepted every part of the frame (its `writev`, or each `write`, has resolved), so a producer that
 * awaits `write` runs no faster than the sink and memory stays bounded.
 *
 * Parts go to the sink as the encoder made them (views of the frame's memory, no copy), through `writev`
 * when the sink has it and one awaited `write` per part otherwise. Writes issued without awaiting are
 * queued and reach the sink in call order, never interleaved.
 *
 * @example
 * ```ts
 * const sink = createMemorySink()
 * const writer = new FrameWriter(sink, new LengthPrefixedEncoder({ width: 1 }))
 * await writer.write(Uint8Array.of(7, 8))
 * await writer.close()
 * sink.bytes() // Uint8Array [2, 7, 8]
 * ```
 */
export class FrameWriter<F> {
  readonly #sink: ByteSink
  readonly #encoder: FrameEncoder<F>
  readonly #signal: AbortSignal | undefined
  #state: WriterState = 'open'
  /** Why the writer stopped: the abort reason or the sink's failure. */
  #cause: unknown
  #bySignal = false
  #position = 0
  #frames = 0
  /** Operations (writes, close) queued or running, and the promise of the last one. */
  #queued = 0
  #tail: Promise<void> | undefined
  #closing: Promise<void> | undefined
  /** Rejects when the writer is aborted, so a sink promise that never settles cannot hang a write. */
  readonly #stopped: Promise<never>
  #stop!: (error: LightstreamError) => void
  readonly #onAbort = (): void => {
    if (this.#signal !== undefined) this.#abort(this.#signal.reason, true)
  }

  /** @throws InvalidArgumentError for a sink or encoder missing its methods, or a bad signal. */
  constructor(sink: ByteSink, encoder: FrameEncoder<F>, options: FrameWriterOptions = {}) {
    if (sink === null || typeof sink !== 'object' || typeof sink.write !== 'function') {
      throw new InvalidArgumentError('FrameWriter needs a ByteSink (an object with write, close and abort)')
    }
    if (encoder === null || typeof encoder !== 'object' || typeof encoder.encode !== 'function') {
      throw new InvalidArgumentError('FrameWriter needs a FrameEncoder (an object with an encode method)')
    }
    if (options.signal !== undefined && !isSignal(options.signal)) {
      throw new InvalidArgumentError('options.signal must be an AbortSignal')
    }
    this.#sink = sink
    this.#encoder = encoder
    this.#signal = options.signal
    this.#stopped = new Promise<never>((_, reject) => {
      this.#stop = reject
    })
    this.#stopped.then(undefined, ignore)
    if (this.#signal !== undefined) {
      if (this.#signal.aborted) this.#onAbort()
      else this.#signal.addEventListener('abort', this.#onAbort, { once: true })
    }
  }

  /** Bytes the sink has accepted so far (the stream offset of the next part). */
  get position(): number {
    return this.#position
  }

  /** Frames the sink has fully accepted. */
  get frames(): number {
    return this.#frames
  }

  /**
   * Encode `frame` and hand its parts to the sink; resolves when the sink accepted all of them. No copy.
   * @throws (rejects) SinkClosedError after close/abort or when the sink fails (its error is the `cause`,
   * and the writer aborts the sink); AbortError when the signal aborted; whatever the encoder throws (the
   * writer stays usable then, nothing was written).
   */
  write(frame: F): Promise<void> {
    if (this.#state !== 'open') return Promise.reject(this.#refusal())
    // Idle: start at once (no closure, no chaining). Busy: queue behind the last operation.
    if (this.#queued === 0 || this.#tail === undefined) {
      this.#queued++
      return (this.#tail = this.#writeFrame(frame))
    }
    return this.#enqueue(() => this.#writeFrame(frame))
  }

  /**
   * Wait for queued writes, write the encoder's trailer (`finish`), then close the sink. Calling it again
   * returns the same promise.
   * @throws (rejects) SinkClosedError after an abort or when the sink fails; AbortError when the signal aborted.
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing
    if (this.#state !== 'open') return Promise.reject(this.#refusal())
    this.#state = 'closing'
    this.#closing = this.#enqueue(() => this.#finish())
    return this.#closing
  }

  /**
   * Stop now: pending writes reject, the sink's `abort(reason)` is called and later writes reject with
   * SinkClosedError. Does nothing once closed, aborted or failed. Errors from `sink.abort` are ignored.
   */
  abort(reason?: unknown): Promise<void> {
    return this.#abort(reason, false)
  }

  #abort(reason: unknown, bySignal: boolean): Promise<void> {
    if (this.#state === 'closed' || this.#state === 'aborted' || this.#state === 'failed') return Promise.resolve()
    this.#state = 'aborted'
    this.#cause = reason
    this.#bySignal = bySignal
    this.#stop(this.#refusal())
    this.#detach()
    return this.#abortSink(reason)
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const idle = this.#queued === 0
    this.#queued++
    const run = idle || this.#tail === undefined ? task() : this.#tail.then(task, task)
    this.#tail = run
    return run
  }

  async #writeFrame(frame: F): Promise<void> {
    try {
      if (this.#state === 'aborted' || this.#state === 'failed') throw this.#refusal()
      const parts = this.#encoder.encode(frame, this.#position)
      await this.#send(parts)
      this.#frames++
    } finally {
      this.#queued--
    }
  }

  async #finish(): Promise<void> {
    try {
      if (this.#state === 'aborted' || this.#state === 'failed') throw this.#refusal()
      if (this.#encoder.finish !== undefined) await this.#send(this.#encoder.finish(this.#position))
      try {
        const pending = this.#sink.close()
        if (pending !== undefined) await Promise.race([pending, this.#stopped])
      } catch (cause) {
        throw this.#sinkFailed(cause)
      }
      this.#state = 'closed'
      this.#detach()
    } finally {
      this.#queued--
    }
  }

  async #send(parts: readonly Uint8Array[]): Promise<void> {
    const sink = this.#sink
    try {
      if (sink.writev !== undefined) {
        let bytes = 0
        for (const part of parts) bytes += part.byteLength
        const pending = sink.writev(parts)
        if (pending !== undefined) await Promise.race([pending, this.#stopped])
        this.#position += bytes
        return
      }
      for (const part of parts) {
        if (part.byteLength === 0) continue
        const pending = sink.write(part)
        if (pending !== undefined) await Promise.race([pending, this.#stopped])
        this.#position += part.byteLength
      }
    } catch (cause) {
      throw this.#sinkFailed(cause)
    }
  }

  /** A sink call threw or rejected (or an abort won the race): the error to surface, failing the writer first. */
  #sinkFailed(cause: unknown): LightstreamError {
    if (this.#state === 'aborted') return this.#refusal()
    if (this.#state !== 'failed') {
      this.#state = 'failed'
      this.#cause = cause
      this.#detach()
      void this.#abortSink(cause)
    }
    return new SinkClosedError('the sink failed; the FrameWriter aborted it', { cause })
  }

  #refusal(): LightstreamError {
    switch (this.#state) {
      case 'aborted':
        if (this.#bySignal && this.#signal !== undefined) return abortError(this.#signal)
        return new SinkClosedError('the FrameWriter was aborted', { cause: this.#cause })
      case 'failed':
        return new SinkClosedError('the sink failed earlier; the FrameWriter was aborted', { cause: this.#cause })
      default:
        return new SinkClosedError('the FrameWriter is closed')
    }
  }

  #abortSink(reason: unknown): Promise<void> {
    try {
      return Promise.resolve(this.#sink.abort(reason)).then(undefined, ignore)
    } catch {
      return Promise.resolve()
    }
  }

  #detach(): void {
    this.#signal?.removeEventListener('abort', this.#onAbort)
  }
}

import type { ByteSink } from '@lightstream/core'
import { FrameWriter } from '@lightstream/framing'
import { TlvEncoder } from './tlv-encoder'
import type { TlvFrame, TlvOptions } from './tlv-layout'

/** Options for {@link TlvWriter}: the layout and an abort signal. */
export interface TlvWriterOptions extends TlvOptions {
  /** Aborting it aborts the writer and the sink; later writes reject with AbortError or SinkClosedError. */
  signal?: AbortSignal
}

/**
 * Writes TLV frames into a {@link ByteSink} with backpressure: each write hands the sink the header and the
 * caller's payload (vectored when the sink has `writev`, never concatenated or copied) and resolves when the
 * sink has accepted them, so a slow sink pauses the producer and memory stays bounded.
 * Built on `@lightstream/framing`'s FrameWriter.
 *
 * The caller must not modify a payload until its write has resolved.
 *
 * @example
 * ```ts
 * const writer = new TlvWriter(sink)
 * await writer.write(7, new TextEncoder().encode('hi')) // sink receives [7, 2, 0, 0, 0] then [0x68, 0x69]
 * await writer.close()
 * ```
 */
export class TlvWriter {
  readonly #writer: FrameWriter<TlvFrame>

  /**
   * @throws InvalidArgumentError for bad layout options, a sink without `write`, or a signal that is not an AbortSignal.
   */
  constructor(sink: ByteSink, options?: TlvWriterOptions) {
    const encoder = new TlvEncoder(options)
    this.#writer = options?.signal === undefined ? new FrameWriter(sink, encoder) : new FrameWriter(sink, encoder, { signal: options.signal })
  }

  /** Bytes written so far (headers and payloads). */
  get position(): number {
    return this.#writer.position
  }

  /** Frames written so far. */
  get frames(): number {
    return this.#writer.frames
  }

  /**
   * Write one frame; resolves when the sink accepted it. No copy.
   * @throws (rejects) InvalidArgumentError for a tag out of range or a payload that is not a Uint8Array;
   * FrameTooLargeError for a payload over the limit (nothing is written and the writer stays usable);
   * SinkClosedError after close/abort or when the sink fails (the sink is then aborted); AbortError when the
   * signal aborted. Writes issued without awaiting are queued and reach the sink in call order.
   */
  write(tag: number, payload: Uint8Array): Promise<void> {
    return this.#writer.write({ tag, payload })
  }

  /** Write one {@link TlvFrame}; same as `write(frame.tag, frame.payload)`. */
  writeFrame(frame: TlvFrame): Promise<void> {
    return this.#writer.write(frame)
  }

  /**
   * Wait for queued writes, then close the sink. Later writes reject with SinkClosedError.
   * @throws (rejects) SinkClosedError when the sink fails or the writer was aborted; AbortError when the signal aborted.
   */
  close(): Promise<void> {
    return this.#writer.close()
  }

  /**
   * Stop now: pending writes reject, the sink's `abort(reason)` is called, later writes reject with
   * SinkClosedError. Does nothing once closed or aborted.
   */
  abort(reason?: unknown): Promise<void> {
    return this.#writer.abort(reason)
  }
}

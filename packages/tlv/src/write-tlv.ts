import type { ByteSink } from '@lightstream/core'
import { writeFrames } from '@lightstream/framing'
import { TlvEncoder } from './tlv-encoder'
import type { TlvFrame, TlvOptions } from './tlv-layout'

/** Options for {@link writeTlv}. */
export interface WriteTlvOptions extends TlvOptions {
  /** Aborts the write; the sink is aborted and the promise rejects with AbortError. */
  signal?: AbortSignal
  /** Close the sink after the last frame (framing's default when omitted). */
  close?: boolean
}

/**
 * Write every frame of a sync or async iterable into a sink with backpressure (each frame waits for the sink),
 * no copies: the sink receives each header and the frame's own payload. On any error the sink is aborted and
 * the error is rethrown.
 *
 * @example
 * ```ts
 * const { frames, bytes } = await writeTlv([{ tag: 1, payload: Uint8Array.of(42) }], sink) // 1 frame, 6 bytes
 * ```
 * @throws (rejects) InvalidArgumentError / FrameTooLargeError for a bad frame; SinkClosedError when the sink
 * fails; AbortError when `signal` aborts.
 */
export function writeTlv(
  frames: Iterable<TlvFrame> | AsyncIterable<TlvFrame>,
  sink: ByteSink,
  options?: WriteTlvOptions,
): Promise<{ frames: number; bytes: number }> {
  let encoder: TlvEncoder
  try {
    encoder = new TlvEncoder(options)
  } catch (err) {
    return Promise.reject(err)
  }
  const driver: { signal?: AbortSignal; close?: boolean } = {}
  if (options?.signal !== undefined) driver.signal = options.signal
  if (options?.close !== undefined) driver.close = options.close
  return writeFrames(frames, encoder, sink, driver)
}

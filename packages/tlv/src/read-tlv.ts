import { InvalidArgumentError, type ByteSource } from '@lightstream/core'
import { decodeFrames, type DeframerOptions } from '@lightstream/framing'
import { TlvDecoder } from './tlv-decoder'
import type { TlvFrame, TlvOptions } from './tlv-layout'

/** Options for {@link readTlv}: the layout, the Deframer's buffering options, and an abort signal. */
export interface ReadTlvOptions extends TlvOptions, DeframerOptions {
  /** Aborts an async read (checked on entry and between chunks) with an AbortError whose `cause` is the reason. */
  signal?: AbortSignal
}

/**
 * Read TLV frames from a byte source. Sync stays sync: a Uint8Array or an Iterable of chunks gives a
 * Generator (no promises); an AsyncIterable gives an AsyncGenerator that yields frames as chunks arrive.
 *
 * Copy semantics: a frame that sits in one chunk is yielded as a view of that chunk (no copy); a frame that
 * spans chunks is copied once into allocator memory (64-byte aligned by default) and the payload is a view of
 * that copy. The declared length is checked as soon as the header is readable, so an oversized frame fails
 * before its payload is buffered.
 *
 * @example
 * ```ts
 * for (const { tag, payload } of readTlv([Uint8Array.of(7, 2, 0), Uint8Array.of(0, 0, 0x68, 0x69)])) {
 *   console.log(tag, payload) // 7 Uint8Array [0x68, 0x69] (one copy: the frame spans the two chunks)
 * }
 * ```
 * @throws FrameTooLargeError for a declared length over `maxPayloadLength`; TruncatedInputError when the source
 * ends inside a frame; AbortError when `signal` aborts; InvalidArgumentError for bad options or a source that is
 * not a byte source (bad options throw at the call, the others when iterating).
 */
export function readTlv(source: AsyncIterable<Uint8Array>, options?: ReadTlvOptions): AsyncGenerator<TlvFrame>
export function readTlv(source: Iterable<Uint8Array> | Uint8Array, options?: ReadTlvOptions): Generator<TlvFrame>
export function readTlv(
  source: ByteSource | Uint8Array,
  options?: ReadTlvOptions,
): Generator<TlvFrame> | AsyncGenerator<TlvFrame>
export function readTlv(
  source: ByteSource | Uint8Array,
  options?: ReadTlvOptions,
): Generator<TlvFrame> | AsyncGenerator<TlvFrame> {
  const decoder = new TlvDecoder(options)
  if (source === null || typeof source !== 'object') {
    throw new InvalidArgumentError('readTlv expects a Uint8Array, an Iterable or an AsyncIterable of Uint8Array chunks')
  }
  return decodeFrames(source, decoder, deframerOptions(options))
}

/** Keep only what the driver understands (the layout options stay with the decoder). */
function deframerOptions(options: ReadTlvOptions | undefined): DeframerOptions & { signal?: AbortSignal } {
  const out: DeframerOptions & { signal?: AbortSignal } = {}
  if (options === undefined) return out
  if (options.allocator !== undefined) out.allocator = options.allocator
  if (options.alignment !== undefined) out.alignment = options.alignment
  if (options.maxBufferedBytes !== undefined) out.maxBufferedBytes = options.maxBufferedBytes
  if (options.signal !== undefined) out.signal = options.signal
  return out
}

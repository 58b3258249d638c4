/**
 * @packageDocumentation
 * Framing for Lightstream: run any `FrameDecoder` over any byte source (sync stays sync), any
 * `FrameEncoder` into any `ByteSink` with backpressure, and a generic length-prefixed framer.
 * Frames that sit in one received chunk are views of it; a frame spanning chunks is copied once into
 * aligned memory. The conformance kit lives at `@lightstream/framing/testing`.
 *
 * @example
 * ```ts
 * import { LengthPrefixedDecoder, LengthPrefixedEncoder, createMemorySink, decodeFrames, writeFrames } from '@lightstream/framing'
 *
 * const text = new TextEncoder()
 * const sink = createMemorySink()
 * await writeFrames([text.encode('hello'), text.encode('world')], new LengthPrefixedEncoder(), sink)
 *
 * const bytes = sink.bytes()
 * const chunks = [bytes.subarray(0, 7), bytes.subarray(7)] // any chunking decodes the same
 * for (const frame of decodeFrames(chunks, new LengthPrefixedDecoder())) {
 *   console.log(new TextDecoder().decode(frame)) // 'hello', then 'world'
 * }
 * ```
 */
export { Deframer, DEFAULT_MAX_BUFFERED_BYTES } from './deframer'
export type { DeframerOptions } from './deframer'
export { decodeFrames, decodeFramesAsync, decodeFramesSync } from './decode-frames'
export type { DecodeFramesOptions } from './decode-frames'
export { reserveFrame } from './frame-reserve'
export type { FrameReserver } from './frame-reserve'
export { sizeFrames } from './frame-sizer'
export type { FrameLength, FrameSizing } from './frame-sizer'
export { recycleBytes } from './recycle-bytes'
export type { ByteRecycler } from './recycle-bytes'
export { encodeFrames } from './encode-frames'
export type { EncodeFramesOptions } from './encode-frames'
export { concatParts } from './concat-parts'
export { FrameWriter } from './frame-writer'
export type { FrameWriterOptions } from './frame-writer'
export { writeFrames } from './write-frames'
export type { WriteFramesOptions, WriteFramesResult } from './write-frames'
export { createMemorySink, DEFAULT_MEMORY_SINK_LIMIT } from './memory-sink'
export type { MemorySink, MemorySinkOptions } from './memory-sink'
export { LengthPrefixedDecoder } from './length-prefixed-decoder'
export { LengthPrefixedEncoder } from './length-prefixed-encoder'
export { DEFAULT_MAX_FRAME_LENGTH } from './length-prefixed-options'
export type { LengthPrefixEndian, LengthPrefixedOptions, LengthPrefixWidth } from './length-prefixed-options'

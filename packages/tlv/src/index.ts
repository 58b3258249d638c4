/**
 * @packageDocumentation
 * TLV frames — `[tag u8][len u32 LE][payload]`, byte-compatible with Rust Lightstream — with configurable tag
 * and length widths and a payload limit. A pure {@link TlvDecoder} / {@link TlvEncoder} pair for any driver,
 * in-memory helpers ({@link encodeTlv}, {@link decodeTlv}), and streaming ones over `@lightstream/framing`
 * ({@link readTlv}, {@link TlvWriter}, {@link writeTlv}). Decoded payloads are views of the input; encoded
 * payloads are the caller's own memory.
 *
 * @example
 * ```ts
 * import { decodeTlv, encodeTlv, readTlv } from '@lightstream/tlv'
 *
 * const text = new TextEncoder()
 * const bytes = encodeTlv([
 *   { tag: 1, payload: text.encode('hello') },
 *   { tag: 2, payload: Uint8Array.of(0xca, 0xfe) },
 * ])
 * // bytes: [1, 5,0,0,0, 'h','e','l','l','o', 2, 2,0,0,0, 0xca, 0xfe]
 * decodeTlv(bytes).map((f) => f.tag) // [1, 2], payloads are views of `bytes`
 *
 * // The same bytes arriving in 3-byte chunks: a Generator, no promises.
 * const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 6), bytes.subarray(6)]
 * for (const { tag, payload } of readTlv(chunks)) console.log(tag, payload.length) // 1 5, then 2 2
 * ```
 */
export { DEFAULT_MAX_TLV_PAYLOAD } from './tlv-layout'
export type { TlvFrame, TlvOptions } from './tlv-layout'
export { TlvDecoder } from './tlv-decoder'
export { TlvEncoder } from './tlv-encoder'
export { encodeTlv } from './encode-tlv'
export type { EncodeTlvOptions } from './encode-tlv'
export { decodeTlv } from './decode-tlv'
export { readTlv } from './read-tlv'
export type { ReadTlvOptions } from './read-tlv'
export { TlvWriter } from './tlv-writer'
export type { TlvWriterOptions } from './tlv-writer'
export { writeTlv } from './write-tlv'
export type { WriteTlvOptions } from './write-tlv'

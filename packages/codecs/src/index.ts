/**
 * @packageDocumentation
 * Compression codecs for Arrow IPC body compression, as `Codec` plugins of `@lightstream/core`:
 * `'lz4_frame'` (LZ4 frame format, pure JavaScript, encode and decode) and `'zstd'` (pure-JavaScript
 * decoding with fzstd; encoding through an optional compressor: `zstd-napi` on Node or
 * `@bokuweb/zstd-wasm` anywhere, loaded on demand). Every decoder checks the declared uncompressed
 * length against a limit before allocating, proves the compressed structure before expanding it, and
 * throws coded Lightstream errors on corrupt input.
 *
 * This package does not depend on `@lightstream/ipc`: pass the codecs to a reader or writer
 * (`{ codecs: defaultCodecs() }`) or register them globally with `registerCodec` from `@lightstream/ipc`.
 *
 * @example
 * ```ts
 * import { defaultCodecs, lz4FrameCodec } from '@lightstream/codecs'
 *
 * const lz4 = lz4FrameCodec()
 * const data = new TextEncoder().encode('abc'.repeat(1000))
 * const packed = lz4.encode(data)                 // an LZ4 frame, ~30 bytes
 * const back = lz4.decode(packed, data.length)    // exactly data.length bytes, or a coded error
 * console.log(packed.length < data.length, back.length) // true 3000
 * console.log(defaultCodecs().map((c) => c.name))       // ['lz4_frame', 'zstd'] (zstd decodes; encode needs a compressor)
 * ```
 */
export { DEFAULT_MAX_UNCOMPRESSED_LENGTH } from './codec-limits'
export type { DecodeLimitOptions } from './codec-limits'
export { lz4FrameCodec } from './lz4-frame-codec'
export type { Lz4FrameCodecOptions } from './lz4-frame-codec'
export { zstdCodec, DEFAULT_ZSTD_LEVEL, DEFAULT_MAX_ZSTD_WINDOW } from './zstd-codec'
export type { ZstdCodecOptions, ZstdCompress, ZstdDecompressInto } from './zstd-codec'
export { loadZstdCodec } from './load-zstd-codec'
export type { LoadZstdCodecOptions, ZstdEncoderChoice } from './load-zstd-codec'
export { defaultCodecs, loadDefaultCodecs } from './default-codecs'
export type { DefaultCodecsOptions, LoadDefaultCodecsOptions } from './default-codecs'

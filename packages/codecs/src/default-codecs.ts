import type { Codec } from '@lightstream/core'
import { loadZstdCodec, type LoadZstdCodecOptions } from './load-zstd-codec'
import { lz4FrameCodec, type Lz4FrameCodecOptions } from './lz4-frame-codec'
import { zstdCodec, type ZstdCodecOptions } from './zstd-codec'

/** Options of {@link defaultCodecs}: those of both codecs (limits and allocator are shared). */
export type DefaultCodecsOptions = Lz4FrameCodecOptions & ZstdCodecOptions

/**
 * The codecs available without optional packages, synchronously: `'lz4_frame'` (encode and decode) and
 * `'zstd'` (decode; encode too when `options.compress` is given). Enough to read every compressed Arrow
 * IPC file; pass them to a reader or writer (`{ codecs: defaultCodecs() }`) or register each with
 * `registerCodec` from `@lightstream/ipc`.
 *
 * O(1): no package is loaded, nothing allocated until used.
 *
 * @throws {InvalidArgumentError} invalid options.
 *
 * @example
 * ```ts
 * const table = tableFromIPC(bytes, { codecs: defaultCodecs() })
 * ```
 */
export function defaultCodecs(options: DefaultCodecsOptions = {}): Codec[] {
  return [lz4FrameCodec(options), zstdCodec(options)]
}

/** Options of {@link loadDefaultCodecs}. */
export type LoadDefaultCodecsOptions = Lz4FrameCodecOptions & LoadZstdCodecOptions

/**
 * Like {@link defaultCodecs}, but also loads a zstd compressor when one is installed (`encoder: 'auto'`
 * by default: zstd-napi, else @bokuweb/zstd-wasm), so writers can use ZSTD too.
 *
 * @throws {MissingDependencyError} only when `encoder` names a package that cannot be loaded.
 * @throws {AbortError} `signal` aborted.
 * @throws {InvalidArgumentError} invalid options.
 *
 * @example
 * ```ts
 * const codecs = await loadDefaultCodecs()
 * const bytes = tableToIPC(table, { compression: 'zstd', codecs })
 * ```
 */
export async function loadDefaultCodecs(options: LoadDefaultCodecsOptions = {}): Promise<Codec[]> {
  return [lz4FrameCodec(options), await loadZstdCodec(options)]
}

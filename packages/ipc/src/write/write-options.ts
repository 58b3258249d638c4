import { InvalidArgumentError, MetadataVersion, type Allocator, type Codec } from '@lightstream/core'
import { defaultAllocator } from '@lightstream/core-buffer'
import { resolveCodec } from '../compression/codec-registry'
import { DEFAULT_IPC_ALIGNMENT } from '../format/constants'

/** Options of the IPC encoders and writers (everything but the output format). */
export interface IpcEncodeOptions {
  /**
   * Buffer-level body compression with this codec (`'lz4_frame'` or `'zstd'`), found in `codecs` or the
   * registry (`registerCodec`); default none. Needs metadata V5.
   */
  readonly compression?: 'lz4_frame' | 'zstd' | null
  /** Every body buffer and every body starts at a multiple of this in the output: 64 (default) or 8. */
  readonly alignment?: 8 | 64
  /**
   * Pre-0.15 framing: messages without the 0xFFFFFFFF continuation marker and a 4-byte end-of-stream.
   * Implies metadata V4 unless `metadataVersion` says otherwise. Default false.
   */
  readonly legacyFormat?: boolean
  /** `MetadataVersion.V5` (default) or `MetadataVersion.V4` (default with `legacyFormat`). */
  readonly metadataVersion?: MetadataVersion
  /** Codecs to use before the registry's. */
  readonly codecs?: readonly Codec[]
  /**
   * Send a growing dictionary as a delta (only the new values, `isDelta: true`). Default true. With false,
   * a changed dictionary is always sent whole as a replacement (which the file format refuses).
   */
  readonly dictionaryDeltas?: boolean
  /** Memory for the few buffers the writer must re-pack (unaligned bitmaps, rebased offsets) and for contiguous output. */
  readonly allocator?: Allocator
}

/** The options, checked and with defaults filled in. @internal */
export interface ResolvedEncodeOptions {
  readonly alignment: number
  readonly legacy: boolean
  readonly version: MetadataVersion
  readonly codec: Codec | undefined
  readonly codecName: 'lz4_frame' | 'zstd' | undefined
  readonly deltas: boolean
  readonly allocator: Allocator
}

/**
 * Checks the options and fills in the defaults. O(codecs).
 *
 * @throws InvalidArgumentError an alignment other than 8 or 64, an unknown compression or metadata
 *   version, compression with metadata V4, a non-boolean flag.
 * @throws MissingDependencyError (naming `@lightstream/codecs`) when the codec is neither in `codecs`
 *   nor registered.
 * @internal
 */
export function resolveEncodeOptions(options: IpcEncodeOptions | undefined): ResolvedEncodeOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidArgumentError('IPC write options must be an object')
  }
  const o = options ?? {}
  const alignment = o.alignment ?? DEFAULT_IPC_ALIGNMENT
  if (alignment !== 8 && alignment !== 64) throw new InvalidArgumentError(`alignment must be 8 or 64, got ${String(alignment)}`)
  const legacy = flag(o.legacyFormat, 'legacyFormat', false)
  const deltas = flag(o.dictionaryDeltas, 'dictionaryDeltas', true)
  const version = o.metadataVersion ?? (legacy ? MetadataVersion.V4 : MetadataVersion.V5)
  if (version !== MetadataVersion.V4 && version !== MetadataVersion.V5) {
    throw new InvalidArgumentError(`metadataVersion must be MetadataVersion.V4 (3) or MetadataVersion.V5 (4), got ${String(version)}`)
  }
  const name = o.compression ?? undefined
  if (name !== undefined && name !== 'lz4_frame' && name !== 'zstd') {
    throw new InvalidArgumentError(`compression must be 'lz4_frame' or 'zstd', got ${String(name)}`)
  }
  if (name !== undefined && version !== MetadataVersion.V5) {
    throw new InvalidArgumentError('body compression needs metadata V5 (it does not exist in V4)')
  }
  if (o.codecs !== undefined && !Array.isArray(o.codecs)) throw new InvalidArgumentError('codecs must be an array of Codec')
  const codec = name === undefined ? undefined : resolveCodec(name, o.codecs, 'Arrow IPC body compression')
  const allocator = o.allocator ?? defaultAllocator
  if (allocator === null || typeof allocator !== 'object' || typeof allocator.alloc !== 'function') {
    throw new InvalidArgumentError('allocator must be an Allocator (an object with alloc)')
  }
  return { alignment, legacy, version, codec, codecName: name, deltas, allocator }
}

function flag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw new InvalidArgumentError(`${name} must be a boolean, got ${String(value)}`)
  return value
}

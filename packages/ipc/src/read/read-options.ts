import { InvalidArgumentError, type Allocator, type Codec, type ValueOptions } from '@lightstream/core'
import { defaultAllocator } from '@lightstream/core-buffer'

/** Default {@link IpcReadOptions.maxMetadataBytes}: 16 MiB of flatbuffer per message. */
export const DEFAULT_MAX_METADATA_BYTES = 16 * 1024 * 1024
/** Default {@link IpcReadOptions.maxMessageBytes}: 2 GiB of body per message. */
export const DEFAULT_MAX_MESSAGE_BYTES = 2 * 1024 * 1024 * 1024
/** Default {@link IpcReadOptions.maxDecompressedBytes}: 1 GiB of decompressed buffers per message. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 1024 * 1024 * 1024
/** Default {@link IpcReadOptions.maxDictionaryBytes}: 1 GiB of buffers per dictionary, deltas included. */
export const DEFAULT_MAX_DICTIONARY_BYTES = 1024 * 1024 * 1024

/**
 * What reading cost, counted so callers (and tests) can check that a read was zero-copy. Every reader adds
 * to the object it was given in `options.stats`, or to a fresh one it exposes as `reader.stats`.
 */
export interface ReadStats {
  /**
   * Body buffers copied to be usable: misaligned for their typed array (e.g. an Int32 buffer at an odd
   * offset), or byte-swapped from a big-endian source. 0 for 8-byte aligned little-endian input.
   */
  copies: number
  /** Bytes those copies moved. */
  copiedBytes: number
  /**
   * Delta dictionaries appended to the dictionary in force (one concatenation copy each), and, when a stream
   * reader recycles its input (`recycle: true`), every dictionary copied out of it.
   */
  dictionaryCopies: number
  /** Bytes those concatenations allocated. */
  dictionaryCopiedBytes: number
  /** Stream readers: messages that spanned input chunks and were made contiguous (one copy each). */
  framingCopies: number
  /** Bytes those framing copies moved. */
  framingCopiedBytes: number
  /** Compressed body buffers decoded through a codec (buffers stored raw, length -1, are not counted). */
  decompressedBuffers: number
  /** Bytes those codecs produced. */
  decompressedBytes: number
}

/** A zeroed {@link ReadStats}. */
export function createReadStats(): ReadStats {
  return {
    copies: 0, copiedBytes: 0, dictionaryCopies: 0, dictionaryCopiedBytes: 0,
    framingCopies: 0, framingCopiedBytes: 0, decompressedBuffers: 0, decompressedBytes: 0,
  }
}

/** Size limits of the message decoder, checked from a message's prefix and metadata before its bytes are buffered. */
export interface IpcMessageLimits {
  /** Most bytes of flatbuffer metadata per message (default 16 MiB). Larger → FrameTooLargeError. */
  readonly maxMetadataBytes?: number
  /** Most bytes of body per message (default 2 GiB). Larger → FrameTooLargeError. */
  readonly maxMessageBytes?: number
}

/**
 * Options of every IPC reader: the value options of the resulting Table (`useBigInt`, `useDate`, ...), where
 * copies land, the codecs for compressed bodies, size limits, validation and a stats sink.
 */
export interface IpcReadOptions extends ValueOptions, IpcMessageLimits {
  /** Memory for the few copies a read makes (misaligned buffers, byte swaps, delta dictionaries). Default: 64-byte aligned. */
  readonly allocator?: Allocator
  /** Codecs for compressed bodies, consulted before the `registerCodec` registry. */
  readonly codecs?: readonly Codec[]
  /** Most bytes a message's buffers may decompress to, in total (default 1 GiB). Larger → FrameTooLargeError. */
  readonly maxDecompressedBytes?: number
  /** Most bytes of buffers one dictionary may hold after deltas (default 1 GiB). Larger → FrameTooLargeError. */
  readonly maxDictionaryBytes?: number
  /**
   * Run core's `validate` on every record batch as it is read (O(values)); throws InvalidDataError. Off by
   * default for speed: turn it on for untrusted input (the reader itself only checks what it needs to build
   * views safely: buffer bounds, sizes, counts).
   */
  readonly validate?: boolean
  /** Counters to add this read's costs to (see {@link ReadStats}); a fresh object when absent. */
  readonly stats?: ReadStats
}

/** @internal Options with defaults applied and limits checked. */
export interface ResolvedReadOptions {
  readonly allocator: Allocator
  readonly codecs: readonly Codec[] | undefined
  readonly maxMetadataBytes: number
  readonly maxMessageBytes: number
  readonly maxDecompressedBytes: number
  readonly maxDictionaryBytes: number
  readonly validate: boolean
  readonly stats: ReadStats
  readonly values: ValueOptions
  /**
   * Stream readers with `recycle: true`: the input's memory is reused once the next batch is read, so
   * dictionaries (which outlive batches) are copied out of it and `readAll` is refused.
   */
  readonly recycle: boolean
}

function limit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer, got ${String(value)}`)
  return value
}

/** The value options of a reader given none: shared and frozen (building one per call showed in profiles). */
const DEFAULT_VALUES: ValueOptions = Object.freeze({})

/**
 * The options of a call given none. {@link resolveReadOptions} resolves them once: their counters go to one
 * shared ReadStats that no caller can see (a caller who wants counts passes its own `stats`).
 * @internal
 */
export const NO_READ_OPTIONS: IpcReadOptions = Object.freeze({})
let noOptionsResolved: ResolvedReadOptions | undefined

/**
 * Apply defaults and check every option.
 * @throws InvalidArgumentError for a limit that is not a non-negative integer, a bad allocator, codecs or stats.
 * @internal
 */
export function resolveReadOptions(options: IpcReadOptions = NO_READ_OPTIONS): ResolvedReadOptions {
  if (options === NO_READ_OPTIONS) return (noOptionsResolved ??= resolveGiven(options))
  return resolveGiven(options)
}

function resolveGiven(options: IpcReadOptions): ResolvedReadOptions {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('reader options must be an object')
  const allocator = options.allocator ?? defaultAllocator
  if (allocator === null || typeof allocator !== 'object' || typeof allocator.alloc !== 'function') {
    throw new InvalidArgumentError('options.allocator must be an Allocator (an object with an alloc method)')
  }
  if (options.codecs !== undefined && !Array.isArray(options.codecs)) throw new InvalidArgumentError('options.codecs must be an array of Codec')
  const stats = options.stats ?? createReadStats()
  if (stats === null || typeof stats !== 'object' || typeof stats.copies !== 'number') {
    throw new InvalidArgumentError('options.stats must be a ReadStats object (see createReadStats)')
  }
  const { useBigInt, useDate, useDecimalBigInt, useMap } = options
  const values: ValueOptions =
    useBigInt === undefined && useDate === undefined && useDecimalBigInt === undefined && useMap === undefined
      ? DEFAULT_VALUES
      : {
          ...(useBigInt === undefined ? {} : { useBigInt }),
          ...(useDate === undefined ? {} : { useDate }),
          ...(useDecimalBigInt === undefined ? {} : { useDecimalBigInt }),
          ...(useMap === undefined ? {} : { useMap }),
        }
  return {
    allocator,
    codecs: options.codecs,
    maxMetadataBytes: limit(options.maxMetadataBytes, DEFAULT_MAX_METADATA_BYTES, 'maxMetadataBytes'),
    maxMessageBytes: limit(options.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES, 'maxMessageBytes'),
    maxDecompressedBytes: limit(options.maxDecompressedBytes, DEFAULT_MAX_DECOMPRESSED_BYTES, 'maxDecompressedBytes'),
    maxDictionaryBytes: limit(options.maxDictionaryBytes, DEFAULT_MAX_DICTIONARY_BYTES, 'maxDictionaryBytes'),
    validate: options.validate === true,
    stats,
    values,
    recycle: false,
  }
}

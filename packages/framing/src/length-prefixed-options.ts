import { InvalidArgumentError } from '@lightstream/core'

/** Width of a length prefix in bytes, or `'varint'` for unsigned LEB128. */
export type LengthPrefixWidth = 1 | 2 | 4 | 8 | 'varint'

/** Byte order of a fixed-width length prefix: `'be'` (network order) or `'le'`. */
export type LengthPrefixEndian = 'be' | 'le'

/** Options shared by {@link LengthPrefixedDecoder} and {@link LengthPrefixedEncoder}. */
export interface LengthPrefixedOptions {
  /** Prefix width: 1, 2, 4 (default) or 8 bytes, or `'varint'` (unsigned LEB128, 1 to 10 bytes). */
  width?: LengthPrefixWidth
  /** Byte order of fixed widths: `'be'` (default, network order) or `'le'`. Ignored for varint. */
  endian?: LengthPrefixEndian
  /** Largest payload accepted, in bytes (default 16 MiB). Checked on the prefix, before the payload arrives. */
  maxFrameLength?: number
}

/** Default {@link LengthPrefixedOptions.maxFrameLength}: 16 MiB. */
export const DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024

/** The options with defaults applied and checked. */
export interface ResolvedLengthPrefix {
  readonly width: LengthPrefixWidth
  readonly endian: LengthPrefixEndian
  readonly maxFrameLength: number
  /** Bytes of a fixed prefix, 0 for varint. */
  readonly size: number
  /** Largest length the prefix itself can express (2^53-1 for 8 bytes and varint). */
  readonly widthMax: number
}

const WIDTH_MAX = { 1: 0xff, 2: 0xffff, 4: 0xffffffff, 8: Number.MAX_SAFE_INTEGER, varint: Number.MAX_SAFE_INTEGER } as const

/** Largest `maxFrameLength` accepted: room is left for the prefix so offsets stay exact integers. */
const MAX_LIMIT = Number.MAX_SAFE_INTEGER - 16

/**
 * Apply defaults and check the options.
 * @throws InvalidArgumentError for an unknown width or endian, or a `maxFrameLength` that is not an integer
 * from 0 to 2^53-17.
 */
export function resolveLengthPrefix(options: LengthPrefixedOptions = {}): ResolvedLengthPrefix {
  const width = options.width ?? 4
  if (width !== 1 && width !== 2 && width !== 4 && width !== 8 && width !== 'varint') {
    throw new InvalidArgumentError(`width must be 1, 2, 4, 8 or 'varint', got ${String(width)}`)
  }
  const endian = options.endian ?? 'be'
  if (endian !== 'be' && endian !== 'le') {
    throw new InvalidArgumentError(`endian must be 'be' or 'le', got ${String(endian)}`)
  }
  const maxFrameLength = options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH
  if (!Number.isSafeInteger(maxFrameLength) || maxFrameLength < 0 || maxFrameLength > MAX_LIMIT) {
    throw new InvalidArgumentError(`maxFrameLength must be an integer from 0 to ${MAX_LIMIT}, got ${String(maxFrameLength)}`)
  }
  return { width, endian, maxFrameLength, size: width === 'varint' ? 0 : width, widthMax: WIDTH_MAX[width] }
}

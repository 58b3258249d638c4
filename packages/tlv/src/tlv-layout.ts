import { FrameTooLargeError, InvalidArgumentError } from '@lightstream/core'

/** One TLV frame: a numeric tag and its payload bytes. */
export interface TlvFrame {
  /** Unsigned tag, at most `2^(8 * tagWidth) - 1` (255 for the default 1-byte tag). */
  tag: number
  /** The value bytes. Decoders hand out views of the input; encoders never copy it. */
  payload: Uint8Array
}

/**
 * The wire layout: `[tag][length][payload]`, both integers unsigned little-endian, no padding.
 * The defaults (`tagWidth: 1`, `lengthWidth: 4`) are byte-compatible with Rust Lightstream.
 */
export interface TlvOptions {
  /** Bytes of the tag: 1 (default), 2 or 4. */
  tagWidth?: 1 | 2 | 4
  /** Bytes of the length: 1, 2, 4 (default) or 8. */
  lengthWidth?: 1 | 2 | 4 | 8
  /**
   * Largest payload accepted, in bytes; defaults to {@link DEFAULT_MAX_TLV_PAYLOAD} (64 MiB). A declared length
   * above it is a FrameTooLargeError as soon as the header is read, before any payload is buffered.
   */
  maxPayloadLength?: number
}

/** Default payload limit: 64 MiB. */
export const DEFAULT_MAX_TLV_PAYLOAD = 64 * 1024 * 1024

/** A validated layout (internal). */
export interface TlvLayout {
  readonly tagWidth: 1 | 2 | 4
  readonly lengthWidth: 1 | 2 | 4 | 8
  /** `tagWidth + lengthWidth`. */
  readonly headerSize: number
  /** Largest tag the tag width can hold. */
  readonly maxTag: number
  /** `maxPayloadLength`, lowered to what the length width can express (and so that a frame's size is a safe integer). */
  readonly maxPayloadLength: number
}

const TAG_WIDTHS: readonly number[] = [1, 2, 4]
const LENGTH_WIDTHS: readonly number[] = [1, 2, 4, 8]

/**
 * Validate options and derive the layout.
 * @throws InvalidArgumentError for a width outside the allowed set or a limit that is not a non-negative safe integer.
 */
export function resolveTlvLayout(options: TlvOptions | undefined): TlvLayout {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidArgumentError('TLV options must be an object')
  }
  const tagWidth = options?.tagWidth ?? 1
  const lengthWidth = options?.lengthWidth ?? 4
  const limit = options?.maxPayloadLength ?? DEFAULT_MAX_TLV_PAYLOAD
  if (!TAG_WIDTHS.includes(tagWidth)) {
    throw new InvalidArgumentError(`tagWidth must be 1, 2 or 4, got ${String(tagWidth)}`)
  }
  if (!LENGTH_WIDTHS.includes(lengthWidth)) {
    throw new InvalidArgumentError(`lengthWidth must be 1, 2, 4 or 8, got ${String(lengthWidth)}`)
  }
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) {
    throw new InvalidArgumentError(`maxPayloadLength must be a non-negative safe integer, got ${String(limit)}`)
  }
  // What the width can express, and never so much that header + payload passes Number.MAX_SAFE_INTEGER.
  const widthMax = Math.min(2 ** (8 * lengthWidth) - 1, Number.MAX_SAFE_INTEGER - tagWidth - lengthWidth)
  return {
    tagWidth,
    lengthWidth,
    headerSize: tagWidth + lengthWidth,
    maxTag: 2 ** (8 * tagWidth) - 1,
    maxPayloadLength: Math.min(limit, widthMax),
  }
}

/** Unsigned little-endian integer of `width` bytes at `offset` (the caller checked the bounds). */
export function readUintLE(bytes: Uint8Array, offset: number, width: number): number {
  switch (width) {
    case 1:
      return bytes[offset]!
    case 2:
      return bytes[offset]! | (bytes[offset + 1]! << 8)
    case 4:
      return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)) + bytes[offset + 3]! * 0x1000000
    default: {
      // 8 bytes: exact up to 2^53 - 1; above that the high word alone is enough to say "too large".
      const high = readUintLE(bytes, offset + 4, 4)
      return high * 0x100000000 + readUintLE(bytes, offset, 4)
    }
  }
}

/** Write `value` as an unsigned little-endian integer of `width` bytes at `offset` (the caller checked the range). */
export function writeUintLE(bytes: Uint8Array, offset: number, width: number, value: number): void {
  if (width === 8) {
    writeUintLE(bytes, offset, 4, value % 0x100000000)
    writeUintLE(bytes, offset + 4, 4, Math.floor(value / 0x100000000))
    return
  }
  for (let i = 0; i < width; i++) {
    bytes[offset + i] = value & 0xff
    value = value >>> 8
  }
}

/** The error for a declared or given payload over the limit. */
export function payloadTooLarge(tag: number, length: number, limit: number): FrameTooLargeError {
  const what = length > Number.MAX_SAFE_INTEGER ? 'a length beyond Number.MAX_SAFE_INTEGER' : `a ${length}-byte payload`
  return new FrameTooLargeError(`TLV frame with tag ${tag} has ${what}, over the ${limit}-byte limit (maxPayloadLength)`, length, limit)
}

/**
 * Check a frame against the layout and return its payload length.
 * @throws InvalidArgumentError for a malformed frame or a tag out of range; FrameTooLargeError for a payload over the limit.
 */
export function checkTlvFrame(layout: TlvLayout, frame: TlvFrame): number {
  if (frame === null || typeof frame !== 'object') throw new InvalidArgumentError('a TLV frame must be an object { tag, payload }')
  const { tag, payload } = frame
  if (typeof tag !== 'number' || !Number.isInteger(tag) || tag < 0 || tag > layout.maxTag) {
    throw new InvalidArgumentError(`TLV tag must be an integer from 0 to ${layout.maxTag} (tagWidth ${layout.tagWidth}), got ${String(tag)}`)
  }
  if (!(payload instanceof Uint8Array)) throw new InvalidArgumentError(`TLV payload (tag ${tag}) must be a Uint8Array`)
  const length = payload.byteLength
  if (length > layout.maxPayloadLength) throw payloadTooLarge(tag, length, layout.maxPayloadLength)
  return length
}

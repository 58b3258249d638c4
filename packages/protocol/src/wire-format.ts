import { InvalidArgumentError } from '@lightstream/core'

/**
 * The Lightstream wire format, shared with Rust Lightstream: a sequence of TLV frames
 * `[tag u8][length u32 LE][payload]`, where the tag is the channel's registration index (message and table
 * channels share one numbering, in registration order) and the payload is a message's bytes or a table's
 * Arrow IPC stream messages.
 *
 * The negotiated extension reserves two tag values, only when both peers agreed on it (or, for the control
 * tag, whenever the handshake is not `'off'`):
 * - {@link CONTROL_TAG} (255): a control frame; its payload is `[kind u8][body]` (kind 1 = hello).
 * - {@link WIDE_TAG} (254, extended mode only): a frame of a channel numbered 254 or more; its payload starts
 *   with the channel index as a u32 LE, then the channel's payload. The TLV length counts those 4 bytes, so
 *   any TLV decoder still splits the stream correctly.
 */
export const WireFormat = {
  /** Bytes of a frame header: 1 tag + 4 length. */
  headerSize: 5,
  /** Bytes of a wide frame's header: 1 tag + 4 length + 4 channel index. */
  wideHeaderSize: 9,
  /** The tag of control frames (never a channel unless the handshake is `'off'`). */
  controlTag: 255,
  /** The tag of wide frames in the extended mode. */
  wideTag: 254,
  /** Control frame kind: the hello of the handshake (UTF-8 JSON body). */
  helloKind: 1,
  /** The protocol version this implementation speaks in the hello. */
  version: 1,
  /** The `protocol` member of a hello. */
  magic: 'lightstream',
} as const

/** The tag of control frames. */
export const CONTROL_TAG = WireFormat.controlTag
/** The tag of wide frames (channel index in the first 4 payload bytes) in the extended mode. */
export const WIDE_TAG = WireFormat.wideTag
/** Default largest frame payload accepted and sent: 64 MiB (as `@lightstream/tlv`). */
export const DEFAULT_MAX_FRAME_SIZE = 64 * 1024 * 1024
/** Largest frame payload the u32 length can express. */
export const MAX_FRAME_SIZE_LIMIT = 0xffff_ffff
/** Default most channels in the extended mode (wide tags): 65 536. */
export const DEFAULT_MAX_CHANNELS = 65_536
/** Channels usable without the extension: tags 0–254 (255 is the control tag), or 0–255 with `handshake: 'off'`. */
export const COMPAT_CHANNELS = 255

/**
 * The header of a frame of `length` payload bytes: `[tag][len u32 LE]`, or for a wide frame
 * `[254][len + 4 u32 LE][index u32 LE]`. O(1); allocates the header only.
 * @throws InvalidArgumentError for a tag or index out of range, or a length beyond u32.
 * @internal
 */
export function frameHeader(tag: number, length: number, wideIndex?: number): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0 || tag > 255) throw new InvalidArgumentError(`a frame tag must be in 0..255, got ${tag}`)
  const wide = wideIndex !== undefined
  const total = wide ? length + 4 : length
  if (!Number.isSafeInteger(total) || total < 0 || total > MAX_FRAME_SIZE_LIMIT) {
    throw new InvalidArgumentError(`a frame payload must be 0..${MAX_FRAME_SIZE_LIMIT} bytes, got ${total}`)
  }
  const header = new Uint8Array(wide ? WireFormat.wideHeaderSize : WireFormat.headerSize)
  header[0] = tag
  writeU32(header, 1, total)
  if (wide) {
    if (!Number.isInteger(wideIndex) || wideIndex < 0 || wideIndex > 0xffff_ffff) {
      throw new InvalidArgumentError(`a channel index must be a u32, got ${String(wideIndex)}`)
    }
    writeU32(header, 5, wideIndex)
  }
  return header
}

function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff
  bytes[at + 1] = (value >>> 8) & 0xff
  bytes[at + 2] = (value >>> 16) & 0xff
  bytes[at + 3] = value >>> 24
}

/** The u32 LE at `at` of `bytes` (caller checked the bounds). @internal */
export function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x1000000
}

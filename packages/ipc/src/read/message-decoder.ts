import {
  FrameTooLargeError,
  InvalidArgumentError,
  IpcFormatError,
  NEED_MORE,
  type DecodeResult,
  type FrameDecoder,
} from '@lightstream/core'
import { CONTINUATION_MARKER } from '../format/constants'
import { readMessageAt } from '../metadata/read-message'
import { viewOfBytes } from '../metadata/flatbuffer-reader'
import type { MessageMetadata } from '../metadata/message-metadata'
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_METADATA_BYTES, type IpcMessageLimits } from './read-options'
import { int32At } from '../format/little-endian'
import { peekBodyLength } from '../metadata/peek-message'

/** One encapsulated IPC message: its decoded metadata and a view of its body. */
export interface IpcMessage {
  readonly type: 'message'
  readonly metadata: MessageMetadata
  /** The `metadata.bodyLength` body bytes: a view of the decoder's input (no copy). */
  readonly body: Uint8Array
  /** Bytes before the body: the prefix (8 bytes, or 4 in the legacy framing) + the flatbuffer + its padding. */
  readonly metadataLength: number
  /** True when the message used the pre-0.15 framing (no 0xFFFFFFFF continuation marker). */
  readonly legacy: boolean
}

/** The end-of-stream marker: a zero metadata length, with or without the continuation marker. */
export interface IpcEndOfStream {
  readonly type: 'endOfStream'
  readonly legacy: boolean
}

/** What {@link IpcMessageDecoder} produces. */
export type IpcFrame = IpcMessage | IpcEndOfStream

/** "ARRO", the first four bytes of the file magic, as the int32 a legacy length prefix would be. */
const FILE_MAGIC_INT32 = 0x4f525241

const EOS_MARKED: IpcEndOfStream = Object.freeze({ type: 'endOfStream', legacy: false })
const EOS_LEGACY: IpcEndOfStream = Object.freeze({ type: 'endOfStream', legacy: true })

/**
 * The FrameDecoder of the Arrow IPC stream format: splits bytes into encapsulated messages
 * (`0xFFFFFFFF`, int32 metadata length, Message flatbuffer + padding, body of `bodyLength` bytes) and the
 * end-of-stream marker. The legacy framing of writers before Arrow 0.15 (the int32 length without the
 * marker, a 4-byte zero end marker) is detected per message.
 *
 * It says how many bytes it needs (`needed`) as soon as it knows: after the prefix (the metadata) and after
 * the metadata (the whole message), so a driver makes a message that spans chunks contiguous with one copy.
 * Limits are checked from the prefix and the metadata before the bytes are waited for. Pure: no I/O, and
 * the frames are views of the input (the flatbuffer is decoded into plain objects; the body is a view).
 *
 * Cost per message: O(metadata size); the body is not touched.
 *
 * @example
 * ```ts
 * for (const frame of decodeFrames(chunks, new IpcMessageDecoder())) {
 *   if (frame.type === 'message') console.log(frame.metadata.header.type, frame.body.length)
 * }
 * ```
 * @throws FrameTooLargeError when the metadata or body exceeds its limit; IpcFormatError for a negative length
 * or a bad flatbuffer; UnsupportedFeatureError for metadata this version cannot read (see `readMessage`).
 */
export class IpcMessageDecoder implements FrameDecoder<IpcFrame> {
  readonly #maxMetadata: number
  readonly #maxBody: number
  /**
   * What the last {@link locateAt} that found a whole message or marker found: the message's metadata
   * (undefined for the end-of-stream marker), the index in its input where its body starts, and whether it
   * used the legacy framing.
   * @internal
   */
  located: MessageMetadata | undefined = undefined
  locatedBody = 0
  locatedLegacy = false
  /** The input of the last message read, and a DataView over it: one per buffer, not one per message. */
  #viewed: Uint8Array | undefined = undefined
  #view: DataView | undefined = undefined

  /** @throws InvalidArgumentError for a limit that is not a non-negative integer. */
  constructor(options: IpcMessageLimits = {}) {
    this.#maxMetadata = checkLimit(options.maxMetadataBytes, DEFAULT_MAX_METADATA_BYTES, 'maxMetadataBytes')
    this.#maxBody = checkLimit(options.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES, 'maxMessageBytes')
  }

  /**
   * The length of the message (prefix, metadata and body) or end-of-stream marker at the start of `bytes`,
   * from its prefix and the Message flatbuffer's `bodyLength` (peeked, not parsed), or undefined while the
   * prefix or the metadata is incomplete. Bytes that cannot start a valid message, or a message over this
   * decoder's limits, answer `bytes.length`: `decode` reports them. O(1); see {@link FrameDecoder.frameLength}.
   */
  frameLength(bytes: Uint8Array): number | undefined {
    const available = bytes.length
    if (available < 4) return undefined
    const first = int32At(bytes, 0)
    const legacy = first >>> 0 !== CONTINUATION_MARKER
    const prefix = legacy ? 4 : 8
    if (available < prefix) return undefined
    const length = legacy ? first : int32At(bytes, 4)
    if (length === 0) return prefix
    if (length < 0 || length > this.#maxMetadata || (legacy && first === FILE_MAGIC_INT32)) return available
    const metadataEnd = prefix + length
    if (available < metadataEnd) return undefined
    const body = peekBodyLength(bytes, prefix, metadataEnd)
    return body < 0 || body > this.#maxBody ? available : metadataEnd + body
  }

  /** Decode one message (or the end-of-stream marker) from the start of `bytes`. */
  decode(bytes: Uint8Array): DecodeResult<IpcFrame> {
    return this.decodeAt(bytes, 0)
  }

  /**
   * {@link decode} on the bytes from `at` on, without making a view of them first (a reader walking one
   * contiguous buffer saves an allocation per message). `consumed` and `needed` count from `at`.
   * @internal
   */
  decodeAt(bytes: Uint8Array, at: number): DecodeResult<IpcFrame> {
    const found = this.locateAt(bytes, at)
    if (found <= 0) return found === 0 ? NEED_MORE : { needMore: true, needed: -found }
    const metadata = this.located
    const legacy = this.locatedLegacy
    if (metadata === undefined) return { frame: legacy ? EOS_LEGACY : EOS_MARKED, consumed: found }
    const bodyStart = this.locatedBody
    const body = bytes.subarray(bodyStart, at + found)
    return { frame: { type: 'message', metadata, body, metadataLength: bodyStart - at, legacy }, consumed: found }
  }

  /**
   * The work of {@link decodeAt} without making a frame: the message or end-of-stream marker at `at` is
   * described in `located`, `locatedBody` and `locatedLegacy`, and its length is returned. When the bytes end
   * first it returns 0 (nothing at all to go on) or minus the number of bytes needed from `at`. A reader
   * walking one buffer reads each body in place through these fields: no frame, result or body view per
   * message.
   * @throws as {@link decode}.
   * @internal
   */
  locateAt(bytes: Uint8Array, at: number): number {
    const available = bytes.length - at
    if (available < 4) return available === 0 ? 0 : -4
    const first = int32At(bytes, at)
    const legacy = first >>> 0 !== CONTINUATION_MARKER
    const prefix = legacy ? 4 : 8
    if (!legacy && available < 8) return -8
    const length = legacy ? first : int32At(bytes, at + 4)
    if (length === 0) {
      this.located = undefined
      this.locatedBody = at + prefix
      this.locatedLegacy = legacy
      return prefix
    }
    if (length < 0) throw new IpcFormatError(`Invalid IPC message: negative metadata length ${length}`)
    if (legacy && first === FILE_MAGIC_INT32) {
      throw new IpcFormatError('Invalid IPC stream: these bytes start with the ARROW1 magic of the IPC file format; read them with IpcFileReader or tableFromIPC')
    }
    if (length > this.#maxMetadata) {
      throw new FrameTooLargeError(`IPC message metadata of ${length} bytes exceeds maxMetadataBytes (${this.#maxMetadata})`, length, this.#maxMetadata)
    }
    const metadataLength = prefix + length
    if (available < metadataLength) return -metadataLength
    if (this.#viewed !== bytes) {
      this.#viewed = bytes
      this.#view = viewOfBytes(bytes)
    }
    const metadata = readMessageAt(bytes, at + prefix, at + metadataLength, this.#view)
    const bodyLength = metadata.bodyLength
    if (bodyLength > this.#maxBody) {
      throw new FrameTooLargeError(`IPC message body of ${bodyLength} bytes exceeds maxMessageBytes (${this.#maxBody})`, bodyLength, this.#maxBody)
    }
    const total = metadataLength + bodyLength
    if (available < total) return -total
    this.located = metadata
    this.locatedBody = at + metadataLength
    this.locatedLegacy = legacy
    return total
  }
}

function checkLimit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer, got ${String(value)}`)
  return value
}

import { InvalidArgumentError } from '@lightstream/core'
import { CONTINUATION_MARKER, MIN_ALIGNMENT } from '../format/constants'
import { padding } from './body-writer'

/** One IPC message ready to frame: its Message flatbuffer and its body as parts. */
export interface EncodedMessage {
  /** The Message flatbuffer (from `writeSchemaMessage`, `writeRecordBatchMessage`, ...), unpadded. */
  readonly metadata: Uint8Array
  /** The body parts, in order; their lengths add up to `bodyLength` (the Message's bodyLength). */
  readonly body: readonly Uint8Array[]
  readonly bodyLength: number
}

/** An encapsulated message as parts, and its sizes (what a file footer Block records). */
export interface FramedMessage {
  readonly parts: Uint8Array[]
  /** Prefix + flatbuffer + padding: where the body starts, from the message start. */
  readonly metaDataLength: number
  readonly bodyLength: number
}

/** Largest metadata flatbuffer: its length is an int32. */
const MAX_METADATA_LENGTH = 0x7fffffff - 64

/**
 * Encapsulates a message: `0xFFFFFFFF`, the int32 length of flatbuffer + padding, the flatbuffer, zero
 * padding, then the body parts untouched. Legacy framing drops the marker. The padding puts the body
 * start at a multiple of `alignment` in the output stream, given that the message starts at `position`
 * (which must be a multiple of 8, as every message boundary of a conforming stream is); the padded length
 * is therefore a multiple of 8 too. O(body parts); the only allocation is the 8-byte prefix.
 *
 * @param alignment - 8 or 64: the body starts at a multiple of it.
 * @param legacy - pre-0.15 framing without the continuation marker.
 * @throws InvalidArgumentError a position that is not a non-negative multiple of 8, an alignment other
 *   than 8 or 64, a metadata length beyond int32, or body parts that do not add up to `bodyLength`.
 */
export function frameMessage(message: EncodedMessage, position: number, alignment: number = 64, legacy = false): FramedMessage {
  if (alignment !== 8 && alignment !== 64) throw new InvalidArgumentError(`alignment must be 8 or 64, got ${String(alignment)}`)
  if (!Number.isSafeInteger(position) || position < 0 || position % MIN_ALIGNMENT !== 0) {
    throw new InvalidArgumentError(`an IPC message must start at a multiple of 8, got position ${String(position)}`)
  }
  const { metadata, body, bodyLength } = message
  if (!(metadata instanceof Uint8Array) || metadata.byteLength > MAX_METADATA_LENGTH) {
    throw new InvalidArgumentError('message metadata must be a Uint8Array shorter than 2 GiB')
  }
  let total = 0
  for (const part of body) total += part.byteLength
  if (total !== bodyLength) throw new InvalidArgumentError(`message body parts hold ${total} bytes, bodyLength says ${bodyLength}`)
  const prefixLength = legacy ? 4 : 8
  const unpadded = position + prefixLength + metadata.byteLength
  const pad = (alignment - (unpadded % alignment)) % alignment
  const length = metadata.byteLength + pad
  const prefix = new Uint8Array(prefixLength)
  const view = new DataView(prefix.buffer)
  if (!legacy) view.setUint32(0, CONTINUATION_MARKER, true)
  view.setInt32(prefixLength - 4, length, true)
  const parts = pad > 0 ? [prefix, metadata, padding(pad)] : [prefix, metadata]
  for (const part of body) parts.push(part)
  return { parts, metaDataLength: prefixLength + length, bodyLength }
}

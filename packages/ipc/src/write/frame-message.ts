import { InvalidArgumentError } from '@lightstream/core'
import { alignedAllocUnsafe } from '@lightstream/core-buffer'
import { CONTINUATION_MARKER, MIN_ALIGNMENT } from '../format/constants'

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

/** `value` (< 2^32) as 4 little-endian bytes at `at` (no DataView for an 8-byte prefix). */
function writeUint32LE(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff
  bytes[at + 1] = (value >>> 8) & 0xff
  bytes[at + 2] = (value >>> 16) & 0xff
  bytes[at + 3] = value >>> 24
}

/** Largest metadata flatbuffer: its length is an int32. */
const MAX_METADATA_LENGTH = 0x7fffffff - 64

/**
 * Encapsulates a message: `0xFFFFFFFF`, the int32 length of flatbuffer + padding, the flatbuffer, zero
 * padding, then the body parts untouched. Legacy framing drops the marker. The padding puts the body
 * start at a multiple of `alignment` in the output stream, given that the message starts at `position`
 * (which must be a multiple of 8, as every message boundary of a conforming stream is); the padded length
 * is therefore a multiple of 8 too. The prefix, the flatbuffer and its padding are one part (the flatbuffer
 * copied, a few hundred bytes for a record batch): three small parts cost more to make, and to write, than
 * the copy. O(body parts + flatbuffer bytes).
 *
 * @param alignment - 8 or 64: the body starts at a multiple of it.
 * @param legacy - pre-0.15 framing without the continuation marker.
 * @throws InvalidArgumentError a position that is not a non-negative multiple of 8, an alignment other
 *   than 8 or 64, a metadata length beyond int32, or body parts that do not add up to `bodyLength`.
 */
export function frameMessage(message: EncodedMessage, position: number, alignment: number = 64, legacy = false): FramedMessage {
  const parts: Uint8Array[] = []
  const metaDataLength = frameInto(parts, message, position, alignment, legacy)
  return { parts, metaDataLength, bodyLength: message.bodyLength }
}

/**
 * {@link frameMessage}, pushing the parts onto `out` and returning the metaDataLength (prefix + flatbuffer +
 * padding), for encoders that collect the parts of several messages. Same checks and errors.
 * @internal
 */
export function frameInto(out: Uint8Array[], message: EncodedMessage, position: number, alignment: number, legacy: boolean): number {
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
  // Small heads come from core-buffer's shared slab (a fresh ArrayBuffer per message was a tenth of encoding
  // a small batch), which does not promise zeros: every byte is written, the padding explicitly. A head thus
  // keeps its slab alive, and parts may share an ArrayBuffer (as the padding and the table's buffers do).
  const head = alignedAllocUnsafe(prefixLength + length, MIN_ALIGNMENT)
  if (!legacy) writeUint32LE(head, 0, CONTINUATION_MARKER)
  writeUint32LE(head, prefixLength - 4, length)
  head.set(metadata, prefixLength)
  head.fill(0, prefixLength + metadata.byteLength)
  out.push(head)
  for (const part of body) out.push(part)
  return prefixLength + length
}

import { InvalidArgumentError, IpcFormatError, UnsupportedFeatureError } from '@lightstream/core'
import { FlatbufferReader, viewOfBytes, type FbTable } from './flatbuffer-reader'
import { checkMetadataVersion } from './check-metadata-version'
import { readCustomMetadata } from './custom-metadata'
import { MessageHeaderId, MessageSlot } from './fbs-layout'
import type { MessageHeader, MessageMetadata } from './message-metadata'
import { readDictionaryBatchTable, readRecordBatchTable } from './read-record-batch'
import { readSchemaTable } from './read-schema'
import { isSchemaMessage } from './peek-message'
import { cachedSchemaMessage } from './schema-cache'

/** @internal Rejects a non-Uint8Array argument and bytes too short to hold any flatbuffer table. */
export function checkBytes(bytes: Uint8Array, what: string): void {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError(`the ${what} bytes must be a Uint8Array`)
  checkFlatbufferLength(bytes.length, what)
}

function checkFlatbufferLength(length: number, what: string): void {
  if (length < 8) throw new IpcFormatError(`Invalid IPC metadata: a ${what} flatbuffer needs at least 8 bytes, got ${length}`)
}

/**
 * Decodes the flatbuffer of an encapsulated IPC message: the bytes that follow the continuation marker
 * (0xFFFFFFFF) and the int32 metadata length, trailing padding allowed. Every offset, vtable, vector and
 * string is bounds-checked before it is read, nesting is capped at 64 levels and the work is bounded by
 * the input size, so hostile bytes raise an error instead of a crash, a hang or a huge allocation.
 *
 * Costs O(metadata size); copies nothing but the decoded strings; keeps no reference to `bytes`.
 *
 * Schema messages are cached by their exact bytes (16 most recently read, each up to 64 KiB): reading the
 * same schema again returns the same frozen metadata object without parsing it, so every table read from
 * one schema shares its `Schema`, `Field` and type objects. `clearSchemaCache()` empties the cache.
 *
 * @param bytes - the Message flatbuffer (not the body).
 * @returns version, body length, message custom metadata, and the header: a `schema` (a core Schema),
 *   a `recordBatch` (nodes, buffers, compression, variadic buffer counts) or a `dictionaryBatch`.
 * @throws {IpcFormatError} bytes that are not a valid Message flatbuffer or break an Arrow rule (a missing
 *   header, a negative length, a bad type parameter, nesting deeper than 64 levels).
 * @throws {InvalidArgumentError} `bytes` is not a Uint8Array.
 * @throws {UnsupportedFeatureError} a metadata version other than V4/V5, a Tensor or SparseTensor message,
 *   an unknown type id, codec or dictionary kind, or a 64-bit length beyond 2^53.
 *
 * @example
 * ```ts
 * const meta = readMessage(flatbufferBytes)
 * if (meta.header.type === 'recordBatch') console.log(meta.header.length, meta.header.buffers.length)
 * ```
 */
export function readMessage(bytes: Uint8Array): MessageMetadata {
  checkBytes(bytes, 'message')
  return readMessageAt(bytes, 0, bytes.length)
}

/**
 * {@link readMessage} on the flatbuffer at `[start, end)` of `bytes`, read in place (no view of it is made).
 * The caller has checked that the range lies inside `bytes`. `view` is a DataView over exactly `bytes`
 * (`viewOfBytes`), made once by a caller that reads many messages from one buffer.
 * @throws IpcFormatError when the range is shorter than any flatbuffer; see {@link readMessage}.
 * @internal
 */
export function readMessageAt(bytes: Uint8Array, start: number, end: number, view: DataView = viewOfBytes(bytes)): MessageMetadata {
  checkFlatbufferLength(end - start, 'message')
  if (isSchemaMessage(bytes, start, end)) return cachedSchemaMessage(bytes, start, end, view, parseMessage)
  return parseMessage(bytes, start, end, view)
}

/** The message at `[start, end)` of `bytes`; `view` as FlatbufferReader takes it. */
function parseMessage(bytes: Uint8Array, start: number, end: number, view: DataView): MessageMetadata {
  const r = new FlatbufferReader(bytes, start, end, view)
  r.where = 'message'
  return readMessageTable(r, r.root('Message'))
}

function readMessageTable(r: FlatbufferReader, t: FbTable): MessageMetadata {
  const version = checkMetadataVersion(r.int16(t, MessageSlot.version, 0, 'Message.version'), 'IPC message')
  const headerType = r.uint8(t, MessageSlot.headerType, MessageHeaderId.NONE, 'Message.header_type')
  const headerTable = r.tableField(t, MessageSlot.header, 'Message.header')
  const bodyLength = r.int64(t, MessageSlot.bodyLength, 0, 'Message.bodyLength')
  if (bodyLength < 0) throw new IpcFormatError(`Invalid IPC metadata: Message.bodyLength is negative (${bodyLength})`)

  if (headerType === MessageHeaderId.Tensor || headerType === MessageHeaderId.SparseTensor) {
    throw new UnsupportedFeatureError(`IPC ${headerType === MessageHeaderId.Tensor ? 'Tensor' : 'SparseTensor'} messages are not supported`)
  }
  if (headerType > MessageHeaderId.SparseTensor) throw new UnsupportedFeatureError(`unknown IPC message header type ${headerType}`)
  if (headerType === MessageHeaderId.NONE || headerTable === null) throw new IpcFormatError('Invalid IPC metadata: the message has no header')

  let header: MessageHeader
  if (headerType === MessageHeaderId.Schema) {
    header = { type: 'schema', schema: readSchemaTable(r, headerTable, 'schema') }
  } else if (headerType === MessageHeaderId.RecordBatch) {
    header = readRecordBatchTable(r, headerTable, 'recordBatch')
  } else {
    header = readDictionaryBatchTable(r, headerTable)
  }
  r.where = 'message'
  const customMetadata = readCustomMetadata(r, t, MessageSlot.customMetadata, 'Message.custom_metadata')
  return { version, bodyLength, customMetadata, header }
}

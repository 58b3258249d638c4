import type { Builder } from 'flatbuffers'
import { InvalidArgumentError } from '@lightstream/core'
import { addFieldUint53, checkCount, checkInteger, finishMessage, isCount, writeUint53 } from './finish-message'
import { BodyCompressionSlot, CompressionTypeId, DictionaryBatchSlot, MessageHeaderId, RecordBatchSlot } from './fbs-layout'
import type { BodyCompression, BufferRegion, DictionaryBatchHeader, FieldNode, RecordBatchHeader, WriteMessageOptions } from './message-metadata'
import { messageBuilder } from './message-builder'

/** What the record batch writer takes: a {@link RecordBatchHeader}, with `type` and `variadicBufferCounts` optional. */
export type RecordBatchHeaderInit = Omit<RecordBatchHeader, 'type' | 'variadicBufferCounts'> & {
  readonly type?: 'recordBatch'
  readonly variadicBufferCounts?: readonly number[]
}

/** What the dictionary batch writer takes: a {@link DictionaryBatchHeader}, `type` and `isDelta` optional. */
export interface DictionaryBatchHeaderInit {
  readonly type?: 'dictionaryBatch'
  readonly id: number
  readonly data: RecordBatchHeaderInit
  readonly isDelta?: boolean
}

/** A vector of 16-byte structs of two int64 (FieldNode, Buffer), in order; `first`/`second` name their fields. */
function writeStructs16<T>(b: Builder, items: readonly T[], first: (item: T) => number, second: (item: T) => number): number {
  b.startVector(16, items.length, 8)
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!
    b.prep(8, 16)
    writeUint53(b, second(item))
    writeUint53(b, first(item))
  }
  return b.endVector()
}

const nodeLength = (n: FieldNode): number => n.length
const nodeNullCount = (n: FieldNode): number => n.nullCount
const bufferOffset = (x: BufferRegion): number => x.offset
const bufferLength = (x: BufferRegion): number => x.length

/**
 * Checks every number of a header before anything is written. The error labels are built only on failure:
 * building two per node and buffer for every message was most of a small batch's metadata cost.
 */
function checkHeader(h: RecordBatchHeaderInit, what: string): void {
  checkCount(h.length, `${what}.length`)
  const nodes = h.nodes
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!
    if (!isCount(n.length)) checkCount(n.length, `${what}.nodes[${i}].length`)
    if (!isCount(n.nullCount)) checkCount(n.nullCount, `${what}.nodes[${i}].nullCount`)
    if (n.nullCount > n.length) throw new InvalidArgumentError(`${what}.nodes[${i}].nullCount exceeds its length`)
  }
  const buffers = h.buffers
  for (let i = 0; i < buffers.length; i++) {
    const x = buffers[i]!
    if (!isCount(x.offset)) checkCount(x.offset, `${what}.buffers[${i}].offset`)
    if (!isCount(x.length)) checkCount(x.length, `${what}.buffers[${i}].length`)
  }
  const counts = h.variadicBufferCounts ?? []
  for (let i = 0; i < counts.length; i++) if (!isCount(counts[i])) checkCount(counts[i], `${what}.variadicBufferCounts[${i}]`)
  if (h.compression !== undefined && h.compression.method !== 'buffer') {
    throw new InvalidArgumentError(`${what}.compression.method must be 'buffer'`)
  }
}

function codecId(compression: BodyCompression): number {
  if (compression.codec === 'lz4_frame') return CompressionTypeId.LZ4_FRAME
  if (compression.codec === 'zstd') return CompressionTypeId.ZSTD
  throw new InvalidArgumentError(`compression.codec must be 'lz4_frame' or 'zstd', got ${String(compression.codec)}`)
}

/**
 * Writes a `RecordBatch` table into `b` and returns its offset.
 *
 * @throws {InvalidArgumentError} a negative or non-integer length, count, offset or size; nullCount > length.
 * @internal
 */
export function writeRecordBatchTable(b: Builder, h: RecordBatchHeaderInit, what: string): number {
  checkHeader(h, what)
  const nodesAt = writeStructs16(b, h.nodes, nodeLength, nodeNullCount)
  const buffersAt = writeStructs16(b, h.buffers, bufferOffset, bufferLength)
  const counts = h.variadicBufferCounts ?? []
  let countsAt = 0
  if (counts.length > 0) {
    b.startVector(8, counts.length, 8)
    for (let i = counts.length - 1; i >= 0; i--) {
      b.prep(8, 0)
      writeUint53(b, counts[i]!)
    }
    countsAt = b.endVector()
  }
  let compressionAt = 0
  if (h.compression !== undefined) {
    const codec = codecId(h.compression)
    b.startObject(BodyCompressionSlot.count)
    b.addFieldInt8(BodyCompressionSlot.codec, codec, CompressionTypeId.LZ4_FRAME)
    b.addFieldInt8(BodyCompressionSlot.method, 0, 0)
    compressionAt = b.endObject()
  }

  b.startObject(RecordBatchSlot.count)
  addFieldUint53(b, RecordBatchSlot.length, h.length)
  b.addFieldOffset(RecordBatchSlot.nodes, nodesAt, 0)
  b.addFieldOffset(RecordBatchSlot.buffers, buffersAt, 0)
  if (compressionAt !== 0) b.addFieldOffset(RecordBatchSlot.compression, compressionAt, 0)
  if (countsAt !== 0) b.addFieldOffset(RecordBatchSlot.variadicBufferCounts, countsAt, 0)
  return b.endObject()
}

/**
 * Writes the flatbuffer of a RecordBatch message (metadata V5 unless `options.version` says V4): the bytes
 * that follow the continuation marker and length prefix of an encapsulated message, without padding.
 * O(nodes + buffers); allocates only the small metadata buffer.
 *
 * @param header - row count, nodes, buffers, optional compression and variadic buffer counts.
 * @param bodyLength - bytes of body that will follow the metadata.
 * @throws {InvalidArgumentError} a negative or non-integer number, nullCount > length, an unknown codec,
 *   a version other than V4/V5, or custom metadata that is not strings.
 */
export function writeRecordBatchMessage(header: RecordBatchHeaderInit, bodyLength: number, options?: WriteMessageOptions): Uint8Array {
  return recordBatchMessageView(header, bodyLength, options).slice()
}

/**
 * {@link writeRecordBatchMessage} as a view of the shared builder's buffer, valid until the next metadata
 * write: for encoders that copy it into the framed message at once (one allocation per message, not two).
 * @internal
 */
export function recordBatchMessageView(header: RecordBatchHeaderInit, bodyLength: number, options?: WriteMessageOptions): Uint8Array {
  const b = messageBuilder()
  const at = writeRecordBatchTable(b, header, 'recordBatch')
  return finishMessage(b, MessageHeaderId.RecordBatch, at, bodyLength, options)
}

/**
 * Writes the flatbuffer of a DictionaryBatch message: dictionary `id`, the dictionary values described as
 * a one-column record batch, and `isDelta` (default false: replace). Same framing and costs as
 * {@link writeRecordBatchMessage}.
 *
 * @throws {InvalidArgumentError} an id that is not a safe integer, or any error of {@link writeRecordBatchMessage}.
 */
export function writeDictionaryBatchMessage(
  header: DictionaryBatchHeaderInit,
  bodyLength: number,
  options?: WriteMessageOptions,
): Uint8Array {
  return dictionaryBatchMessageView(header, bodyLength, options).slice()
}

/** {@link writeDictionaryBatchMessage} as a view, like {@link recordBatchMessageView}. @internal */
export function dictionaryBatchMessageView(
  header: DictionaryBatchHeaderInit,
  bodyLength: number,
  options?: WriteMessageOptions,
): Uint8Array {
  const b = messageBuilder()
  const id = checkInteger(header.id, 'dictionaryBatch.id')
  const dataAt = writeRecordBatchTable(b, header.data, 'dictionaryBatch.data')
  b.startObject(DictionaryBatchSlot.count)
  b.addFieldInt64(DictionaryBatchSlot.id, BigInt(id), 0n)
  b.addFieldOffset(DictionaryBatchSlot.data, dataAt, 0)
  b.addFieldInt8(DictionaryBatchSlot.isDelta, header.isDelta === true ? 1 : 0, 0)
  const at = b.endObject()
  return finishMessage(b, MessageHeaderId.DictionaryBatch, at, bodyLength, options)
}

import type { Builder } from 'flatbuffers'
import { InvalidArgumentError } from '@lightstream/core'
import { checkCount, checkInteger, finishMessage } from './finish-message'
import { BodyCompressionSlot, CompressionTypeId, DictionaryBatchSlot, MessageHeaderId, RecordBatchSlot } from './fbs-layout'
import type { BodyCompression, DictionaryBatchHeader, RecordBatchHeader, WriteMessageOptions } from './message-metadata'
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

/** Writes a non-negative safe integer as an int64 (LE) at the builder's head, without a BigInt. */
function writeUint53(b: Builder, value: number): void {
  b.writeInt32(Math.floor(value / 4294967296)) // high word (the builder writes backwards)
  b.writeInt32(value >>> 0) // low word
}

/** A vector of 16-byte structs of two int64 (FieldNode, Buffer), in order. */
function writeStructs16(b: Builder, items: readonly (readonly [number, number])[]): number {
  b.startVector(16, items.length, 8)
  for (let i = items.length - 1; i >= 0; i--) {
    const [first, second] = items[i]!
    b.prep(8, 16)
    writeUint53(b, second)
    writeUint53(b, first)
  }
  return b.endVector()
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
  const length = checkCount(h.length, `${what}.length`)
  const nodes = h.nodes.map((n, i): [number, number] => {
    const nodeLength = checkCount(n.length, `${what}.nodes[${i}].length`)
    const nullCount = checkCount(n.nullCount, `${what}.nodes[${i}].nullCount`)
    if (nullCount > nodeLength) throw new InvalidArgumentError(`${what}.nodes[${i}].nullCount exceeds its length`)
    return [nodeLength, nullCount]
  })
  const buffers = h.buffers.map((x, i): [number, number] => [
    checkCount(x.offset, `${what}.buffers[${i}].offset`),
    checkCount(x.length, `${what}.buffers[${i}].length`),
  ])
  const counts = (h.variadicBufferCounts ?? []).map((c, i) => checkCount(c, `${what}.variadicBufferCounts[${i}]`))
  if (h.compression !== undefined && h.compression.method !== 'buffer') {
    throw new InvalidArgumentError(`${what}.compression.method must be 'buffer'`)
  }

  const nodesAt = writeStructs16(b, nodes)
  const buffersAt = writeStructs16(b, buffers)
  let countsAt = 0
  if (counts.length > 0) {
    b.startVector(8, counts.length, 8)
    for (let i = counts.length - 1; i >= 0; i--) b.addInt64(BigInt(counts[i]!))
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
  b.addFieldInt64(RecordBatchSlot.length, BigInt(length), 0n)
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

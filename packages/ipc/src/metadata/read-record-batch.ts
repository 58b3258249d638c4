import { IpcFormatError, UnsupportedFeatureError } from '@lightstream/core'
import type { FbTable, FlatbufferReader } from './flatbuffer-reader'
import { BodyCompressionSlot, CompressionTypeId, DictionaryBatchSlot, RecordBatchSlot, StructSize } from './fbs-layout'
import type { BodyCompression, BufferRegion, DictionaryBatchHeader, FieldNode, RecordBatchHeader } from './message-metadata'

/** The `compression` table of a RecordBatch named `batch` in errors, or undefined when there is none. */
function readCompression(r: FlatbufferReader, t: FbTable | null, batch: string): BodyCompression | undefined {
  if (t === null) return undefined
  const what = `${batch}.compression`
  const codecId = r.uint8(t, BodyCompressionSlot.codec, CompressionTypeId.LZ4_FRAME, 'BodyCompression.codec')
  const method = r.uint8(t, BodyCompressionSlot.method, 0, 'BodyCompression.method')
  let codec: BodyCompression['codec']
  if (codecId === CompressionTypeId.LZ4_FRAME) codec = 'lz4_frame'
  else if (codecId === CompressionTypeId.ZSTD) codec = 'zstd'
  else throw new UnsupportedFeatureError(`${what}: unknown compression codec id ${codecId} (known: LZ4_FRAME, ZSTD)`)
  if (method !== 0) throw new UnsupportedFeatureError(`${what}: unknown body compression method ${method} (known: BUFFER)`)
  return { codec, method: 'buffer' }
}

/**
 * Decodes a `RecordBatch` table. O(nodes + buffers); the vectors were bounds-checked against the buffer
 * before any element is read, so a declared length cannot allocate more than the buffer could hold.
 *
 * @throws {IpcFormatError} a negative length, count, offset or size, or a vector outside the buffer.
 * @throws {UnsupportedFeatureError} a 64-bit value beyond 2^53, or an unknown compression codec/method.
 * @internal
 */
export function readRecordBatchTable(r: FlatbufferReader, t: FbTable, what: string): RecordBatchHeader {
  r.where = what
  const length = r.int64(t, RecordBatchSlot.length, 0, 'RecordBatch.length')
  if (length < 0) throw new IpcFormatError(`Invalid IPC metadata: ${what}.length is negative (${length})`)

  const nodesVec = r.vector(t, RecordBatchSlot.nodes, StructSize.FieldNode, 'RecordBatch.nodes')
  // Made at their final length (the vectors' lengths were checked against the buffer): cheaper than growing.
  const nodes = new Array<FieldNode>(nodesVec === null ? 0 : nodesVec.length)
  if (nodesVec !== null) {
    for (let i = 0, p = nodesVec.start; i < nodesVec.length; i++, p += StructSize.FieldNode) {
      const nodeLength = r.countAt(p, 'FieldNode.length of node', i)
      const nullCount = r.countAt(p + 8, 'FieldNode.null_count of node', i)
      if (nullCount > nodeLength) {
        throw new IpcFormatError(`Invalid IPC metadata: ${what}.nodes[${i}] has nullCount ${nullCount} > length ${nodeLength}`)
      }
      nodes[i] = { length: nodeLength, nullCount }
    }
  }

  const buffersVec = r.vector(t, RecordBatchSlot.buffers, StructSize.Buffer, 'RecordBatch.buffers')
  const buffers = new Array<BufferRegion>(buffersVec === null ? 0 : buffersVec.length)
  if (buffersVec !== null) {
    for (let i = 0, p = buffersVec.start; i < buffersVec.length; i++, p += StructSize.Buffer) {
      const offset = r.countAt(p, 'Buffer.offset of buffer', i)
      buffers[i] = { offset, length: r.countAt(p + 8, 'Buffer.length of buffer', i) }
    }
  }

  const compression = readCompression(r, r.tableField(t, RecordBatchSlot.compression, 'RecordBatch.compression'), what)

  const countsVec = r.vector(t, RecordBatchSlot.variadicBufferCounts, 8, 'RecordBatch.variadicBufferCounts')
  const variadicBufferCounts: number[] = []
  if (countsVec !== null) {
    for (let i = 0; i < countsVec.length; i++) {
      variadicBufferCounts.push(r.countAt(countsVec.start + 8 * i, 'RecordBatch.variadicBufferCounts', i))
    }
  }

  return compression === undefined
    ? { type: 'recordBatch', length, nodes, buffers, variadicBufferCounts }
    : { type: 'recordBatch', length, nodes, buffers, compression, variadicBufferCounts }
}

/**
 * Decodes a `DictionaryBatch` table: its id, its data (a RecordBatch, required) and the delta flag. Errors
 * name it `dictionaryBatch` and its data `dictionaryBatch.data` (constant labels: no string built per message).
 *
 * @throws {IpcFormatError} a missing data table or any error of {@link readRecordBatchTable}.
 * @internal
 */
export function readDictionaryBatchTable(r: FlatbufferReader, t: FbTable): DictionaryBatchHeader {
  r.where = 'dictionaryBatch'
  const id = r.int64(t, DictionaryBatchSlot.id, 0, 'DictionaryBatch.id')
  const isDelta = r.bool(t, DictionaryBatchSlot.isDelta, false, 'DictionaryBatch.isDelta')
  const dataTable = r.tableField(t, DictionaryBatchSlot.data, 'DictionaryBatch.data')
  if (dataTable === null) throw new IpcFormatError('Invalid IPC metadata: dictionaryBatch has no data record batch')
  const data = readRecordBatchTable(r, dataTable, 'dictionaryBatch.data')
  return { type: 'dictionaryBatch', id, data, isDelta }
}

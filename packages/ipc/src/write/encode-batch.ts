import { InvalidArgumentError, typeEquals, typeToString } from '@lightstream/core'
import type { RecordBatch, Schema } from '@lightstream/core'
import type { BodyCompression } from '../metadata/message-metadata'
import { dictionaryBatchMessageView, recordBatchMessageView } from '../metadata/write-record-batch'
import { BodyWriter, type EncodeStats } from './body-writer'
import type { DictionaryMessage } from './dictionary-tracker'
import type { EncodedMessage } from './frame-message'
import type { ResolvedEncodeOptions } from './write-options'
import { writeData } from './write-data'

/**
 * Record batches and dictionary batches to {@link EncodedMessage}s: the Message flatbuffer and the body as
 * parts. The body holds the Data's own buffers as views (or their compressed form) with zero padding. The
 * flatbuffer is a view of the shared metadata builder, valid until the next message is written: frame it
 * (`frameMessage` copies it) before encoding another.
 */

function bodyWriter(options: ResolvedEncodeOptions, stats: EncodeStats): BodyWriter {
  return new BodyWriter(options.version, options.alignment, options.codec, options.allocator, stats)
}

function compression(options: ResolvedEncodeOptions): BodyCompression | undefined {
  return options.codecName === undefined ? undefined : { codec: options.codecName, method: 'buffer' }
}

/**
 * Checks that a batch fits the schema being written: same number of columns, each column's type equal to
 * its field's (dictionary ids aside) and as long as the batch. O(fields × type size).
 * @throws InvalidArgumentError on any mismatch.
 * @internal
 */
export function checkBatch(schema: Schema, batch: RecordBatch): void {
  const fields = schema.fields
  if (batch.columns.length !== fields.length) {
    throw new InvalidArgumentError(`the batch has ${batch.columns.length} columns, the schema being written has ${fields.length} fields`)
  }
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!
    const column = batch.columns[i]!
    if (column.length !== batch.numRows) {
      throw new InvalidArgumentError(`column ${JSON.stringify(f.name)} has ${column.length} rows, the batch ${batch.numRows}`)
    }
    if (!typeEquals(column.type, f.type)) {
      throw new InvalidArgumentError(`column ${JSON.stringify(f.name)} is ${typeToString(column.type)}, the schema says ${typeToString(f.type)}`)
    }
  }
}

/**
 * One RecordBatch message. O(nodes + buffers); copies only what slicing forces (see `writeData`).
 * @throws InvalidDataError a buffer or child missing or too short.
 * @internal
 */
export function encodeRecordBatch(schema: Schema, batch: RecordBatch, options: ResolvedEncodeOptions, stats: EncodeStats): EncodedMessage {
  const w = bodyWriter(options, stats)
  const fields = schema.fields
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!
    writeData(w, batch.columns[i]!, f.type, f.name === '' ? `[${i}]` : f.name)
  }
  const header = {
    length: batch.numRows,
    nodes: w.nodes,
    buffers: w.buffers,
    variadicBufferCounts: w.variadicBufferCounts,
    ...(options.codecName === undefined ? {} : { compression: compression(options)! }),
  }
  const metadata = recordBatchMessageView(header, w.bodyLength, { version: options.version })
  return { metadata, body: w.parts, bodyLength: w.bodyLength }
}

/**
 * One DictionaryBatch message: the dictionary values as a one-column batch, with its id and delta flag.
 * @throws InvalidArgumentError values of another type than the schema's; InvalidDataError as above.
 * @internal
 */
export function encodeDictionaryBatch(message: DictionaryMessage, options: ResolvedEncodeOptions, stats: EncodeStats): EncodedMessage {
  const w = bodyWriter(options, stats)
  const { values, type } = message
  if (!typeEquals(values.type, type.dictionary)) {
    throw new InvalidArgumentError(`dictionary id ${message.id} holds ${typeToString(values.type)}, the schema says ${typeToString(type.dictionary)}`)
  }
  writeData(w, values, type.dictionary, `dictionary ${message.id}`)
  const data = {
    length: values.length,
    nodes: w.nodes,
    buffers: w.buffers,
    variadicBufferCounts: w.variadicBufferCounts,
    ...(options.codecName === undefined ? {} : { compression: compression(options)! }),
  }
  const metadata = dictionaryBatchMessageView({ id: message.id, data, isDelta: message.isDelta }, w.bodyLength, { version: options.version })
  return { metadata, body: w.parts, bodyLength: w.bodyLength }
}

import type { Builder } from 'flatbuffers'
import { Endianness, InvalidArgumentError, Type } from '@lightstream/core'
import type { DataType, Field, Schema } from '@lightstream/core'
import { writeCustomMetadata, writeOffsetVector } from './custom-metadata'
import { DictionaryEncodingSlot, FieldSlot, MAX_FIELD_DEPTH, MessageHeaderId, SchemaSlot } from './fbs-layout'
import { checkInteger, finishMessage } from './finish-message'
import type { WriteMessageOptions } from './message-metadata'
import { typeChildren, writeIntTable, writeTypeTable } from './write-type'
import { messageBuilder } from './message-builder'

function writeDictionaryEncoding(b: Builder, t: Extract<DataType, { typeId: typeof Type.Dictionary }>, path: string): number {
  const id = checkInteger(t.id, `${path} dictionary id`)
  if (t.indices?.typeId !== Type.Int) throw new InvalidArgumentError(`${path}: dictionary indices must be an Int type`)
  const indexAt = writeIntTable(b, t.indices, `${path} dictionary indices`)
  b.startObject(DictionaryEncodingSlot.count)
  b.addFieldInt64(DictionaryEncodingSlot.id, BigInt(id), 0n)
  b.addFieldOffset(DictionaryEncodingSlot.indexType, indexAt, 0)
  b.addFieldInt8(DictionaryEncodingSlot.isOrdered, t.ordered ? 1 : 0, 0)
  return b.endObject()
}

/**
 * Writes a `Field` table and its children (depth first, since the builder cannot nest tables). A field of
 * Dictionary type is written the Arrow way: the value type as `type`, plus a `DictionaryEncoding`.
 */
function writeField(b: Builder, f: Field, depth: number, path: string): number {
  if (depth > MAX_FIELD_DEPTH) throw new InvalidArgumentError(`${path}: fields nest deeper than ${MAX_FIELD_DEPTH} levels`)
  if (f === null || typeof f !== 'object' || typeof f.name !== 'string' || f.type === null || typeof f.type !== 'object') {
    throw new InvalidArgumentError(`${path} is not a Field`)
  }
  const dictionary = f.type.typeId === Type.Dictionary ? f.type : null
  const valueType = dictionary === null ? f.type : dictionary.dictionary
  if (valueType === null || typeof valueType !== 'object') throw new InvalidArgumentError(`${path}: dictionary value type is missing`)

  const children = typeChildren(valueType).map((child, i) => writeField(b, child, depth + 1, `${path}.children[${i}]`))
  const childrenAt = writeOffsetVector(b, children)
  const nameAt = b.createString(f.name)
  const [typeId, typeAt] = writeTypeTable(b, valueType, path)
  const dictionaryAt = dictionary === null ? 0 : writeDictionaryEncoding(b, dictionary, path)
  const metadataAt = writeCustomMetadata(b, f.metadata, path)

  b.startObject(FieldSlot.count)
  b.addFieldOffset(FieldSlot.name, nameAt, 0)
  b.addFieldInt8(FieldSlot.nullable, f.nullable ? 1 : 0, 0)
  b.addFieldInt8(FieldSlot.typeType, typeId, 0)
  b.addFieldOffset(FieldSlot.type, typeAt, 0)
  if (dictionaryAt !== 0) b.addFieldOffset(FieldSlot.dictionary, dictionaryAt, 0)
  b.addFieldOffset(FieldSlot.children, childrenAt, 0)
  if (metadataAt !== 0) b.addFieldOffset(FieldSlot.customMetadata, metadataAt, 0)
  return b.endObject()
}

/**
 * Writes a `Schema` table (fields, custom metadata, endianness) and returns its offset.
 *
 * @throws {InvalidArgumentError} a value that is not a Schema/Field, a parameter the format cannot hold,
 *   nesting deeper than 64 levels, or metadata that is not strings.
 * @internal
 */
export function writeSchemaTable(b: Builder, s: Schema, path: string): number {
  if (s === null || typeof s !== 'object' || !Array.isArray(s.fields)) throw new InvalidArgumentError(`${path} is not a Schema`)
  const endianness = s.endianness ?? Endianness.Little
  if (endianness !== Endianness.Little && endianness !== Endianness.Big) throw new InvalidArgumentError(`${path}: unknown endianness ${String(endianness)}`)
  const fields = s.fields.map((f, i) => writeField(b, f, 1, `${path}.fields[${i}]`))
  const fieldsAt = writeOffsetVector(b, fields)
  const metadataAt = writeCustomMetadata(b, s.metadata, `${path} metadata`)
  b.startObject(SchemaSlot.count)
  b.addFieldInt16(SchemaSlot.endianness, endianness, Endianness.Little)
  b.addFieldOffset(SchemaSlot.fields, fieldsAt, 0)
  if (metadataAt !== 0) b.addFieldOffset(SchemaSlot.customMetadata, metadataAt, 0)
  return b.endObject()
}

/**
 * Writes the flatbuffer of a Schema message (metadata V5 unless `options.version` says V4; body length 0):
 * the bytes that follow the continuation marker and length prefix of an encapsulated message, without
 * padding. Dictionary-encoded fields are written with their `DictionaryEncoding` (id, index type,
 * ordered); schema and field custom metadata and endianness are kept. O(total fields); one small copy of
 * the finished metadata out of the builder.
 *
 * @throws {InvalidArgumentError} a parameter the format cannot hold (a bit width, a unit, union ids outside
 *   0..127, a dictionary of a dictionary), nesting deeper than 64 levels, or a version other than V4/V5.
 *
 * @example
 * ```ts
 * import { field, int32, schema, utf8 } from '@lightstream/core'
 * const bytes = writeSchemaMessage(schema([field('id', int32(), false), field('name', utf8())]))
 * readMessage(bytes).header // { type: 'schema', schema: { fields: [...], ... } }
 * ```
 */
export function writeSchemaMessage(schema: Schema, options?: WriteMessageOptions): Uint8Array {
  const b = messageBuilder()
  const at = writeSchemaTable(b, schema, 'schema')
  return finishMessage(b, MessageHeaderId.Schema, at, 0, options).slice()
}

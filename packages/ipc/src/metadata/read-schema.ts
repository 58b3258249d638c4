import { Endianness, IpcFormatError, Type, UnsupportedFeatureError } from '@lightstream/core'
import type { DataType, Field, IntType, Schema } from '@lightstream/core'
import type { FbTable, FlatbufferReader } from './flatbuffer-reader'
import { DictionaryEncodingSlot, FieldSlot, MAX_FIELD_DEPTH, SchemaSlot } from './fbs-layout'
import { readCustomMetadata } from './custom-metadata'
import { readIntTable, readType } from './read-type'

const INT32: IntType = { typeId: Type.Int, bitWidth: 32, signed: true }

/**
 * Wraps a field's value type in a core Dictionary type when the field carries a `DictionaryEncoding`:
 * `id`, the index type (signed Int32 when absent) and `isOrdered`.
 */
function readDictionary(r: FlatbufferReader, t: FbTable, valueType: DataType, path: string): DataType {
  const id = r.int64(t, DictionaryEncodingSlot.id, 0, 'DictionaryEncoding.id')
  const indexTable = r.tableField(t, DictionaryEncodingSlot.indexType, 'DictionaryEncoding.indexType')
  const indices = indexTable === null ? INT32 : readIntTable(r, indexTable, path)
  const ordered = r.bool(t, DictionaryEncodingSlot.isOrdered, false, 'DictionaryEncoding.isOrdered')
  const kind = r.int16(t, DictionaryEncodingSlot.dictionaryKind, 0, 'DictionaryEncoding.dictionaryKind')
  if (kind !== 0) throw new UnsupportedFeatureError(`${path}: dictionary kind ${kind} is not supported (only DenseArray)`)
  return { typeId: Type.Dictionary, id, indices, dictionary: valueType, ordered }
}

/**
 * Decodes a `Field` table and, recursively, its children into a core {@link Field}. A dictionary-encoded
 * field becomes a field of `Dictionary` type whose `dictionary` is the flatbuffer's value type.
 * Recursion is capped at {@link MAX_FIELD_DEPTH} levels; the total work is bounded by the reader's budget.
 *
 * @param depth - 1 for a schema's top-level fields.
 * @throws {IpcFormatError} nesting deeper than 64 levels, or any malformed part of the field.
 * @throws {UnsupportedFeatureError} an unknown type id or dictionary kind, or an id beyond 2^53.
 * @internal
 */
export function readField(r: FlatbufferReader, t: FbTable, depth: number, path: string): Field {
  if (depth > MAX_FIELD_DEPTH) {
    throw new IpcFormatError(`Invalid IPC schema: ${path}: fields nest deeper than ${MAX_FIELD_DEPTH} levels`)
  }
  r.where = path
  const name = r.string(t, FieldSlot.name, 'Field.name') ?? ''
  const nullable = r.bool(t, FieldSlot.nullable, false, 'Field.nullable')
  const typeId = r.uint8(t, FieldSlot.typeType, Type.NONE, 'Field.type_type')
  const typeTable = r.tableField(t, FieldSlot.type, 'Field.type')

  const childVec = r.vector(t, FieldSlot.children, 4, 'Field.children')
  const children: Field[] = []
  if (childVec !== null) {
    for (let i = 0; i < childVec.length; i++) {
      const childPath = `${path}.children[${i}]`
      children.push(readField(r, r.tableAt(childVec, i, 'Field.children'), depth + 1, childPath))
    }
    r.where = path
  }

  let type = readType(r, typeId, typeTable, children, path)
  const dictionary = r.tableField(t, FieldSlot.dictionary, 'Field.dictionary')
  if (dictionary !== null) type = readDictionary(r, dictionary, type, path)
  const metadata = readCustomMetadata(r, t, FieldSlot.customMetadata, 'Field.custom_metadata')
  return { name, type, nullable, metadata }
}

function readFields(r: FlatbufferReader, t: FbTable, slot: number, path: string): Field[] {
  const v = r.vector(t, slot, 4, 'Schema.fields')
  const fields: Field[] = []
  if (v === null) return fields
  for (let i = 0; i < v.length; i++) {
    const fieldPath = `${path}.fields[${i}]`
    fields.push(readField(r, r.tableAt(v, i, 'Schema.fields'), 1, fieldPath))
  }
  return fields
}

/**
 * Decodes a `Schema` table into a core {@link Schema}: fields (recursively), custom metadata and
 * endianness. The `features` vector is bounds-checked and otherwise ignored: both features defined so far
 * (dictionary replacement, compressed bodies) are handled by the stream layer whatever the flag says.
 * O(total fields + metadata entries).
 *
 * @throws {IpcFormatError} an unknown endianness or any malformed field.
 * @throws {UnsupportedFeatureError} an unknown type id, or a 64-bit value beyond 2^53.
 * @internal
 */
export function readSchemaTable(r: FlatbufferReader, t: FbTable, path: string): Schema {
  r.where = path
  const endianness = r.int16(t, SchemaSlot.endianness, Endianness.Little, 'Schema.endianness')
  if (endianness !== Endianness.Little && endianness !== Endianness.Big) {
    throw new IpcFormatError(`Invalid IPC schema: ${path}: unknown endianness ${endianness}`)
  }
  const fields = readFields(r, t, SchemaSlot.fields, path)
  r.where = path
  const metadata = readCustomMetadata(r, t, SchemaSlot.customMetadata, 'Schema.custom_metadata')
  r.vector(t, SchemaSlot.features, 8, 'Schema.features')
  return { fields, metadata, endianness }
}

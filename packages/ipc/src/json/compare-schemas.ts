import { Type, typeEquals, typeToString } from '@lightstream/core'
import type { DataType, Field, Schema } from '@lightstream/core'
import type { CompareOptions } from './value-equals'
import { childFields } from '../format/buffer-layout'

/**
 * The first difference between two schemas, or null. Messages start with `schema` and name the field
 * path (e.g. `schema: field list_col.item: expected type Int32, actual Int64`). Compared: the field
 * count, then field by field (depth first) name, nullability, type and metadata. Types are compared
 * structurally with `typeEquals` semantics: dictionary ids are not compared (they name a dictionary
 * within one stream); index type and `ordered` are. Schema endianness is not compared (a reader
 * presents big-endian data in native order). O(size of the schemas).
 */
export function compareSchemas(expected: Schema, actual: Schema, options: CompareOptions = {}): string | null {
  const d = compareFieldLists(expected.fields, actual.fields, '', options)
  if (d !== null) return `schema: ${d}`
  if (options.metadata !== false) {
    const m = compareMetadata(expected.metadata, actual.metadata)
    if (m !== null) return `schema metadata: ${m}`
  }
  return null
}

function compareFieldLists(a: readonly Field[], b: readonly Field[], parent: string, options: CompareOptions): string | null {
  if (a.length !== b.length) {
    return `${parent === '' ? '' : `field ${parent}: `}expected ${a.length} ${parent === '' ? 'fields' : 'children'} (${names(a)}), actual ${b.length} (${names(b)})`
  }
  for (let k = 0; k < a.length; k++) {
    const d = compareFields(a[k]!, b[k]!, parent === '' ? fieldLabel(a[k]!, k) : `${parent}.${fieldLabel(a[k]!, k)}`, options)
    if (d !== null) return d
  }
  return null
}

function compareFields(a: Field, b: Field, path: string, options: CompareOptions): string | null {
  if (a.name !== b.name) return `field ${path}: expected name ${JSON.stringify(a.name)}, actual ${JSON.stringify(b.name)}`
  if (a.nullable !== b.nullable) return `field ${path}: expected nullable=${a.nullable}, actual nullable=${b.nullable}`
  const ca = childFieldsOf(a.type)
  const cb = childFieldsOf(b.type)
  if (a.type.typeId === b.type.typeId && ca.length === cb.length) {
    const d = compareFieldLists(ca, cb, path, options)
    if (d !== null) return d
  }
  if (!typeEquals(a.type, b.type)) return `field ${path}: expected type ${typeToString(a.type)}, actual ${typeToString(b.type)}`
  if (options.metadata !== false) {
    const m = compareMetadata(a.metadata, b.metadata)
    if (m !== null) return `field ${path} metadata: ${m}`
  }
  return null
}

/** The child fields of a type (a dictionary's are its value type's). */
function childFieldsOf(type: DataType): readonly Field[] {
  return childFields(type.typeId === Type.Dictionary ? type.dictionary : type)
}

/**
 * The first difference between two metadata maps (order-insensitive), or null.
 */
export function compareMetadata(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): string | null {
  for (const [key, value] of a) {
    if (!b.has(key)) return `expected key ${JSON.stringify(key)} (= ${JSON.stringify(value)}) is missing`
    if (b.get(key) !== value) return `key ${JSON.stringify(key)}: expected ${JSON.stringify(value)}, actual ${JSON.stringify(b.get(key))}`
  }
  for (const [key, value] of b) if (!a.has(key)) return `unexpected key ${JSON.stringify(key)} (= ${JSON.stringify(value)})`
  return null
}

/** A field's name for messages; empty names show as their position. */
export function fieldLabel(f: Field, index: number): string {
  return f.name === '' ? `[${index}]` : f.name
}

function names(fields: readonly Field[]): string {
  return fields.map((f) => JSON.stringify(f.name)).join(', ')
}

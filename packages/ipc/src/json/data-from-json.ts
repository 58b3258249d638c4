import { Data, InvalidDataError, Type, UnionMode } from '@lightstream/core'
import type { DataType, Field } from '@lightstream/core'
import { arrayOf, asObject, integerOf, type JsonPath } from './json-access'
import { intsFromJson, validityFromJson } from './json-buffers'
import { flatDataFromJson } from './flat-data-from-json'
import type { JsonValue } from './parse-json-lossless'

/**
 * Data of any type from one integration JSON column `{name, count, VALIDITY?, DATA?, OFFSET?, SIZE?,
 * TYPE_ID?, VIEWS?, VARIADIC_DATA_BUFFERS?, children?}`. Nested types recurse into `children` (one
 * per child field, in order); dictionary-encoded columns hold the indices and take their dictionary
 * from {@link JsonDictionaries}. The largest row count accepted per column is 2^31 - 1.
 */

/** Resolves a dictionary id to its values (built on demand, so nested dictionaries work in any order). */
export interface JsonDictionaries {
  /** @throws InvalidDataError when the document has no dictionary `id`. */
  get(id: number, path: JsonPath): Data
}

/** Largest `count` accepted for one column. */
export const MAX_JSON_COLUMN_LENGTH = 2147483647

/**
 * Build the Data of `type` from `column`. O(values); every buffer is sized from the JSON arrays, so
 * allocation never exceeds what the text holds.
 * @throws InvalidDataError naming `path` for a malformed column or a value that does not fit its type.
 */
export function dataFromJson(type: DataType, column: JsonValue, path: JsonPath, dictionaries: JsonDictionaries): Data {
  const col = asObject(column, path, 'a column')
  const count = integerOf(col, 'count', path, 0, MAX_JSON_COLUMN_LENGTH)
  const hasValidity = type.typeId !== Type.Union && type.typeId !== Type.RunEndEncoded && type.typeId !== Type.Null
  const validity = hasValidity ? validityFromJson(col['VALIDITY'], count, path) : { bitmap: null, nullCount: 0 }
  const flat = flatDataFromJson(type, col, count, validity, path)
  if (flat !== undefined) return flat
  const base = { type, length: count, nullCount: validity.nullCount, validity: validity.bitmap }
  const childColumns = (fields: readonly Field[]): Data[] => {
    const cols = col['children'] === undefined && fields.length === 0 ? [] : arrayOf(col, 'children', path, fields.length)
    return fields.map((f, k) => dataFromJson(f.type, cols[k]!, childPath(path, type, f), dictionaries))
  }
  const offsets = (key: 'OFFSET' | 'SIZE', large: boolean, entries: number): Int32Array | BigInt64Array => {
    // A zero-length list may list no offsets at all.
    const raw = count === 0 && key === 'OFFSET' && (col[key] === undefined || (Array.isArray(col[key]) && col[key].length === 0)) ? [0] : arrayOf(col, key, path, entries)
    return intsFromJson(raw, large ? 64 : 32, true, path, key === 'SIZE' ? 'size' : 'offset') as Int32Array | BigInt64Array
  }
  switch (type.typeId) {
    case Type.List:
    case Type.Map:
    case Type.LargeList:
      return new Data({ ...base, offsets: offsets('OFFSET', type.typeId === Type.LargeList, count + 1), children: childColumns([type.child]) })
    case Type.ListView:
    case Type.LargeListView: {
      const large = type.typeId === Type.LargeListView
      return new Data({ ...base, offsets: offsets('OFFSET', large, count), sizes: offsets('SIZE', large, count), children: childColumns([type.child]) })
    }
    case Type.FixedSizeList:
      return new Data({ ...base, children: childColumns([type.child]) })
    case Type.Struct:
      return new Data({ ...base, children: childColumns(type.children) })
    case Type.Union: {
      const typeIds = intsFromJson(arrayOf(col, 'TYPE_ID', path, count), 8, true, path, 'type id') as Int8Array
      const valueOffsets = type.mode === UnionMode.Dense ? (intsFromJson(arrayOf(col, 'OFFSET', path, count), 32, true, path, 'offset') as Int32Array) : null
      return new Data({ type, length: count, typeIds, valueOffsets, children: childColumns(type.children) })
    }
    case Type.RunEndEncoded:
      return new Data({ type, length: count, children: childColumns([type.runEnds, type.values]) })
    case Type.Dictionary: {
      const indices = flatDataFromJson(type.indices, col, count, validity, path)!
      return new Data({ ...base, values: indices.values ?? null, dictionary: dictionaries.get(type.id, path) })
    }
    default:
      throw new InvalidDataError(`cannot build data of type id ${String((type as DataType).typeId)} from JSON`, path)
  }
}

/** Path of a child for messages, in the style of `validate`: `list[]`, `struct.x`, `map{}.key`. */
function childPath(path: JsonPath, parent: DataType, child: Field): JsonPath {
  switch (parent.typeId) {
    case Type.List:
    case Type.LargeList:
    case Type.ListView:
    case Type.LargeListView:
    case Type.FixedSizeList: return `${path}[]`
    case Type.Map: return `${path}{}`
    default: return `${path}.${child.name === '' ? '""' : child.name}`
  }
}

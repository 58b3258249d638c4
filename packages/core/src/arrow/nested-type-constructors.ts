import { InvalidArgumentError } from '../errors'
import type {
  DataType, DictionaryType, FixedSizeListType, IntType, LargeListType, LargeListViewType, ListType, ListViewType, MapType,
  RunEndEncodedType, StructType, UnionType,
} from './data-type'
import { asField, field, isField, type Field } from './field'
import { int32 } from './type-constructors'
import { Type, UnionMode } from './type'

/**
 * Constructor functions for nested types. A child may be given as a Field or as a bare DataType, which
 * gets the conventional name: "item" for lists, "entries" with "key"/"value" for maps, "run_ends" and
 * "values" for run-end encoding. O(children).
 */

/** A list with 32-bit offsets. */
export const list = (child: Field | DataType): ListType => ({ typeId: Type.List, child: asField(child, 'item') })
/** A list with 64-bit offsets. */
export const largeList = (child: Field | DataType): LargeListType => ({ typeId: Type.LargeList, child: asField(child, 'item') })
/** A list view with 32-bit offsets and sizes. */
export const listView = (child: Field | DataType): ListViewType => ({ typeId: Type.ListView, child: asField(child, 'item') })
/** A list view with 64-bit offsets and sizes. */
export const largeListView = (child: Field | DataType): LargeListViewType => ({ typeId: Type.LargeListView, child: asField(child, 'item') })

/**
 * A list of exactly `listSize` values per slot.
 * @throws InvalidArgumentError when `listSize` is not a non-negative integer.
 */
export function fixedSizeList(child: Field | DataType, listSize: number): FixedSizeListType {
  if (!Number.isInteger(listSize) || listSize < 0) throw new InvalidArgumentError(`fixed-size list size must be a non-negative integer, got ${listSize}`)
  return { typeId: Type.FixedSizeList, listSize, child: asField(child, 'item') }
}

/**
 * A struct of the given fields (an array of Field, or a record of name → Field | DataType).
 * @throws InvalidArgumentError when an array element is not a Field.
 */
export function struct(fields: readonly Field[] | Readonly<Record<string, Field | DataType>>): StructType {
  if (Array.isArray(fields)) {
    for (const f of fields) if (!isField(f)) throw new InvalidArgumentError('struct children must be Fields')
    return { typeId: Type.Struct, children: fields }
  }
  return { typeId: Type.Struct, children: Object.entries(fields).map(([name, t]) => (isField(t) ? t : field(name, t))) }
}

/**
 * A map from keys to values: a list of non-null "entries" structs with a non-null "key" and a "value".
 * O(1).
 */
export function map(key: Field | DataType, value: Field | DataType, keysSorted = false): MapType {
  const entries = struct([asField(key, 'key', false), asField(value, 'value')])
  return { typeId: Type.Map, keysSorted, child: field('entries', entries, false) }
}

/**
 * A union of the children; `typeIds` defaults to 0..n-1.
 * @throws InvalidArgumentError for an unknown mode, or typeIds that do not match the children or leave 0..127.
 */
export function union(mode: UnionMode, children: readonly (Field | DataType)[], typeIds?: readonly number[]): UnionType {
  if (mode !== UnionMode.Sparse && mode !== UnionMode.Dense) throw new InvalidArgumentError(`unknown union mode ${String(mode)}`)
  const fields = children.map((c, i) => asField(c, String(i)))
  const ids = typeIds ?? fields.map((_, i) => i)
  if (ids.length !== fields.length) throw new InvalidArgumentError(`union has ${fields.length} children but ${ids.length} type ids`)
  const seen = new Set<number>()
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id > 127 || seen.has(id)) throw new InvalidArgumentError(`union type ids must be distinct integers in 0..127, got ${ids.join(',')}`)
    seen.add(id)
  }
  return { typeId: Type.Union, mode, typeIds: ids, children: fields }
}

/**
 * Run-end encoding of `valuesType` with run ends of `runEndsType` (Int16, Int32 or Int64, signed).
 * @throws InvalidArgumentError for any other run-ends type.
 */
export function runEndEncoded(runEndsType: Field | DataType, valuesType: Field | DataType): RunEndEncodedType {
  const runEnds = asField(runEndsType, 'run_ends', false)
  const t = runEnds.type
  if (t.typeId !== Type.Int || !t.signed || t.bitWidth === 8) throw new InvalidArgumentError('run ends must be Int16, Int32 or Int64')
  return { typeId: Type.RunEndEncoded, runEnds, values: asField(valuesType, 'values') }
}

let nextDictionaryId = 0

/**
 * Dictionary encoding of `valueType` with integer `indexType` indices (default Int32).
 * @param id defaults to a process-wide counter, so every call gets a distinct id.
 * @throws InvalidArgumentError when `indexType` is not an integer type.
 */
export function dictionary(valueType: DataType, indexType: IntType = int32(), id?: number, ordered = false): DictionaryType {
  if (indexType?.typeId !== Type.Int) throw new InvalidArgumentError('dictionary indices must be an integer type')
  return { typeId: Type.Dictionary, id: id ?? nextDictionaryId++, indices: indexType, dictionary: valueType, ordered }
}

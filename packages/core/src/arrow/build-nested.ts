import { buildData } from './build-data'
import type { BuildContext } from './builder-context'
import { Data } from './data'
import type { FixedSizeListType, ListType, MapType, StructType, DataType } from './data-type'
import { Type } from './type'
import { typeToString } from './type-to-string'

/**
 * Builders of lists (all layouts), fixed-size lists, structs and maps: the parent's offsets and validity
 * are built here and the flattened child values go through `buildData` recursively.
 */

/** An array of `n` nulls, grown by push (a large `new Array(n)` is a slow, holey array). */
export function nulls(n: number): unknown[] {
  const out: unknown[] = []
  for (let i = 0; i < n; i++) out.push(null)
  return out
}

/** True for arrays and typed arrays (but not strings): the accepted list values. */
export function isListValue(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))
}

/** List, LargeList, ListView, LargeListView from arrays (or typed arrays) of child values. */
export function buildList(type: DataType & { child: ListType['child'] }, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const { validity, nullCount } = ctx.validity(values)
  const flat: unknown[] = []
  const large = type.typeId === Type.LargeList || type.typeId === Type.LargeListView
  const view = type.typeId === Type.ListView || type.typeId === Type.LargeListView
  const words = large ? 2 : 1
  const offsets = ctx.alloc(Int32Array, words * (view ? n : n + 1))
  const sizes = view ? ctx.alloc(Int32Array, words * n) : undefined
  for (let i = 0; i < n; i++) {
    const v = values[i]
    const start = flat.length
    if (v != null) {
      if (!isListValue(v)) throw ctx.invalid(i, typeToString(type), v)
      for (let k = 0; k < v.length; k++) flat.push(v[k])
    }
    // Offsets and sizes stay below 2^31 here (a builder column is limited to 2^31 - 1 child values).
    if (view) {
      offsets[words * i] = start
      sizes![words * i] = flat.length - start
    } else offsets[words * (i + 1)] = flat.length
  }
  const child = buildData(type.child.type, flat, ctx.child('[]'))
  const asOffsets = (a: Int32Array): Int32Array | BigInt64Array => (large ? new BigInt64Array(a.buffer, a.byteOffset, a.length / 2) : a)
  return new Data({ type, length: n, nullCount, validity, offsets: asOffsets(offsets), sizes: sizes && asOffsets(sizes), children: [child] })
}

/** FixedSizeList from arrays of exactly `listSize` values; a null slot holds `listSize` null children. */
export function buildFixedSizeList(type: FixedSizeListType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const size = type.listSize
  const { validity, nullCount } = ctx.validity(values)
  const flat = nulls(n * size)
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v == null) continue
    if (!isListValue(v) || v.length !== size) throw ctx.invalid(i, typeToString(type), v)
    for (let k = 0; k < size; k++) flat[i * size + k] = v[k]
  }
  return new Data({ type, length: n, nullCount, validity, children: [buildData(type.child.type, flat, ctx.child('[]'))] })
}

/** Struct from plain objects; a missing key or a null row gives a null child value. */
export function buildStruct(type: StructType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const { validity, nullCount } = ctx.validity(values)
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v != null && (typeof v !== 'object' || isListValue(v))) throw ctx.invalid(i, typeToString(type), v)
  }
  const children = type.children.map((f) => {
    const column: unknown[] = []
    for (let i = 0; i < n; i++) {
      const v = values[i] as Record<string, unknown> | null | undefined
      column.push(v == null ? null : Object.prototype.hasOwnProperty.call(v, f.name) ? v[f.name] : null)
    }
    return buildData(f.type, column, ctx.child(`.${f.name}`))
  })
  return new Data({ type, length: n, nullCount, validity, children })
}

/** The entries of a map value: a Map, an array of `[key, value]` pairs, or a plain object. */
function entriesOf(v: unknown): [unknown, unknown][] | undefined {
  if (v instanceof Map) return [...v.entries()]
  if (Array.isArray(v)) return v.every((e) => Array.isArray(e) && e.length === 2) ? (v as [unknown, unknown][]) : undefined
  if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) return Object.entries(v)
  return undefined
}

/** Map from Maps, arrays of `[key, value]` entries, or plain objects. Keys must not be null. */
export function buildMap(type: MapType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const { validity, nullCount } = ctx.validity(values)
  const entriesType = type.child.type as StructType
  const keys: unknown[] = []
  const items: unknown[] = []
  const offsets = ctx.alloc(Int32Array, n + 1)
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v != null) {
      const entries = entriesOf(v)
      if (entries === undefined) throw ctx.invalid(i, typeToString(type), v)
      for (const [key, item] of entries) {
        if (key == null) throw ctx.invalid(i, `${typeToString(type)} (null key)`, v)
        keys.push(key)
        items.push(item)
      }
    }
    offsets[i + 1] = keys.length
  }
  const [keyField, valueField] = entriesType.children
  if (keyField === undefined || valueField === undefined) throw ctx.error('a map entries struct needs a key and a value field')
  const entries = new Data({
    type: entriesType,
    length: keys.length,
    children: [buildData(keyField.type, keys, ctx.child('.key')), buildData(valueField.type, items, ctx.child('.value'))],
  })
  return new Data({ type, length: n, nullCount, validity, offsets, children: [entries] })
}

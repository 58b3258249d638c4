import { buildData } from './build-data'
import { isListValue, nulls } from './build-nested'
import type { BuildContext } from './builder-context'
import { Data } from './data'
import type { DataType, DictionaryType, RunEndEncodedType, UnionType } from './data-type'
import { IntervalUnit, Type, UnionMode } from './type'
import { typeToString } from './type-to-string'

/**
 * Builders of the encoded layouts: unions (sparse and dense), run-end encoding and dictionaries.
 */

/** Whether a value is of the JavaScript kind a type is built from (no range checks). O(1). */
export function acceptsValue(type: DataType, v: unknown): boolean {
  if (v == null) return true
  switch (type.typeId) {
    case Type.Null: return false
    case Type.Bool: return typeof v === 'boolean'
    case Type.Int: return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))
    case Type.Float: return typeof v === 'number'
    case Type.Decimal: return typeof v === 'bigint' || typeof v === 'string'
    case Type.Utf8: case Type.LargeUtf8: case Type.Utf8View: return typeof v === 'string'
    case Type.Binary: case Type.LargeBinary: case Type.BinaryView: return v instanceof Uint8Array
    case Type.FixedSizeBinary: return v instanceof Uint8Array && v.length === type.byteWidth
    case Type.Date: case Type.Timestamp: return v instanceof Date || typeof v === 'number'
    case Type.Time: case Type.Duration: return typeof v === 'number' || typeof v === 'bigint'
    case Type.Interval: return type.unit === IntervalUnit.YEAR_MONTH ? typeof v === 'number' : typeof v === 'object'
    case Type.List: case Type.LargeList: case Type.ListView: case Type.LargeListView: return isListValue(v)
    case Type.FixedSizeList: return isListValue(v) && v.length === type.listSize
    case Type.Struct: return typeof v === 'object' && !isListValue(v) && !(v instanceof Map) && !(v instanceof Date)
    case Type.Map: return v instanceof Map || Array.isArray(v)
    case Type.Union: return type.children.some((f) => acceptsValue(f.type, v))
    case Type.RunEndEncoded: return acceptsValue(type.values.type, v)
    case Type.Dictionary: return acceptsValue(type.dictionary, v)
    default: return false
  }
}

/**
 * Union: each value goes to the child chosen by `options.unionTypeId(value, index)` (a type code) or,
 * by default, the first child whose type accepts it; null goes to the first child as a null. Sparse
 * children get every slot (null where not selected); dense children get only their values.
 */
export function buildUnion(type: UnionType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const k = type.children.length
  if (k === 0) throw ctx.error('a union needs at least one child')
  const choose = ctx.options.unionTypeId
  const typeIds = ctx.alloc(Int8Array, n)
  const dense = type.mode === UnionMode.Dense
  const valueOffsets = dense ? ctx.alloc(Int32Array, n) : undefined
  const columns = type.children.map(() => (dense ? [] : nulls(n)))
  for (let i = 0; i < n; i++) {
    const v = values[i]
    let child: number
    if (choose !== undefined && v != null) {
      const code = choose(v, i)
      child = type.typeIds.indexOf(code)
      if (child < 0) throw ctx.error(`unionTypeId returned ${String(code)} for index ${i}, not one of ${type.typeIds.join(', ')}`)
    } else {
      child = v == null ? 0 : type.children.findIndex((f) => acceptsValue(f.type, v))
      if (child < 0) throw ctx.invalid(i, typeToString(type), v)
    }
    typeIds[i] = type.typeIds[child]!
    const column = columns[child]!
    if (dense) {
      valueOffsets![i] = column.length
      column.push(v ?? null)
    } else column[i] = v ?? null
  }
  const children = type.children.map((f, c) => buildData(f.type, columns[c]!, ctx.child(`.${f.name}`)))
  return new Data({ type, length: n, typeIds, valueOffsets, children })
}

/** Equality of consecutive values for run detection: same primitive, same Date time, or same object. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (a == null && b == null) return true
  return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
}

/** Run-end encoding: consecutive equal values form one run. */
export function buildRunEndEncoded(type: RunEndEncodedType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const ends: number[] = []
  const runValues: unknown[] = []
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (i > 0 && sameValue(v, values[i - 1])) ends[ends.length - 1] = i + 1
    else {
      ends.push(i + 1)
      runValues.push(v ?? null)
    }
  }
  const endsType = type.runEnds.type
  if (endsType.typeId === Type.Int && endsType.bitWidth === 16 && n > 32767) throw ctx.error(`${n} slots do not fit Int16 run ends`)
  const endValues = endsType.typeId === Type.Int && endsType.bitWidth === 64 ? ends.map((e) => BigInt(e)) : ends
  const runEnds = buildData(endsType, endValues, ctx.child('.run_ends'))
  return new Data({ type, length: n, children: [runEnds, buildData(type.values.type, runValues, ctx.child('.values'))] })
}

/**
 * Dictionary encoding: distinct values (primitives by value, Dates by time, other objects by identity)
 * in order of first appearance form the dictionary; slots hold their indices.
 */
export function buildDictionary(type: DictionaryType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const seen = new Map<unknown, number>()
  const dates = new Map<number, number>()
  const distinct: unknown[] = []
  const indices: (number | null)[] = []
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v == null) {
      indices.push(null)
      continue
    }
    const map = v instanceof Date ? dates : seen
    const key = v instanceof Date ? v.getTime() : v
    let index = (map as Map<unknown, number>).get(key)
    if (index === undefined) {
      index = distinct.length
      ;(map as Map<unknown, number>).set(key, index)
      distinct.push(v)
    }
    indices.push(index)
  }
  const dictionary = buildData(type.dictionary, distinct, ctx.child('.dictionary'))
  const wide = type.indices.bitWidth === 64
  const built = buildData(type.indices, wide ? indices.map((x) => (x === null ? null : BigInt(x))) : indices, ctx)
  return new Data({ type, length: n, nullCount: built.nullCount, validity: built.validity ?? null, values: built.values ?? null, dictionary })
}

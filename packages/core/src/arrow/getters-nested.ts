import { InvalidDataError } from '../errors'
import { EMPTY_INT32, need, needChild, readInt64, wordsOf } from './buffer-views'
import type { Data } from './data'
import type { FixedSizeListType, StructType } from './data-type'
import type { RawGetter, ValueGetter } from './value-getter'
import { Type } from './type'
import type { ValueOptions } from './value-options'

/**
 * Physical-slot readers for lists (all four offset layouts and fixed-size), structs and maps. Child
 * getters are resolved once when the parent's getter is built; a read allocates only the value it
 * returns (an array, an object, a Map).
 */

/**
 * Reads `count` child values starting at child slot `start` into a new array.
 * @throws InvalidDataError when the range leaves the child (corrupt offsets never allocate unboundedly).
 */
function collect(child: ValueGetter, start: number, count: number, limit: number): unknown[] {
  if (!(start >= 0 && count >= 0 && start + count <= limit)) throw new InvalidDataError(`list range [${start}, ${start + count}) is outside its child of length ${limit}`)
  const out = new Array<unknown>(count)
  for (let k = 0; k < count; k++) out[k] = child(start + k)
  return out
}

/** List, LargeList, ListView, LargeListView, FixedSizeList → array of child values. */
export function listGetter(data: Data, options: ValueOptions): RawGetter {
  const childData = needChild(data, 0)
  const child = childData.getter(options)
  const n = childData.length
  switch (data.type.typeId) {
    case Type.FixedSizeList: {
      const size = (data.type as FixedSizeListType).listSize
      return (j) => collect(child, j * size, size, n)
    }
    case Type.LargeList: {
      const words = wordsOf(need(data.offsets, 'offsets', data, EMPTY_INT32))
      return (j) => {
        const start = readInt64(words, j)
        return collect(child, start, readInt64(words, j + 1) - start, n)
      }
    }
    case Type.ListView: {
      const offsets = need(data.offsets, 'offsets', data, EMPTY_INT32) as Int32Array
      const sizes = need(data.sizes, 'sizes', data, EMPTY_INT32) as Int32Array
      return (j) => collect(child, offsets[j]!, sizes[j]!, n)
    }
    case Type.LargeListView: {
      const offsets = wordsOf(need(data.offsets, 'offsets', data, EMPTY_INT32))
      const sizes = wordsOf(need(data.sizes, 'sizes', data, EMPTY_INT32))
      return (j) => collect(child, readInt64(offsets, j), readInt64(sizes, j), n)
    }
    default: {
      const offsets = need(data.offsets, 'offsets', data, EMPTY_INT32) as Int32Array
      return (j) => {
        const start = offsets[j]!
        return collect(child, start, offsets[j + 1]! - start, n)
      }
    }
  }
}

/**
 * Struct → plain object `{ name: value }` in field order. With duplicate names the last field wins.
 * Children are read at the parent's physical slot (a struct's offset applies to its children).
 */
export function structGetter(data: Data, options: ValueOptions): RawGetter {
  const fields = (data.type as StructType).children
  const names = fields.map((f) => f.name)
  const getters = fields.map((_, k) => needChild(data, k).getter(options))
  const n = names.length
  if (names.includes('__proto__')) {
    // Assignment would set the prototype; define the property instead.
    return (j) => {
      const row: Record<string, unknown> = {}
      for (let k = 0; k < n; k++) Object.defineProperty(row, names[k]!, { value: getters[k]!(j), enumerable: true, writable: true, configurable: true })
      return row
    }
  }
  return (j) => {
    const row: Record<string, unknown> = {}
    for (let k = 0; k < n; k++) row[names[k]!] = getters[k]!(j)
    return row
  }
}

/** Map → array of `[key, value]` entries, or a Map with `useMap` (a later duplicate key wins). */
export function mapGetter(data: Data, options: ValueOptions): RawGetter {
  const entries = needChild(data, 0)
  const keys = needChild(entries, 0).getter(options)
  const values = needChild(entries, 1).getter(options)
  // The entries struct's own offset applies to its children.
  const base = entries.offset
  const offsets = need(data.offsets, 'offsets', data, EMPTY_INT32) as Int32Array
  const limit = entries.length
  const check = (j: number): void => {
    const s = offsets[j]!
    const e = offsets[j + 1]!
    if (!(s >= 0 && e >= s && e <= limit)) throw new InvalidDataError(`map range [${s}, ${e}) is outside its entries of length ${limit}`)
  }
  if (options.useMap) {
    return (j) => {
      check(j)
      const m = new Map<unknown, unknown>()
      for (let k = base + offsets[j]!, end = base + offsets[j + 1]!; k < end; k++) m.set(keys(k), values(k))
      return m
    }
  }
  return (j) => {
    check(j)
    const start = base + offsets[j]!
    const count = offsets[j + 1]! - offsets[j]!
    const out = new Array<[unknown, unknown]>(count)
    for (let k = 0; k < count; k++) out[k] = [keys(start + k), values(start + k)]
    return out
  }
}

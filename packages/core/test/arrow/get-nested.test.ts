import { describe, expect, it } from 'vitest'
import { Data, field, fixedSizeList, int32, int64, largeList, largeListView, list, listView, map, struct, utf8 } from '@lightstream/core'
import { bitmap, i32, i64, strings, values } from './le'

const ints = (...v: number[]) => new Data({ type: int32(), length: v.length, values: i32(...v) })

describe('lists', () => {
  it('read List with nulls, empty lists and a sliced parent', () => {
    const child = new Data({ type: int32(), length: 6, validity: bitmap(1, 1, 1, 0, 1, 1), values: i32(1, 2, 3, 0, 5, 6) })
    const d = new Data({ type: list(int32()), length: 4, validity: bitmap(1, 0, 1, 1), offsets: i32(0, 2, 2, 2, 6), children: [child] })
    expect(values(d)).toEqual([[1, 2], null, [], [3, null, 5, 6]])
    expect(values(d.slice(2))).toEqual([[], [3, null, 5, 6]])
  })

  it('read into a sliced child (child offsets are logical)', () => {
    const child = ints(100, 1, 2, 3).slice(1)
    const d = new Data({ type: list(int32()), length: 2, offsets: i32(0, 1, 3), children: [child] })
    expect(values(d)).toEqual([[1], [2, 3]])
  })

  it('read LargeList with 64-bit offsets', () => {
    const d = new Data({ type: largeList(int32()), length: 2, offsets: i64(0, 3, 4), children: [ints(1, 2, 3, 4)] })
    expect(values(d)).toEqual([[1, 2, 3], [4]])
  })

  it('read ListView with out-of-order and overlapping ranges', () => {
    const d = new Data({
      type: listView(int32()), length: 4, validity: bitmap(1, 1, 0, 1),
      offsets: i32(3, 0, 99, 1), sizes: i32(2, 3, 99, 0), children: [ints(10, 11, 12, 13, 14)],
    })
    expect(values(d)).toEqual([[13, 14], [10, 11, 12], null, []])
    expect(values(d.slice(1, 1))).toEqual([[10, 11, 12]])
  })

  it('read LargeListView with 64-bit offsets and sizes', () => {
    const d = new Data({ type: largeListView(int64()), length: 2, offsets: i64(1, 0), sizes: i64(1, 2),
      children: [new Data({ type: int64(), length: 2, values: i64(5, 6) })] })
    expect(values(d, { useBigInt: true })).toEqual([[6n], [5n, 6n]])
  })

  it('read FixedSizeList through the parent offset', () => {
    const d = new Data({ type: fixedSizeList(int32(), 2), length: 3, validity: bitmap(1, 0, 1), children: [ints(1, 2, 3, 4, 5, 6)] })
    expect(values(d)).toEqual([[1, 2], null, [5, 6]])
    expect(values(d.slice(1))).toEqual([null, [5, 6]])
  })
})

describe('structs', () => {
  it('read plain objects; a sliced struct reads its children at the parent offset', () => {
    const s = strings('a', 'b', 'c')
    const names = new Data({ type: utf8(), length: 3, values: s.data, offsets: s.offsets })
    const d = new Data({ type: struct({ id: int32(), name: utf8() }), length: 3, validity: bitmap(1, 1, 0), children: [ints(1, 2, 3), names] })
    expect(values(d)).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }, null])
    expect(values(d.slice(1, 1))).toEqual([{ id: 2, name: 'b' }])
  })

  it('let the last of duplicate names win and keep __proto__ as a plain key', () => {
    const dup = new Data({ type: struct([field('a', int32()), field('a', int32())]), length: 1, children: [ints(1), ints(2)] })
    expect(dup.get(0)).toEqual({ a: 2 })
    const proto = new Data({ type: struct([field('__proto__', int32())]), length: 1, children: [ints(7)] })
    const row = proto.get(0) as Record<string, unknown>
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe(7)
  })
})

describe('maps', () => {
  const s = strings('k1', 'k2', 'k3', 'k1')
  const keys = new Data({ type: utf8(), length: 4, values: s.data, offsets: s.offsets })
  const items = new Data({ type: int32(), length: 4, validity: bitmap(1, 0, 1, 1), values: i32(1, 0, 3, 4) })
  const type = map(utf8(), int32())
  const entries = new Data({ type: type.child.type, length: 4, children: [keys, items] })
  const d = new Data({ type, length: 3, validity: bitmap(1, 0, 1), offsets: i32(0, 2, 2, 4), children: [entries] })

  it('read as arrays of [key, value] entries by default', () => {
    expect(values(d)).toEqual([[['k1', 1], ['k2', null]], null, [['k3', 3], ['k1', 4]]])
  })

  it('read as Map with useMap', () => {
    expect(values(d, { useMap: true })).toEqual([new Map<string, number | null>([['k1', 1], ['k2', null]]), null, new Map([['k3', 3], ['k1', 4]])])
  })

  it('respect the entries struct offset', () => {
    const sliced = new Data({ type, length: 1, offsets: i32(0, 2), children: [entries.slice(2)] })
    expect(sliced.get(0)).toEqual([['k3', 3], ['k1', 4]])
  })
})

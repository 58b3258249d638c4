import { describe, expect, it } from 'vitest'
import { Data, InvalidDataError, UnionMode, dictionary, field, int16, int32, int64, int8, runEndEncoded, union, utf8 } from '@lightstream/core'
import { bitmap, i16, i32, i64, i8, strings, values } from './le'

const ints = (...v: (number | null)[]) =>
  new Data({ type: int32(), length: v.length, validity: bitmap(...v.map((x) => x !== null)), values: i32(...v.map((x) => x ?? 0)) })
const strs = (...v: string[]) => {
  const s = strings(...v)
  return new Data({ type: utf8(), length: v.length, values: s.data, offsets: s.offsets })
}

describe('unions', () => {
  it('read sparse unions at the same slot of the selected child, with child nulls', () => {
    const type = union(UnionMode.Sparse, [field('i', int32()), field('s', utf8())], [3, 8])
    const d = new Data({ type, length: 4, typeIds: i8(3, 8, 3, 8), children: [ints(1, 0, null, 0), strs('', 'b', '', 'd')] })
    expect(values(d)).toEqual([1, 'b', null, 'd'])
    expect(values(d.slice(1, 2))).toEqual(['b', null])
    expect(d.nullCount).toBe(0)
  })

  it('read dense unions through value offsets', () => {
    const type = union(UnionMode.Dense, [int32(), utf8()], [0, 1])
    const d = new Data({ type, length: 5, typeIds: i8(0, 1, 0, 1, 0), valueOffsets: i32(0, 0, 1, 1, 2), children: [ints(10, 20, null), strs('x', 'y')] })
    expect(values(d)).toEqual([10, 'x', 20, 'y', null])
    expect(values(d.slice(3))).toEqual(['y', null])
  })

  it('read an undeclared type code as null (validate reports it)', () => {
    const d = new Data({ type: union(UnionMode.Sparse, [int32()], [0]), length: 1, typeIds: i8(5), children: [ints(1)] })
    expect(d.get(0)).toBeNull()
  })
})

describe('run-end encoding', () => {
  const runValues = strs('a', 'b', 'c')
  it.each([
    ['Int16', int16(), i16(2, 3, 6)],
    ['Int32', int32(), i32(2, 3, 6)],
    ['Int64', int64(), i64(2, 3, 6)],
  ])('find the run of each slot with %s run ends, sequentially and at random', (_, endsType, endsBytes) => {
    const ends = new Data({ type: endsType, length: 3, values: endsBytes })
    const d = new Data({ type: runEndEncoded(endsType, utf8()), length: 6, children: [ends, runValues] })
    expect(values(d)).toEqual(['a', 'a', 'b', 'c', 'c', 'c'])
    expect([d.get(5), d.get(0), d.get(3), d.get(2), d.get(1)]).toEqual(['c', 'a', 'c', 'b', 'a'])
    expect(values(d.slice(1, 3))).toEqual(['a', 'b', 'c'])
  })

  it('read null runs from the values child', () => {
    const ends = new Data({ type: int32(), length: 2, values: i32(1, 3) })
    const d = new Data({ type: runEndEncoded(int32(), int32()), length: 3, children: [ends, ints(null, 7)] })
    expect(values(d)).toEqual([null, 7, 7])
  })
})

describe('dictionaries', () => {
  const dict = strs('red', 'green', 'blue')
  it('read the dictionary value at each index, with nulls and slices', () => {
    const d = new Data({ type: dictionary(utf8(), int32()), length: 5, validity: bitmap(1, 1, 0, 1, 1), values: i32(2, 0, 9, 1, 2), dictionary: dict })
    expect(values(d)).toEqual(['blue', 'red', null, 'green', 'blue'])
    expect(values(d.slice(3))).toEqual(['green', 'blue'])
  })
  it('read 8-bit and 64-bit indices', () => {
    expect(values(new Data({ type: dictionary(utf8(), int8()), length: 2, values: i8(1, 0), dictionary: dict }))).toEqual(['green', 'red'])
    const wide = new Data({ type: dictionary(utf8(), int64()), length: 2, values: i64(2, 1), dictionary: dict })
    expect(values(wide, { useBigInt: true })).toEqual(['blue', 'green'])
  })
  it('report a missing dictionary as InvalidDataError', () => {
    const d = new Data({ type: dictionary(utf8(), int32()), length: 1, values: i32(0) })
    expect(() => d.get(0)).toThrow(InvalidDataError)
  })
})

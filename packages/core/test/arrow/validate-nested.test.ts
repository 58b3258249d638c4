import { describe, it } from 'vitest'
import {
  Data, UnionMode, columnFromArray, dictionary, field, fixedSizeList, int16, int32, int64, int8, largeList, list, listView, map, runEndEncoded,
  struct, uint32, union, utf8,
} from '@lightstream/core'
import { bitmap, i16, i32, i64, i8, strings } from './le'
import { expectInvalid, expectValid } from './validate-helpers'

const ints = (...v: number[]) => new Data({ type: int32(), length: v.length, values: i32(...v) })
const strs = (...v: string[]) => {
  const s = strings(...v)
  return new Data({ type: utf8(), length: v.length, values: s.data, offsets: s.offsets })
}

describe('validate: lists', () => {
  it('passes valid lists', () => {
    expectValid(new Data({ type: list(int32()), length: 2, offsets: i32(0, 1, 3), children: [ints(1, 2, 3)] }))
    expectValid(new Data({ type: largeList(int32()), length: 2, offsets: i64(0, 1, 3), children: [ints(1, 2, 3)] }))
  })
  it('offsets beyond the child length (32- and 64-bit)', () => {
    expectInvalid(new Data({ type: list(int32()), length: 2, offsets: i32(0, 1, 4), children: [ints(1, 2, 3)] }), 'col', /last offset 4 is beyond the child length 3/)
    expectInvalid(new Data({ type: largeList(int32()), length: 1, offsets: i64(0, 4), children: [ints(1, 2, 3)] }), 'col', /last offset 4/)
  })
  it('decreasing list offsets', () => {
    expectInvalid(new Data({ type: list(int32()), length: 2, offsets: i32(0, 2, 1), children: [ints(1, 2, 3)] }), 'col', /offsets decrease/)
  })
  it('a corrupt child, reported at the child path', () => {
    const child = new Data({ type: int32(), length: 3, values: i32(1) })
    expectInvalid(new Data({ type: list(int32()), length: 1, offsets: i32(0, 3), children: [child] }), 'col[]', /values buffer has 1 elements/)
  })
  it('list views: buffers too short and ranges outside the child (valid slots only)', () => {
    expectValid(new Data({ type: listView(int32()), length: 2, validity: bitmap(1, 0), offsets: i32(1, 99), sizes: i32(2, 99), children: [ints(1, 2, 3)] }))
    expectInvalid(new Data({ type: listView(int32()), length: 2, offsets: i32(0), sizes: i32(1, 1), children: [ints(1)] }), 'col', /needs 2 offsets and sizes, has 1 and 2/)
    expectInvalid(new Data({ type: listView(int32()), length: 1, offsets: i32(2), sizes: i32(2), children: [ints(1, 2, 3)] }), 'col', /list view 0 range \[2, 4\) is outside the child of length 3/)
    expectInvalid(new Data({ type: listView(int32()), length: 1, offsets: i32(0), sizes: i32(-1), children: [ints(1)] }), 'col', /range \[0, -1\)/)
  })
  it('fixed-size list child too short for offset + length', () => {
    expectValid(new Data({ type: fixedSizeList(int32(), 2), length: 2, children: [ints(1, 2, 3, 4)] }))
    expectInvalid(new Data({ type: fixedSizeList(int32(), 2), length: 2, offset: 1, children: [ints(1, 2, 3, 4)] }), 'col', /child has 4 values, needs 6/)
  })
  it('a deep corruption names the full path', () => {
    const names = new Data({ type: utf8(), length: 1, values: new Uint8Array(1), offsets: i32(0, 5) })
    const rows = new Data({ type: struct([field('name', utf8())]), length: 1, children: [names] })
    expectInvalid(new Data({ type: list(rows.type), length: 1, offsets: i32(0, 1), children: [rows] }), 'col[].name', /last offset 5 is beyond the data buffer length 1/)
  })
})

describe('validate: structs and maps', () => {
  it('struct child shorter than offset + length', () => {
    const type = struct({ a: int32(), b: int32() })
    expectValid(new Data({ type, length: 2, children: [ints(1, 2), ints(3, 4)] }))
    expectInvalid(new Data({ type, length: 2, offset: 1, children: [ints(1, 2, 3), ints(3, 4)] }), 'col.b', /struct child has 2 slots, needs 3/)
  })
  it('struct with the wrong number of children', () => {
    expectInvalid(new Data({ type: struct({ a: int32() }), length: 1, children: [] }), 'col', /needs 1 children, has 0/)
  })
  it('map entries must be a key/value struct and keys must not be null', () => {
    const type = map(utf8(), int32())
    const entries = (keys: Data) => new Data({ type: type.child.type, length: keys.length, children: [keys, ints(1, 2)] })
    expectValid(new Data({ type, length: 1, offsets: i32(0, 2), children: [entries(strs('a', 'b'))] }))
    const nullKey = new Data({ type: utf8(), length: 2, validity: bitmap(1, 0), values: new Uint8Array(1), offsets: i32(0, 1, 1) })
    expectInvalid(new Data({ type, length: 1, offsets: i32(0, 2), children: [entries(nullKey)] }), 'col[].key', /map key 1 is null/)
    expectInvalid(new Data({ type, length: 1, offsets: i32(0, 1), children: [ints(1)] }), 'col[]', /map entries must be a struct/)
  })
})

describe('validate: unions', () => {
  const sparse = union(UnionMode.Sparse, [field('i', int32()), field('s', utf8())], [2, 5])
  const dense = union(UnionMode.Dense, [field('i', int32()), field('s', utf8())])
  it('passes valid unions', () => {
    expectValid(new Data({ type: sparse, length: 2, typeIds: i8(2, 5), children: [ints(1, 2), strs('a', 'b')] }))
    expectValid(new Data({ type: dense, length: 3, typeIds: i8(0, 1, 0), valueOffsets: i32(0, 0, 1), children: [ints(1, 2), strs('a')] }))
  })
  it('an undeclared type code', () => {
    expectInvalid(new Data({ type: sparse, length: 2, typeIds: i8(2, 3), children: [ints(1, 2), strs('a', 'b')] }), 'col', /slot 1 has undeclared type code 3/)
    expectInvalid(new Data({ type: sparse, length: 1, typeIds: i8(-1), children: [ints(1), strs('a')] }), 'col', /undeclared type code -1/)
  })
  it('type ids buffer too short', () => {
    expectInvalid(new Data({ type: sparse, length: 2, typeIds: i8(2), children: [ints(1, 2), strs('a', 'b')] }), 'col', /type ids buffer has 1 entries, needs 2/)
  })
  it('sparse child shorter than the union', () => {
    expectInvalid(new Data({ type: sparse, length: 2, typeIds: i8(2, 2), children: [ints(1, 2), strs('a')] }), 'col.s', /sparse union child has 1 slots, needs 2/)
  })
  it('dense offsets outside the selected child, or missing', () => {
    expectInvalid(new Data({ type: dense, length: 2, typeIds: i8(0, 1), valueOffsets: i32(0, 1), children: [ints(1), strs('a')] }), 'col', /slot 1 offset 1 is outside child s of length 1/)
    expectInvalid(new Data({ type: dense, length: 1, typeIds: i8(0), valueOffsets: i32(-1), children: [ints(1), strs('a')] }), 'col', /offset -1/)
    expectInvalid(new Data({ type: dense, length: 2, typeIds: i8(0, 0), valueOffsets: i32(0), children: [ints(1), strs()] }), 'col', /value offsets buffer has 1 entries, needs 2/)
  })
})

describe('validate: run-end encoding', () => {
  const type = runEndEncoded(int32(), utf8())
  const ree = (ends: Data, values = strs('a', 'b', 'c'), length = 6, offset = 0) => new Data({ type, length, offset, children: [ends, values] })
  it('passes valid run ends, including a slice', () => {
    expectValid(ree(ints(2, 3, 6)))
    expectValid(ree(ints(2, 3, 6), undefined, 2, 4))
    expectValid(new Data({ type: runEndEncoded(int16(), int32()), length: 3, children: [new Data({ type: int16(), length: 1, values: i16(3) }), ints(1)] }))
    expectValid(new Data({ type: runEndEncoded(int64(), int32()), length: 3, children: [new Data({ type: int64(), length: 1, values: i64(3) }), ints(1)] }))
  })
  it('run ends not strictly increasing, or not positive', () => {
    expectInvalid(ree(ints(2, 2, 6)), 'col.run_ends', /run end 2 at run 1 is not above 2/)
    expectInvalid(ree(ints(0, 3, 6)), 'col.run_ends', /run end 0 at run 0/)
  })
  it('last run end below offset + length', () => {
    expectInvalid(ree(ints(2, 3, 5)), 'col.run_ends', /last run end 5 is below offset \+ length 6/)
    expectInvalid(ree(ints(2, 3, 6), undefined, 3, 4), 'col.run_ends', /below offset \+ length 7/)
  })
  it('fewer values than runs, no runs, nulls in run ends', () => {
    expectInvalid(ree(ints(2, 3, 6), strs('a')), 'col.values', /1 values for 3 runs/)
    expectInvalid(ree(ints(), strs()), 'col.run_ends', /no runs for 6 slots/)
    expectInvalid(ree(new Data({ type: int32(), length: 3, validity: bitmap(1, 0, 1), values: i32(2, 3, 6) })), 'col.run_ends', /run ends contain nulls/)
  })
  it('run ends of a type that cannot be run ends', () => {
    const bad = { ...type, runEnds: field('run_ends', uint32(), false) }
    expectInvalid(new Data({ type: bad, length: 1, children: [new Data({ type: uint32(), length: 1, values: i32(1) }), strs('a')] }), 'col.run_ends', /must be Int16, Int32 or Int64, not Uint32/)
  })
})

describe('validate: dictionaries', () => {
  const type = dictionary(utf8(), int8())
  it('passes valid indices (nulls may hold anything)', () => {
    expectValid(new Data({ type, length: 3, validity: bitmap(1, 0, 1), values: i8(0, 99, 1), dictionary: strs('a', 'b') }))
    expectValid(columnFromArray(['x', 'y', 'x'], dictionary(utf8(), int64())).data[0]!)
  })
  it('an index outside the dictionary', () => {
    expectInvalid(new Data({ type, length: 2, values: i8(1, 2), dictionary: strs('a', 'b') }), 'col', /index 2 at slot 1 is outside the dictionary of 2/)
    expectInvalid(new Data({ type, length: 1, values: i8(-1), dictionary: strs('a') }), 'col', /index -1/)
  })
  it('a missing or mistyped dictionary, and a corrupt one', () => {
    expectInvalid(new Data({ type, length: 1, values: i8(0) }), 'col', /has no dictionary/)
    expectInvalid(new Data({ type, length: 1, values: i8(0), dictionary: ints(1) }), 'col', /dictionary type Int32 is not Utf8/)
    const corrupt = new Data({ type: utf8(), length: 1, values: new Uint8Array(0), offsets: i32(0, 3) })
    expectInvalid(new Data({ type, length: 1, values: i8(0), dictionary: corrupt }), 'col.dictionary', /last offset 3/)
  })
  it('indices buffer too short', () => {
    expectInvalid(new Data({ type, length: 2, values: i8(0), dictionary: strs('a') }), 'col', /indices buffer has 1 entries, needs 2/)
  })
})

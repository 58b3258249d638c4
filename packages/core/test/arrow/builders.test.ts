import { describe, expect, it } from 'vitest'
import {
  AllocationError, Column, IntervalUnit, InvalidArgumentError, TimeUnit, Type, UnionMode, binary, binaryView, bool, columnFromArray,
  dataFromArray, dateDay, dateMillisecond, decimal, dictionary, duration, field, fixedSizeBinary, fixedSizeList, float16, float32,
  float64, int16, int32, int64, int8, interval, largeBinary, largeList, largeListView, largeUtf8, list, listView, map, nullType,
  runEndEncoded, struct, time, timestamp, uint16, uint32, uint64, uint8, union, utf8, utf8View, validate, type DataType, type ValueOptions,
  type Allocator,
} from '@lightstream/core'

const b = (...v: number[]) => new Uint8Array(v)

/** [name, type, values, options]: columnFromArray(values, type) then get() must return exactly `values`. */
const roundTrips: [string, DataType, unknown[], ValueOptions?][] = [
  ['Null', nullType(), [null, undefined, null].map(() => null)],
  ['Bool', bool(), [true, false, null, true, true, false, false, false, true]],
  ['Int8', int8(), [-128, 127, null, 0]],
  ['Uint8', uint8(), [255, null, 0]],
  ['Int16', int16(), [-32768, 32767, null]],
  ['Uint16', uint16(), [65535, null]],
  ['Int32', int32(), [-(2 ** 31), 2 ** 31 - 1, null]],
  ['Uint32', uint32(), [2 ** 32 - 1, null]],
  ['Int64 numbers', int64(), [2 ** 53 - 1, -(2 ** 53 - 1), null]],
  ['Int64 bigints', int64(), [-(2n ** 63n), 2n ** 63n - 1n, null], { useBigInt: true }],
  ['Uint64 bigints', uint64(), [2n ** 64n - 1n, 0n, null], { useBigInt: true }],
  ['Float16', float16(), [1, -2.5, null, Infinity, 2 ** -24]],
  ['Float32', float32(), [1.5, -0.25, null]],
  ['Float64', float64(), [Math.PI, -1e300, null, NaN]],
  ['Decimal32', decimal(9, 2, 32), ['-1234567.89', '0.01', null]],
  ['Decimal64', decimal(18, 4, 64), ['-99999999999999.9999', '1.0000', null]],
  ['Decimal128', decimal(38, 6), ['-12345678901234567890123456789012.123456', null, '0.000001']],
  ['Decimal256 bigint', decimal(76, 10, 256), [-(10n ** 75n), 10n ** 76n - 1n, null], { useDecimalBigInt: true }],
  ['Date day', dateDay(), [0, 86_400_000 * 19_000, -86_400_000, null]],
  ['Date ms', dateMillisecond(), [1_700_000_000_123, null]],
  ['Date as Date', dateMillisecond(), [new Date(1_700_000_000_123), null], { useDate: true }],
  ['Time32 s', time(TimeUnit.SECOND), [0, 86_399, null]],
  ['Time64 ns', time(TimeUnit.NANOSECOND), [86_399_999_999_999n, null], { useBigInt: true }],
  ['Timestamp ms', timestamp(TimeUnit.MILLISECOND, 'UTC'), [1_700_000_000_123, -1, null]],
  ['Timestamp us', timestamp(TimeUnit.MICROSECOND), [1_700_000_000_123.456, null]],
  ['Timestamp ns raw', timestamp(TimeUnit.NANOSECOND), [1_700_000_000_123_456_789n, null], { useBigInt: true }],
  ['Timestamp Date', timestamp(TimeUnit.SECOND), [new Date(1_700_000_000_000), null], { useDate: true }],
  ['Duration', duration(TimeUnit.MICROSECOND), [-5, 2 ** 40, null]],
  ['Interval YM', interval(IntervalUnit.YEAR_MONTH), [13, -2, null]],
  ['Interval DT', interval(IntervalUnit.DAY_TIME), [{ days: 1, milliseconds: -5 }, null]],
  ['Interval MDN', interval(IntervalUnit.MONTH_DAY_NANO), [{ months: -1, days: 2, nanoseconds: -(2n ** 40n) }, null]],
  ['FixedSizeBinary', fixedSizeBinary(3), [b(1, 2, 3), null, b(4, 5, 6)]],
  ['Binary', binary(), [b(1), b(), null, b(2, 3)]],
  ['LargeBinary', largeBinary(), [b(9, 9), null]],
  ['BinaryView', binaryView(), [b(1, 2), new Uint8Array(20).fill(7), null, b()]],
  ['Utf8', utf8(), ['a', '', null, 'héllo 🙂']],
  ['LargeUtf8', largeUtf8(), ['x', null, '日本']],
  ['Utf8View', utf8View(), ['short', 'a string longer than twelve bytes', null, '']],
  ['List', list(int32()), [[1, 2], [], null, [3, null]]],
  ['LargeList', largeList(utf8()), [['a'], null, []]],
  ['ListView', listView(int32()), [[1], null, [2, 3]]],
  ['LargeListView', largeListView(int32()), [[4, 5], [], null]],
  ['FixedSizeList', fixedSizeList(int32(), 2), [[1, 2], null, [3, null]]],
  ['Struct', struct({ a: int32(), b: utf8() }), [{ a: 1, b: 'x' }, null, { a: null, b: null }]],
  ['Nested', list(struct({ tags: list(utf8()) })), [[{ tags: ['a', 'b'] }, { tags: null }], null, []]],
  ['Map entries', map(utf8(), int32()), [[['a', 1], ['b', null]], null, []]],
  ['Map as Map', map(utf8(), int32()), [new Map([['a', 1]]), null, new Map()], { useMap: true }],
  ['Sparse union', union(UnionMode.Sparse, [int32(), utf8()]), [1, 'a', null, 2]],
  ['Dense union', union(UnionMode.Dense, [utf8(), float64()], [4, 9]), ['x', 1.5, null, 'y']],
  ['RunEndEncoded', runEndEncoded(int32(), utf8()), ['a', 'a', 'b', null, null, 'a']],
  ['RunEndEncoded Int16', runEndEncoded(int16(), int32()), [1, 1, 1, 2]],
  ['RunEndEncoded Int64', runEndEncoded(int64(), int32()), [1, 2, 2]],
  ['Dictionary', dictionary(utf8(), int32()), ['red', 'blue', null, 'red']],
  ['Dictionary Int8', dictionary(int32(), int8()), [7, 7, 8]],
  ['Dictionary Int64', dictionary(utf8(), int64()), ['x', 'y', 'x']],
]

describe('columnFromArray round trips', () => {
  it.each(roundTrips)('%s: get returns the input', (_, type, input, options) => {
    const col = columnFromArray(input, type, options)
    expect(col.type).toEqual(type)
    expect(col.length).toBe(input.length)
    expect(Array.from({ length: input.length }, (_, i) => col.get(i))).toEqual(input)
    validate(col.data[0]!, { utf8: true })
  })

  it('builds buffers in 64-byte aligned memory', () => {
    const d = dataFromArray(['a', null, 'b'], utf8())
    expect(d.values!.byteOffset % 64).toBe(0)
    expect(d.values!.buffer.byteLength % 64).toBe(0)
    expect(d.validity!.byteOffset % 64).toBe(0)
  })

  it('allocates through a given allocator', () => {
    const calls: number[] = []
    const allocator: Allocator = {
      alloc(n, alignment = 64) {
        calls.push(n)
        const raw = new Uint8Array(n + alignment)
        return raw.subarray(alignment, alignment + n)
      },
    }
    const col = columnFromArray([1, null, 3], int32(), { allocator })
    expect(col.toArray()).toEqual([1, null, 3])
    expect(calls).toEqual([64, 64])
    const failing: Allocator = { alloc: () => { throw new Error('out of memory') } }
    expect(() => columnFromArray([1], int32(), { allocator: failing })).toThrow(AllocationError)
  })

  it('picks union children with unionTypeId', () => {
    const col = columnFromArray([1, 2, 3], union(UnionMode.Sparse, [int32(), float64()], [3, 5]), { unionTypeId: (v) => ((v as number) > 1 ? 5 : 3) })
    expect(col.data[0]!.typeIds).toEqual(new Int8Array([3, 5, 5]))
    expect([...col]).toEqual([1, 2, 3])
    expect(() => columnFromArray([1], union(UnionMode.Sparse, [int32()]), { unionTypeId: () => 9 })).toThrow(InvalidArgumentError)
  })

  it('accepts decimals from numbers and strings with fewer digits, and maps from objects', () => {
    expect([...columnFromArray([1.5, '2', -0.25], decimal(6, 2))]).toEqual(['1.50', '2.00', '-0.25'])
    expect([...columnFromArray([{ a: 1 }], map(utf8(), int32()))]).toEqual([[['a', 1]]])
  })

  it.each<[string, DataType, unknown[], RegExp]>([
    ['int out of range', int8(), [1, 128], /index 1 is not a valid Int8: 128/],
    ['non-integer', int32(), [1.5], /not a valid Int32: 1.5/],
    ['string for int', int64(), ['1'], /not a valid Int64: "1"/],
    ['decimal digits lost', decimal(5, 1), ['1.25'], /Decimal128<5, 1>/],
    ['decimal too wide', decimal(3, 0), [1000n], /too many digits/],
    ['wrong fixed width', fixedSizeBinary(2), [b(1)], /FixedSizeBinary<2>/],
    ['fixed list size', fixedSizeList(int32(), 2), [[1]], /FixedSizeList/],
    ['nested value', list(int32()), [[1, 'x']], /column "col\[\]": value at index 1/],
    ['struct child', struct({ a: bool() }), [{ a: 1 }], /column "col\.a"/],
    ['null map key', map(utf8(), int32()), [[[null, 1]]], /null key/],
    ['union without match', union(UnionMode.Sparse, [int32()]), ['x'], /SparseUnion/],
    ['Int16 run ends overflow', runEndEncoded(int16(), int32()), Array.from({ length: 40000 }, (_, i) => i), /Int16 run ends/],
    ['value for Null', nullType(), [1], /Null/],
  ])('rejects %s with InvalidArgumentError naming the column', (_, type, input, message) => {
    expect(() => columnFromArray(input, type, { name: 'col' })).toThrow(InvalidArgumentError)
    expect(() => columnFromArray(input, type, { name: 'col' })).toThrow(message)
  })

  it('rejects non-arrays and too many values', () => {
    expect(() => columnFromArray('abc' as never)).toThrow(InvalidArgumentError)
    expect(() => columnFromArray([1, 2, 3], int32(), { maxLength: 2 })).toThrow(/limit of 2/)
  })
})

describe('typed arrays', () => {
  it.each<[string, ArrayBufferView & ArrayLike<number | bigint>, DataType]>([
    ['Int8Array', new Int8Array([1, -2]), int8()],
    ['Int16Array', new Int16Array([1, -2]), int16()],
    ['Int32Array', new Int32Array([1, -2]), int32()],
    ['BigInt64Array', new BigInt64Array([1n, -2n]), int64()],
    ['Uint8Array', new Uint8Array([1, 2]), uint8()],
    ['Uint16Array', new Uint16Array([1, 2]), uint16()],
    ['Uint32Array', new Uint32Array([1, 2]), uint32()],
    ['BigUint64Array', new BigUint64Array([1n, 2n]), uint64()],
    ['Float32Array', new Float32Array([0.5, 2]), float32()],
    ['Float64Array', new Float64Array([0.5, 2]), float64()],
  ])('%s becomes its numeric type zero-copy', (_, input, type) => {
    const col = columnFromArray(input)
    expect(col.type).toEqual(type)
    expect(col.data[0]!.values).toBe(input)
    expect(columnFromArray(input, type).data[0]!.values).toBe(input)
  })

  it('converts a typed array given another type', () => {
    const col = columnFromArray(new Int32Array([1, 2]), float64())
    expect(col.toArray()).toEqual(new Float64Array([1, 2]))
    const bits = columnFromArray(new Uint16Array([1, 2]), float16())
    expect([...bits]).toEqual([1, 2])
  })
})

describe('type inference', () => {
  it.each<[string, unknown[], DataType, unknown[]]>([
    ['int32 numbers', [1, -2, null, 2 ** 31 - 1], int32(), [1, -2, null, 2 ** 31 - 1]],
    ['wider integers', [1, 2 ** 31], float64(), [1, 2 ** 31]],
    ['fractions', [1, 0.5], float64(), [1, 0.5]],
    ['-0', [0, -0], float64(), [0, -0]],
    ['bigints', [1n, null], int64(), [1, null]],
    ['strings', ['a', undefined], utf8(), ['a', null]],
    ['booleans', [true, null], bool(), [true, null]],
    ['Dates', [new Date(5)], timestamp(TimeUnit.MILLISECOND, 'UTC'), [5]],
    ['bytes', [b(1)], binary(), [b(1)]],
    ['all null', [null, undefined], nullType(), [null, null]],
    ['empty', [], nullType(), []],
    ['lists', [[1], null, [2, 3]], list(int32()), [[1], null, [2, 3]]],
    ['nested lists', [[[1.5]], [[], null]], list(list(float64())), [[[1.5]], [[], null]]],
    ['typed arrays in lists', [new Float64Array([1]), null], list(float64()), [[1], null]],
    ['objects', [{ a: 1 }, { b: 'x' }, null], struct([field('a', int32()), field('b', utf8())]), [{ a: 1, b: null }, { a: null, b: 'x' }, null]],
    ['Maps', [new Map([['k', 1n]])], map(utf8(), int64()), [[['k', 1]]]],
  ])('%s', (_, input, expected, read) => {
    const col = columnFromArray(input)
    expect(col.type).toEqual(expected)
    expect(Array.from({ length: input.length }, (_, i) => col.get(i))).toEqual(read)
    if (Object.is(read[1], -0)) expect(Object.is(col.get(1), -0)).toBe(true)
  })

  it('builds Dictionary<Int32, Utf8> for strings when asked', () => {
    const col = columnFromArray(['a', 'b', 'a', null], undefined, { dictionary: true })
    expect(col.type.typeId).toBe(Type.Dictionary)
    expect(col.data[0]!.dictionary!.length).toBe(2)
    expect([...col]).toEqual(['a', 'b', 'a', null])
  })

  it('fills missing struct keys with nulls', () => {
    expect([...columnFromArray([{ a: 1 }, { b: 2 }])]).toEqual([{ a: 1, b: null }, { a: null, b: 2 }])
  })

  it.each<[unknown[], RegExp]>([
    [[1, 'a'], /column "mixed": mixed value types: number \(index 0\) and string \(index 1\)/],
    [[1, 2n], /number \(index 0\) and bigint \(index 1\)/],
    [[[1], ['x']], /column "mixed\[\]": mixed value types: number/],
    [[{ a: true }, { a: 'x' }], /column "mixed\.a": mixed value types: boolean/],
    [[() => 1], /cannot infer/],
  ])('rejects mixed types with InvalidArgumentError naming the column and both types (%#)', (input, message) => {
    expect(() => columnFromArray(input, undefined, { name: 'mixed' })).toThrow(InvalidArgumentError)
    expect(() => columnFromArray(input, undefined, { name: 'mixed' })).toThrow(message)
  })

  it('returns a Column carrying the value options', () => {
    const col = columnFromArray([1n], undefined, { useBigInt: true, name: 'n' })
    expect(col).toBeInstanceOf(Column)
    expect(col.field?.name).toBe('n')
    expect(col.get(0)).toBe(1n)
  })
})

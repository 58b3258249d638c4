import { describe, expect, it } from 'vitest'
import {
  DateUnit, Endianness, IntervalUnit, InvalidArgumentError, MetadataVersion, Precision, TimeUnit, Type, UnionMode,
  binary, binaryView, bool, dateDay, dateMillisecond, decimal, dictionary, duration, field, fixedSizeBinary, fixedSizeList,
  float16, float32, float64, int, int16, int32, int64, int8, interval, largeBinary, largeList, largeListView, largeUtf8, list,
  listView, map, nullType, runEndEncoded, schema, struct, time, timestamp, typeEquals, typeToString, uint16, uint32, uint64,
  uint8, union, utf8, utf8View, extensionName, EXTENSION_NAME_KEY,
} from '@lightstream/core'

describe('type ids', () => {
  it('match the Arrow flatbuffer Type union', () => {
    expect(Type).toEqual({
      NONE: 0, Null: 1, Int: 2, Float: 3, Binary: 4, Utf8: 5, Bool: 6, Decimal: 7, Date: 8, Time: 9, Timestamp: 10, Interval: 11,
      List: 12, Struct: 13, Union: 14, FixedSizeBinary: 15, FixedSizeList: 16, Map: 17, Duration: 18, LargeBinary: 19,
      LargeUtf8: 20, LargeList: 21, RunEndEncoded: 22, BinaryView: 23, Utf8View: 24, ListView: 25, LargeListView: 26, Dictionary: -1,
    })
    expect(Precision).toEqual({ HALF: 0, SINGLE: 1, DOUBLE: 2 })
    expect(DateUnit).toEqual({ DAY: 0, MILLISECOND: 1 })
    expect(TimeUnit).toEqual({ SECOND: 0, MILLISECOND: 1, MICROSECOND: 2, NANOSECOND: 3 })
    expect(IntervalUnit).toEqual({ YEAR_MONTH: 0, DAY_TIME: 1, MONTH_DAY_NANO: 2 })
    expect(UnionMode).toEqual({ Sparse: 0, Dense: 1 })
    expect(MetadataVersion).toEqual({ V1: 0, V2: 1, V3: 2, V4: 3, V5: 4 })
    expect(Endianness).toEqual({ Little: 0, Big: 1 })
  })
})

describe('type constructors', () => {
  it('build plain objects with the agreed shapes', () => {
    expect(int8()).toEqual({ typeId: Type.Int, bitWidth: 8, signed: true })
    expect(uint64()).toEqual({ typeId: Type.Int, bitWidth: 64, signed: false })
    expect([int16(), int32(), int64(), uint8(), uint16(), uint32()].map((t) => [t.bitWidth, t.signed])).toEqual([
      [16, true], [32, true], [64, true], [8, false], [16, false], [32, false],
    ])
    expect(float16()).toEqual({ typeId: Type.Float, precision: Precision.HALF })
    expect(decimal(10, 2)).toEqual({ typeId: Type.Decimal, precision: 10, scale: 2, bitWidth: 128 })
    expect(time(TimeUnit.NANOSECOND)).toEqual({ typeId: Type.Time, unit: TimeUnit.NANOSECOND, bitWidth: 64 })
    expect(time(TimeUnit.SECOND)).toEqual({ typeId: Type.Time, unit: TimeUnit.SECOND, bitWidth: 32 })
    expect(timestamp(TimeUnit.MICROSECOND, 'UTC')).toEqual({ typeId: Type.Timestamp, unit: TimeUnit.MICROSECOND, timezone: 'UTC' })
    expect(timestamp().timezone).toBeNull()
    expect(list(int32())).toEqual({ typeId: Type.List, child: { name: 'item', type: int32(), nullable: true, metadata: new Map() } })
    expect(fixedSizeList(field('xy', float64(), false), 2)).toMatchObject({ listSize: 2, child: { name: 'xy', nullable: false } })
    const m = map(utf8(), int32(), true)
    expect(m).toMatchObject({ typeId: Type.Map, keysSorted: true, child: { name: 'entries', nullable: false } })
    expect(m.child.type).toMatchObject({ children: [{ name: 'key', nullable: false }, { name: 'value', nullable: true }] })
    const ree = runEndEncoded(int32(), utf8())
    expect([ree.runEnds.name, ree.runEnds.nullable, ree.values.name]).toEqual(['run_ends', false, 'values'])
    const u = union(UnionMode.Dense, [int32(), field('s', utf8())], [5, 7])
    expect(u).toMatchObject({ mode: UnionMode.Dense, typeIds: [5, 7], children: [{ name: '0' }, { name: 's' }] })
    expect(union(UnionMode.Sparse, [int32(), utf8()]).typeIds).toEqual([0, 1])
    const d = dictionary(utf8(), int8(), 42, true)
    expect(d).toEqual({ typeId: Type.Dictionary, id: 42, indices: int8(), dictionary: utf8(), ordered: true })
    expect(dictionary(utf8()).id).not.toBe(dictionary(utf8()).id)
    expect(struct({ a: int32(), b: field('b', utf8(), false) }).children.map((f) => [f.name, f.nullable])).toEqual([['a', true], ['b', false]])
  })

  it('reject invalid parameters with InvalidArgumentError', () => {
    expect(() => int(12 as 8)).toThrow(InvalidArgumentError)
    expect(() => decimal(39, 0, 128)).toThrow(/precision/)
    expect(() => decimal(5, 0, 48 as 32)).toThrow(/bit width/)
    expect(() => time(TimeUnit.SECOND, 64)).toThrow(InvalidArgumentError)
    expect(() => fixedSizeBinary(-1)).toThrow(InvalidArgumentError)
    expect(() => fixedSizeList(int32(), 1.5)).toThrow(InvalidArgumentError)
    expect(() => union(UnionMode.Sparse, [int32()], [200])).toThrow(/0\.\.127/)
    expect(() => union(UnionMode.Sparse, [int32(), utf8()], [1, 1])).toThrow(InvalidArgumentError)
    expect(() => runEndEncoded(int8(), utf8())).toThrow(/run ends/)
    expect(() => runEndEncoded(uint32(), utf8())).toThrow(/run ends/)
    expect(() => dictionary(utf8(), utf8() as never)).toThrow(InvalidArgumentError)
    expect(() => field('x', undefined as never)).toThrow(InvalidArgumentError)
  })
})

describe('typeEquals', () => {
  it('compares structurally, ignoring metadata and dictionary ids', () => {
    expect(typeEquals(list(int32()), list(field('item', int32())))).toBe(true)
    expect(typeEquals(list(int32()), list(int64()))).toBe(false)
    expect(typeEquals(list(int32()), list(field('other', int32())))).toBe(false)
    expect(typeEquals(list(int32()), list(field('item', int32(), false)))).toBe(false)
    expect(typeEquals(list(field('item', int32(), true, { a: 'b' })), list(int32()))).toBe(true)
    expect(typeEquals(dictionary(utf8(), int32(), 1), dictionary(utf8(), int32(), 2))).toBe(true)
    expect(typeEquals(dictionary(utf8(), int32()), dictionary(utf8(), int16()))).toBe(false)
    expect(typeEquals(timestamp(TimeUnit.SECOND, 'UTC'), timestamp(TimeUnit.SECOND, null))).toBe(false)
    expect(typeEquals(decimal(10, 2), decimal(10, 3))).toBe(false)
    expect(typeEquals(union(UnionMode.Sparse, [int32()], [1]), union(UnionMode.Sparse, [int32()], [2]))).toBe(false)
    expect(typeEquals(union(UnionMode.Sparse, [int32()]), union(UnionMode.Dense, [int32()]))).toBe(false)
    expect(typeEquals(fixedSizeList(int32(), 2), fixedSizeList(int32(), 3))).toBe(false)
    expect(typeEquals(map(utf8(), int32()), map(utf8(), int32(), true))).toBe(false)
    expect(typeEquals(struct({ a: int32() }), struct({ a: int32(), b: int32() }))).toBe(false)
    expect(typeEquals(utf8(), utf8())).toBe(true)
    expect(typeEquals(utf8(), binary())).toBe(false)
  })
})

describe('typeToString', () => {
  it('names every type', () => {
    const cases: [unknown, string][] = [
      [nullType(), 'Null'], [int32(), 'Int32'], [uint8(), 'Uint8'], [float16(), 'Float16'], [float32(), 'Float32'],
      [float64(), 'Float64'], [bool(), 'Bool'], [utf8(), 'Utf8'], [largeUtf8(), 'LargeUtf8'], [binary(), 'Binary'],
      [largeBinary(), 'LargeBinary'], [binaryView(), 'BinaryView'], [utf8View(), 'Utf8View'],
      [fixedSizeBinary(16), 'FixedSizeBinary<16>'], [decimal(10, 2), 'Decimal128<10, 2>'], [decimal(5, 1, 32), 'Decimal32<5, 1>'],
      [dateDay(), 'Date<day>'], [dateMillisecond(), 'Date<ms>'], [time(TimeUnit.MICROSECOND), 'Time64<us>'],
      [timestamp(TimeUnit.MILLISECOND, 'UTC'), 'Timestamp<ms, UTC>'], [timestamp(TimeUnit.NANOSECOND), 'Timestamp<ns>'],
      [duration(TimeUnit.SECOND), 'Duration<s>'], [interval(IntervalUnit.DAY_TIME), 'Interval<DayTime>'],
      [list(utf8()), 'List<Utf8>'], [largeList(int8()), 'LargeList<Int8>'], [listView(int8()), 'ListView<Int8>'],
      [largeListView(int8()), 'LargeListView<Int8>'], [fixedSizeList(float32(), 3), 'FixedSizeList<3, Float32>'],
      [struct({ a: int32(), b: utf8() }), 'Struct<a: Int32, b: Utf8>'], [map(utf8(), int64()), 'Map<Utf8, Int64>'],
      [union(UnionMode.Dense, [int32(), utf8()]), 'DenseUnion<0: Int32, 1: Utf8>'],
      [runEndEncoded(int32(), utf8()), 'RunEndEncoded<Int32, Utf8>'], [dictionary(utf8(), int32()), 'Dictionary<Int32, Utf8>'],
    ]
    for (const [t, name] of cases) expect(typeToString(t as never)).toBe(name)
  })
})

describe('field and schema', () => {
  it('default to nullable with empty metadata and keep duplicate and empty names', () => {
    const f = field('', int32())
    expect(f).toEqual({ name: '', type: int32(), nullable: true, metadata: new Map() })
    const s = schema([field('a', int32()), field('a', utf8(), false)], { owner: 'me' })
    expect(s.fields.map((x) => x.name)).toEqual(['a', 'a'])
    expect(s.metadata.get('owner')).toBe('me')
    expect(s.endianness).toBe(Endianness.Little)
  })

  it('keeps a metadata Map as is and converts records', () => {
    const meta = new Map([[EXTENSION_NAME_KEY, 'arrow.uuid']])
    const f = field('id', fixedSizeBinary(16), false, meta)
    expect(f.metadata).toBe(meta)
    expect(extensionName(f)).toBe('arrow.uuid')
    expect(field('x', int32(), true, { k: 'v' }).metadata).toEqual(new Map([['k', 'v']]))
    expect(() => field('x', int32(), true, { k: 1 as never })).toThrow(InvalidArgumentError)
    expect(() => schema([{} as never])).toThrow(InvalidArgumentError)
  })
})

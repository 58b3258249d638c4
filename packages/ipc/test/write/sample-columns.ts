/**
 * One column of every Arrow type, built with the core builders, with nulls where the type has them and
 * enough rows (13) that slices at odd offsets cross byte boundaries of the bitmaps.
 */
import * as C from '@lightstream/core'
import type { Data, DataType } from '@lightstream/core'

export interface SampleColumn {
  readonly name: string
  readonly type: DataType
  readonly values: readonly unknown[]
}

const N = 13
const pick = <T>(base: readonly T[]): T[] => Array.from({ length: N }, (_, i) => base[i % base.length]!)
const withNulls = <T>(base: readonly T[], every = 4): (T | null)[] => pick(base).map((v, i) => (i % every === 2 ? null : v))

const long = 'a string longer than twelve bytes'

/** Columns of every type (the dictionaries get ids from the core's counter). */
export function sampleColumns(): SampleColumn[] {
  const { TimeUnit, IntervalUnit, UnionMode } = C
  return [
    { name: 'null', type: C.nullType(), values: pick([null]) },
    { name: 'bool', type: C.bool(), values: withNulls([true, false, true, true, false]) },
    { name: 'int8', type: C.int8(), values: withNulls([1, -2, 127, -128]) },
    { name: 'uint8', type: C.uint8(), values: withNulls([0, 255, 7]) },
    { name: 'int16', type: C.int16(), values: withNulls([1, -300, 32767]) },
    { name: 'uint16', type: C.uint16(), values: withNulls([65535, 3]) },
    { name: 'int32', type: C.int32(), values: withNulls([1, -2, 2147483647]) },
    { name: 'uint32', type: C.uint32(), values: withNulls([4294967295, 9]) },
    { name: 'int64', type: C.int64(), values: withNulls([1n, -(2n ** 62n), 5n]) },
    { name: 'uint64', type: C.uint64(), values: withNulls([2n ** 63n, 4n]) },
    { name: 'float16', type: C.float16(), values: withNulls([1.5, -2, 0.25]) },
    { name: 'float32', type: C.float32(), values: withNulls([1.5, -2.25, 1e10]) },
    { name: 'float64', type: C.float64(), values: withNulls([Math.PI, -0.5, 1e300]) },
    { name: 'utf8', type: C.utf8(), values: withNulls(['', 'a', 'héllo', long]) },
    { name: 'binary', type: C.binary(), values: withNulls([Uint8Array.of(1, 2), Uint8Array.of(), Uint8Array.of(255)]) },
    { name: 'largeUtf8', type: C.largeUtf8(), values: withNulls(['x', 'yz', ''], 3) },
    { name: 'largeBinary', type: C.largeBinary(), values: withNulls([Uint8Array.of(9), Uint8Array.of(8, 7)], 3) },
    { name: 'utf8View', type: C.utf8View(), values: withNulls(['short', long, '', `${long}!`]) },
    { name: 'binaryView', type: C.binaryView(), values: withNulls([Uint8Array.of(1), new TextEncoder().encode(long)]) },
    { name: 'fixedSizeBinary', type: C.fixedSizeBinary(3), values: withNulls([Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5, 6)]) },
    { name: 'decimal32', type: C.decimal(9, 2, 32), values: withNulls(['1.50', '-2.25', '9999999.99']) },
    { name: 'decimal64', type: C.decimal(18, 3, 64), values: withNulls(['1.500', '-123456789012345.678']) },
    { name: 'decimal128', type: C.decimal(38, 4, 128), values: withNulls(['1.0000', '-12345678901234567890123456789.0123']) },
    { name: 'decimal256', type: C.decimal(76, 0, 256), values: withNulls(['1', `-${'9'.repeat(70)}`]) },
    { name: 'dateDay', type: C.dateDay(), values: withNulls([0, 86400000, -86400000 * 365]) },
    { name: 'dateMs', type: C.dateMillisecond(), values: withNulls([0, 1700000000000]) },
    { name: 'time32s', type: C.time(TimeUnit.SECOND), values: withNulls([0, 86399]) },
    { name: 'time32ms', type: C.time(TimeUnit.MILLISECOND), values: withNulls([1, 86399999]) },
    { name: 'time64us', type: C.time(TimeUnit.MICROSECOND), values: withNulls([1n, 86399999999n]) },
    { name: 'time64ns', type: C.time(TimeUnit.NANOSECOND), values: withNulls([2n, 86399999999999n]) },
    { name: 'timestamp', type: C.timestamp(TimeUnit.MICROSECOND, 'UTC'), values: withNulls([0, 1700000000000]) },
    { name: 'timestampNs', type: C.timestamp(TimeUnit.NANOSECOND), values: withNulls([5, 1700000000001]) },
    { name: 'duration', type: C.duration(TimeUnit.SECOND), values: withNulls([1n, -5n]) },
    { name: 'intervalYM', type: C.interval(IntervalUnit.YEAR_MONTH), values: withNulls([1, -13]) },
    { name: 'intervalDT', type: C.interval(IntervalUnit.DAY_TIME), values: withNulls([{ days: 1, milliseconds: 2 }, { days: -3, milliseconds: 0 }]) },
    { name: 'intervalMDN', type: C.interval(IntervalUnit.MONTH_DAY_NANO), values: withNulls([{ months: 1, days: 2, nanoseconds: 3n }]) },
    { name: 'list', type: C.list(C.int32()), values: withNulls([[1, 2], [], [3, null], [4]]) },
    { name: 'largeList', type: C.largeList(C.utf8()), values: withNulls([['a'], [], ['b', 'c']]) },
    { name: 'listView', type: C.listView(C.int16()), values: withNulls([[1, 2], [], [3]]) },
    { name: 'largeListView', type: C.largeListView(C.bool()), values: withNulls([[true], [false, true]]) },
    { name: 'fixedSizeList', type: C.fixedSizeList(C.float64(), 2), values: withNulls([[1, 2], [3, null]]) },
    { name: 'struct', type: C.struct({ x: C.int32(), s: C.utf8() }), values: withNulls([{ x: 1, s: 'a' }, { x: null, s: 'bb' }, { x: 3, s: null }]) },
    { name: 'map', type: C.map(C.utf8(), C.int32()), values: withNulls([[['a', 1]], [], [['b', 2], ['c', null]]]) },
    { name: 'sparseUnion', type: C.union(UnionMode.Sparse, [C.int32(), C.utf8()]), values: pick([1, 'a', null, 'bcd', 7]) },
    { name: 'denseUnion', type: C.union(UnionMode.Dense, [C.int32(), C.utf8()], [5, 10]), values: pick([1, 'a', null, 'bcd', 7]) },
    { name: 'runEndEncoded', type: C.runEndEncoded(C.int32(), C.utf8()), values: pick(['a', 'a', 'a', 'b', null, null, 'c']) },
    { name: 'runEndEncoded16', type: C.runEndEncoded(C.int16(), C.int32()), values: pick([1, 1, 2]) },
    { name: 'runEndEncoded64', type: C.runEndEncoded(C.int64(), C.float64()), values: pick([1.5, 1.5, 1.5, 2.5]) },
    { name: 'dictionary', type: C.dictionary(C.utf8()), values: withNulls(['red', 'green', 'red', 'blue']) },
    { name: 'dictionaryInt8', type: C.dictionary(C.int64(), C.int8()), values: withNulls([10n, 20n, 10n]) },
    { name: 'listOfDictionary', type: C.list(C.dictionary(C.utf8())), values: withNulls([['x', 'y'], [], ['x']]) },
  ]
}

/** The sample columns as a table (one batch). */
export function sampleTable(columns: SampleColumn[] = sampleColumns()): C.Table {
  const data: Record<string, Data> = {}
  for (const c of columns) data[c.name] = C.dataFromArray(c.values as unknown[], c.type)
  return C.tableFromArrays(data)
}

/** Schemas and headers shared by the metadata tests: one field of every type, and fast-check arbitraries. */
import fc from 'fast-check'
import {
  Endianness, IntervalUnit, Precision, TimeUnit, UnionMode,
  binary, binaryView, bool, dateDay, dateMillisecond, decimal, dictionary, duration, field, fixedSizeBinary,
  fixedSizeList, float, float16, float32, float64, int, int16, int32, int64, int8, interval, largeBinary, largeList,
  largeListView, largeUtf8, list, listView, map, nullType, runEndEncoded, schema, struct, time, timestamp,
  uint16, uint32, uint64, uint8, union, utf8, utf8View,
} from '@lightstream/core'
import type { DataType, Field, IntType, Schema } from '@lightstream/core'
import type { RecordBatchHeader } from '@lightstream/ipc'

/** One field per type and parameter the model has, with metadata, nesting and dictionaries. */
export function everyTypeSchema(): Schema {
  const fields: Field[] = [
    field('null', nullType()),
    ...[int8(), int16(), int32(), int64(), uint8(), uint16(), uint32(), uint64()].map((t, i) => field(`int${i}`, t, i % 2 === 0)),
    field('f16', float16()), field('f32', float32()), field('f64', float64(), false),
    field('bin', binary()), field('str', utf8()), field('lbin', largeBinary()), field('lstr', largeUtf8()),
    field('bview', binaryView()), field('sview', utf8View()), field('flag', bool()),
    field('d32', decimal(9, 2, 32)), field('d64', decimal(18, -3, 64)), field('d128', decimal(38, 10)), field('d256', decimal(76, 0, 256)),
    field('day', dateDay()), field('ms', dateMillisecond()),
    field('t_s', time(TimeUnit.SECOND)), field('t_ms', time(TimeUnit.MILLISECOND)),
    field('t_us', time(TimeUnit.MICROSECOND)), field('t_ns', time(TimeUnit.NANOSECOND)),
    field('ts_s', timestamp(TimeUnit.SECOND)), field('ts_utc', timestamp(TimeUnit.MILLISECOND, 'UTC')),
    field('ts_paris', timestamp(TimeUnit.MICROSECOND, 'Europe/Paris')), field('ts_empty_tz', timestamp(TimeUnit.NANOSECOND, '')),
    field('iv_ym', interval(IntervalUnit.YEAR_MONTH)), field('iv_dt', interval(IntervalUnit.DAY_TIME)), field('iv_mdn', interval(IntervalUnit.MONTH_DAY_NANO)),
    ...[TimeUnit.SECOND, TimeUnit.MILLISECOND, TimeUnit.MICROSECOND, TimeUnit.NANOSECOND].map((u) => field(`dur${u}`, duration(u))),
    field('fsb', fixedSizeBinary(16)), field('fsb0', fixedSizeBinary(0)),
    field('list', list(int32())), field('llist', largeList(field('element', utf8(), false))),
    field('lview', listView(float64())), field('llview', largeListView(bool())),
    field('fsl', fixedSizeList(field('xy', float32(), false), 2)),
    field('struct', struct([field('a', int8()), field('', utf8()), field('a', bool())])), field('empty_struct', struct([])),
    field('map', map(utf8(), int64())), field('sorted_map', map(field('k', int32(), false), list(utf8()), true)),
    field('sparse', union(UnionMode.Sparse, [int32(), utf8()], [5, 7])),
    field('dense', union(UnionMode.Dense, [field('x', float64()), field('y', list(int8())), field('z', nullType())], [42, 43, 44])),
    field('ree16', runEndEncoded(int16(), utf8())), field('ree64', runEndEncoded(int64(), list(bool()))),
    field('dict', dictionary(utf8(), int8(), 0)), field('dict_ordered', dictionary(largeUtf8(), uint32(), 1, true)),
    field('dict_nested', dictionary(list(field('inner', dictionary(utf8(), int16(), 3), true)), int64(), 2)),
    field('ext', fixedSizeBinary(16), true, { 'ARROW:extension:name': 'arrow.uuid', 'ARROW:extension:metadata': '' }),
    field('meta', int32(), false, new Map([['k1', 'v1'], ['', 'empty key'], ['unicode ✓', '値']])),
  ]
  return schema(fields, { 'schema key': 'schema value', pandas: '{"columns": []}' })
}

/** The same schema declared big-endian. */
export function bigEndianSchema(): Schema {
  const s = everyTypeSchema()
  return schema(s.fields, s.metadata, Endianness.Big)
}

const name = fc.string({ maxLength: 8 })
const metadata = fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 10 }), { maxKeys: 3 })
const intType: fc.Arbitrary<IntType> = fc.record({ bitWidth: fc.constantFrom(8, 16, 32, 64), signed: fc.boolean() })
  .map(({ bitWidth, signed }) => int(bitWidth as 8 | 16 | 32 | 64, signed))
const timeUnit = fc.constantFrom(TimeUnit.SECOND, TimeUnit.MILLISECOND, TimeUnit.MICROSECOND, TimeUnit.NANOSECOND)

const leafType: fc.Arbitrary<DataType> = fc.oneof(
  fc.constant(nullType()), intType, fc.constantFrom(Precision.HALF, Precision.SINGLE, Precision.DOUBLE).map((p) => float(p)),
  fc.constantFrom(binary(), utf8(), largeBinary(), largeUtf8(), binaryView(), utf8View(), bool(), dateDay(), dateMillisecond()),
  fc.constantFrom(32, 64, 128, 256).chain((w) => fc.record({ p: fc.integer({ min: 1, max: { 32: 9, 64: 18, 128: 38, 256: 76 }[w]! }), s: fc.integer({ min: -40, max: 40 }) })
    .map(({ p, s }) => decimal(p, s, w as 32 | 64 | 128 | 256))),
  timeUnit.map((u) => time(u)), fc.record({ u: timeUnit, tz: fc.option(fc.string({ maxLength: 12 })) }).map(({ u, tz }) => timestamp(u, tz)),
  fc.constantFrom(IntervalUnit.YEAR_MONTH, IntervalUnit.DAY_TIME, IntervalUnit.MONTH_DAY_NANO).map((u) => interval(u)),
  timeUnit.map((u) => duration(u)), fc.integer({ min: 0, max: 1 << 20 }).map((n) => fixedSizeBinary(n)),
)

/** Arbitrary data types, nested up to a few levels, dictionaries included. */
export const arbitraryType: fc.Arbitrary<DataType> = fc.letrec<{ type: DataType; field: Field }>((tie) => ({
  field: fc.record({ n: name, t: tie('type'), nullable: fc.boolean(), m: metadata }).map(({ n, t, nullable, m }) => field(n, t, nullable, m)),
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafType,
    fc.tuple(fc.constantFrom(list, largeList, listView, largeListView), tie('field')).map(([mk, c]) => mk(c)),
    fc.tuple(tie('field'), fc.integer({ min: 0, max: 100 })).map(([c, n]) => fixedSizeList(c, n)),
    fc.array(tie('field'), { maxLength: 3 }).map((cs) => struct(cs)),
    fc.tuple(tie('field'), tie('field'), fc.boolean()).map(([k, v, sorted]) => map(k, v, sorted)),
    fc.tuple(fc.constantFrom(UnionMode.Sparse, UnionMode.Dense), fc.uniqueArray(fc.integer({ min: 0, max: 127 }), { minLength: 1, maxLength: 3 }))
      .chain(([mode, ids]) => fc.array(tie('field'), { minLength: ids.length, maxLength: ids.length }).map((cs) => union(mode, cs, ids))),
    fc.tuple(fc.constantFrom(int16(), int32(), int64()), tie('field')).map(([r, v]) => runEndEncoded(r, v)),
    fc.tuple(leafType, intType, fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.boolean()).map(([v, i, id, o]) => dictionary(v, i, id, o)),
  ),
})).type

/** Arbitrary schemas. */
export const arbitrarySchema: fc.Arbitrary<Schema> = fc.record({
  fields: fc.array(fc.record({ n: name, t: arbitraryType, nullable: fc.boolean(), m: metadata }), { maxLength: 5 }),
  m: metadata,
  e: fc.constantFrom(Endianness.Little, Endianness.Big),
}).map(({ fields, m, e }) => schema(fields.map(({ n, t, nullable, m: fm }) => field(n, t, nullable, fm)), m, e))

const count = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(0, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER))

/** Arbitrary record batch headers (every field, including compression and variadic counts). */
export const arbitraryRecordBatch: fc.Arbitrary<RecordBatchHeader> = fc.record({
  length: count,
  nodes: fc.array(count.chain((length) => fc.integer({ min: 0, max: Math.min(length, Number.MAX_SAFE_INTEGER) }).map((nullCount) => ({ length, nullCount }))), { maxLength: 12 }),
  buffers: fc.array(fc.record({ offset: count, length: count }), { maxLength: 24 }),
  compression: fc.option(fc.constantFrom('lz4_frame' as const, 'zstd' as const).map((codec) => ({ codec, method: 'buffer' as const })), { nil: undefined }),
  variadicBufferCounts: fc.array(count, { maxLength: 4 }),
}).map(({ compression, ...rest }) => (compression === undefined ? { type: 'recordBatch' as const, ...rest } : { type: 'recordBatch' as const, ...rest, compression }))

/**
 * What this package's writer emits, read back by the reader: every layout, both formats, both alignments,
 * the legacy framing, compression and delta dictionaries. The reader's zero-copy promise holds for the
 * writer's aligned output.
 */
import { describe, expect, it } from 'vitest'
import {
  IntervalUnit, RecordBatch, Table, TimeUnit, UnionMode, dataFromArray, decimal, dictionary, duration, field, fixedSizeList, float32,
  int32, int64, int8, interval, list, makeData, map, runEndEncoded, schema, struct, timestamp, union, utf8, utf8View, type DataType,
} from '@lightstream/core'
import { chunkEvery } from '@lightstream/framing/testing'
import { IpcStreamReader, compareTables, createReadStats, tableFromIPC, tableToIPC, tableToIPCParts } from '@lightstream/ipc'
import { rleCodec } from './test-codecs'

const columns: [string, DataType, unknown[]][] = [
  ['i32', int32(), [1, null, 3, 4]],
  ['i64', int64(), [1n, 2n, null, -5n]],
  ['f32', float32(), [0.5, null, -1, 2]],
  ['s', utf8(), ['a', 'bc', null, '']],
  ['sv', utf8View(), ['short', 'a much longer string value', null, 'x']],
  ['dec', decimal(10, 2), ['1.25', null, '-3.00', '0.01']],
  ['ts', timestamp(TimeUnit.MILLISECOND, 'UTC'), [0n, 1n, null, 3n]],
  ['dur', duration(TimeUnit.SECOND), [1n, null, 2n, 3n]],
  ['iv', interval(IntervalUnit.DAY_TIME), [{ days: 1, milliseconds: 2 }, null, { days: 0, milliseconds: 0 }, { days: -1, milliseconds: 5 }]],
  ['l', list(int32()), [[1, 2], null, [], [3]]],
  ['fsl', fixedSizeList(int8(), 2), [[1, 2], [3, 4], null, [5, 6]]],
  ['st', struct({ a: int32(), b: utf8() }), [{ a: 1, b: 'x' }, null, { a: 2, b: null }, { a: 3, b: 'z' }]],
  ['m', map(utf8(), int32()), [[['k', 1]], null, [], [['a', 2], ['b', 3]]]],
  ['du', union(UnionMode.Dense, [int32(), utf8()]), [1, 'a', 2, 'b']],
  ['su', union(UnionMode.Sparse, [int32(), utf8()]), ['a', 1, null, 2]],
  ['ree', runEndEncoded(int32(), utf8()), ['a', 'a', 'b', 'b']],
]

function sampleTable(): Table {
  const datas = columns.map(([, type, values]) => dataFromArray(values, type))
  const s = schema(columns.map(([name], k) => field(name, datas[k]!.type)))
  const batch = new RecordBatch(s, datas)
  return new Table(s, [batch, new RecordBatch(s, datas.map((d) => d.slice(1, 2)))])
}

/** Two batches whose dictionary grows: the writer sends the second one as a delta. */
function dictionaryTable(): Table {
  const type = dictionary(utf8(), int32(), 0)
  const s = schema([field('d', type)])
  const first = makeData({ type, length: 3, values: Int32Array.of(0, 1, 0), dictionary: dataFromArray(['a', 'b'], utf8()) })
  const second = makeData({ type, length: 2, values: Int32Array.of(2, 1), dictionary: dataFromArray(['a', 'b', 'c'], utf8()) })
  return new Table(s, [new RecordBatch(s, [first]), new RecordBatch(s, [second])])
}

describe('reading what the writer writes', () => {
  for (const format of ['stream', 'file'] as const) {
    for (const alignment of [8, 64] as const) {
      it(`${format}, ${alignment}-byte aligned: every layout, zero copies`, () => {
        const table = sampleTable()
        const stats = createReadStats()
        const back = tableFromIPC(tableToIPC(table, { format, alignment }), { stats, validate: true })
        expect(compareTables(table, back)).toBeNull()
        expect(stats.copies).toBe(0)
      })
    }
  }

  it('legacy framing (metadata V4, no continuation marker)', () => {
    const table = sampleTable()
    expect(compareTables(table, tableFromIPC(tableToIPC(table, { legacyFormat: true }), { validate: true }))).toBeNull()
  })

  it('compressed bodies', () => {
    const table = sampleTable()
    const stats = createReadStats()
    const bytes = tableToIPC(table, { compression: 'zstd', codecs: [rleCodec] })
    expect(compareTables(table, tableFromIPC(bytes, { codecs: [rleCodec], stats, validate: true }))).toBeNull()
    expect(stats.decompressedBuffers).toBeGreaterThan(0)
  })

  it('delta dictionaries, in both formats', () => {
    const table = dictionaryTable()
    for (const format of ['stream', 'file'] as const) {
      const stats = createReadStats()
      const back = tableFromIPC(tableToIPC(table, { format }), { stats, validate: true })
      expect(back.getChild('d')!.toArray()).toEqual(['a', 'b', 'a', 'c', 'b'])
      expect(stats.dictionaryCopies).toBe(1)
    }
  })

  it('decimals at int32\'s extreme scales (any scale metadata may carry) read back and format as text promptly', () => {
    const values = [12345n, null, -7n]
    for (const scale of [2 ** 31 - 1, -(2 ** 31)]) {
      const type = decimal(20, scale, 128)
      const s = schema([field('d', type)])
      const table = new Table(s, [new RecordBatch(s, [dataFromArray(values, type)])])
      const back = tableFromIPC(tableToIPC(table), { validate: true })
      expect(back.schema.fields[0]!.type).toEqual(type)
      const exponent = (digits: number): string => { const e = digits - 1 - scale; return `${e < 0 ? '-' : '+'}${Math.abs(e)}` }
      expect(back.getChildAt(0).toArray()).toEqual([`1.2345E${exponent(5)}`, null, `-7E${exponent(1)}`])
    }
  })

  it('the writer\'s parts read as chunks through the stream reader, also at 1-byte chunking', () => {
    const table = sampleTable()
    const parts = tableToIPCParts(table)
    expect(compareTables(table, IpcStreamReader.from(parts).readAll())).toBeNull()
    const bytes = tableToIPC(table)
    expect(compareTables(table, IpcStreamReader.from(chunkEvery(bytes, 1)).readAll())).toBeNull()
  })
})

/**
 * Big-endian bodies of the layouts the 1.0.0 golden files do not have (views, MONTH_DAY_NANO intervals,
 * list views, run ends), written here byte by byte, most significant byte first.
 */
import { describe, expect, it } from 'vitest'
import {
  Endianness, IntervalUnit, decimal, field, int16, interval, runEndEncoded, schema, utf8, utf8View, validate, type DataType,
} from '@lightstream/core'
import { createReadStats, tableFromIPC } from '@lightstream/ipc'
import { EOS, batchMessage, concat, schemaMessage } from './craft-stream'

const NONE = new Uint8Array(0)

/** Big-endian bytes written through a DataView. */
function be(size: number, write: (dv: DataView) => void): Uint8Array {
  const out = new Uint8Array(size)
  write(new DataView(out.buffer))
  return out
}
const i16s = (...v: number[]) => be(2 * v.length, (dv) => v.forEach((x, k) => dv.setInt16(2 * k, x)))
const i32s = (...v: number[]) => be(4 * v.length, (dv) => v.forEach((x, k) => dv.setInt32(4 * k, x)))
const text = (s: string) => new TextEncoder().encode(s)

function view(s: string, bufferIndex = 0, offset = 0): Uint8Array {
  const bytes = text(s)
  return be(16, (dv) => {
    dv.setInt32(0, bytes.length)
    if (bytes.length <= 12) new Uint8Array(dv.buffer).set(bytes, 4)
    else {
      new Uint8Array(dv.buffer).set(bytes.subarray(0, 4), 4)
      dv.setInt32(8, bufferIndex)
      dv.setInt32(12, offset)
    }
  })
}

describe('big-endian bodies', () => {
  it('are swapped per layout: ints, offsets, intervals field by field, decimals whole, views, run ends', () => {
    const listView = { typeId: 25, child: field('item', int16()) } as DataType
    const s = schema([
      field('i', int16()),
      field('s', utf8()),
      field('iv', interval(IntervalUnit.MONTH_DAY_NANO)),
      field('d', decimal(5, 2)),
      field('v', utf8View()),
      field('lv', listView),
      field('r', runEndEncoded(int16(), utf8())),
    ], undefined, Endianness.Big)
    const long = 'a longer string!!'
    const node = (length: number) => ({ length, nullCount: 0 })
    const bytes = concat([
      schemaMessage(s),
      batchMessage({
        length: 2,
        nodes: [node(2), node(2), node(2), node(2), node(2), node(2), node(3), node(2), node(1), node(1)],
        buffers: [
          NONE, i16s(1, -2),
          NONE, i32s(0, 2, 3), text('abc'),
          NONE, be(32, (dv) => { dv.setInt32(0, 1); dv.setInt32(4, -2); dv.setBigInt64(8, 3n); dv.setInt32(16, -1); dv.setInt32(20, 0); dv.setBigInt64(24, -5n) }),
          NONE, be(32, (dv) => { dv.setBigInt64(8, 123n); dv.setBigInt64(16, -1n); dv.setBigInt64(24, -400n) }),
          NONE, concat([view('hi'), view(long, 0, 3)]), concat([text('xyz'), text(long)]),
          NONE, i32s(1, 0), i32s(2, 1), NONE, i16s(7, 8, 9),
          NONE, i16s(2), NONE, i32s(0, 4), text('same'),
        ],
        variadicBufferCounts: [1],
      }),
      EOS,
    ])
    const stats = createReadStats()
    const table = tableFromIPC(bytes, { stats })
    validate(table)
    const rows = table.toArray()
    expect(rows.map((r) => r['i'])).toEqual([1, -2])
    expect(rows.map((r) => r['s'])).toEqual(['ab', 'c'])
    expect(rows.map((r) => r['iv'])).toEqual([{ months: 1, days: -2, nanoseconds: 3n }, { months: -1, days: 0, nanoseconds: -5n }])
    expect(rows.map((r) => r['d'])).toEqual(['1.23', '-4.00'])
    expect(rows.map((r) => r['v'])).toEqual(['hi', long])
    expect(rows.map((r) => r['lv'])).toEqual([[8, 9], [7]])
    expect(rows.map((r) => r['r'])).toEqual(['same', 'same'])
    expect(table.schema.endianness).toBe(Endianness.Little)
    expect(stats.copies).toBe(10) // every buffer with a byte order; bitmaps, text and type-free bytes are views
  })
})

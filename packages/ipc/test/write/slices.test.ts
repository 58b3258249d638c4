import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { RecordBatch, Table, bool, dataFromArray, field, int32, list, makeData, schema, struct, utf8, validate } from '@lightstream/core'
import { IpcStreamEncoder, tableToIPC } from '@lightstream/ipc'
import { decodeStream, rowsOf } from './decode-for-test'
import { sampleColumns, sampleTable } from './sample-columns'

/** A one-batch table of `data` sliced to `[offset, offset + length)`. */
function sliced(t: Table, offset: number, length: number): Table {
  const b = t.batches[0]!
  return new Table(t.schema, [new RecordBatch(t.schema, b.columns.map((c) => c.slice(offset, length)), length)])
}

function encode(t: Table): { bytes: Uint8Array; copies: number } {
  const encoder = new IpcStreamEncoder(t.schema)
  const parts: Uint8Array[] = []
  let position = 0
  for (const b of t.batches) for (const p of encoder.encode(b, position)) (parts.push(p), (position += p.byteLength))
  for (const p of encoder.finish(position)) parts.push(p)
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  let at = 0
  for (const p of parts) (bytes.set(p, at), (at += p.byteLength))
  return { bytes, copies: encoder.stats.copies }
}

describe('sliced data (offset != 0)', () => {
  const table = sampleTable()
  const n = table.numRows

  it('every type at every offset and several lengths reads back as the slice', () => {
    for (let offset = 0; offset < n; offset++) {
      for (const length of [0, 1, n - offset, Math.max(0, n - offset - 2)]) {
        const t = sliced(table, offset, length)
        const decoded = decodeStream(tableToIPC(t))
        const back = new Table(decoded.schema, decoded.batches)
        validate(back, { utf8: true })
        expect(rowsOf(decoded.batches, { useBigInt: true }), `offset ${offset} length ${length}`).toEqual(rowsOf(t.batches, { useBigInt: true }))
      }
    }
  })

  it('random slices of slices of every type (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }), (a, b, c) => {
        const start = Math.min(a, n)
        const first = sliced(table, start, n - start)
        const second = Math.min(b, first.numRows)
        const length = Math.min(c, first.numRows - second)
        const t = sliced(first, second, length)
        const decoded = decodeStream(tableToIPC(t, { alignment: 8 }), { alignment: 8 })
        expect(rowsOf(decoded.batches, { useBigInt: true })).toEqual(rowsOf(t.batches, { useBigInt: true }))
      }),
      { numRuns: 60 },
    )
  })

  it('unsliced data and byte-aligned slices of fixed-width columns are written without a copy', () => {
    const fixed = sampleColumns().filter((c) => ['int32', 'float64', 'bool', 'decimal128', 'fixedSizeList', 'utf8View', 'listView', 'denseUnion'].includes(c.name))
    const t = sampleTable(fixed)
    expect(encode(t).copies).toBe(0)
    expect(encode(sliced(t, 8, 5)).copies).toBe(0)
    // Whole variable-size columns start their offsets at 0: no copy either.
    expect(encode(sampleTable(sampleColumns().filter((c) => c.name === 'utf8' || c.name === 'list'))).copies).toBe(0)
  })

  it('counts the copies a slice forces: a re-packed bitmap, rebased offsets', () => {
    const s = schema([field('b', bool()), field('s', utf8())])
    const b = dataFromArray([true, null, false, true, null, true, true, false, true, false], bool())
    const u = dataFromArray(['a', 'bb', null, 'ccc', null, 'e', 'f', 'g', 'h', 'i'], utf8())
    const t = new Table(s, [new RecordBatch(s, [b.slice(3, 6), u.slice(3, 6)], 6)])
    // bool: validity and values re-packed (offset 3); utf8: validity re-packed, offsets rebased.
    expect(encode(t).copies).toBe(4)
    const decoded = decodeStream(tableToIPC(t))
    expect(rowsOf(decoded.batches)).toEqual(rowsOf(t.batches))
  })

  it('a struct whose children have their own offsets, and a list whose child is sliced', () => {
    const x = dataFromArray([0, 1, null, 3, 4, 5, 6, 7], int32()).slice(2, 6) // x: null, 3..7
    const point = makeData({ type: struct({ x: int32() }), length: 6, validity: [true, true, false, true, true, true], children: [x] })
    const listed = dataFromArray([[1], [2, 3], null, [4, 5, 6], []], list(int32())).slice(1, 4)
    const s = schema([field('p', point.type), field('l', list(int32()))])
    const t = new Table(s, [new RecordBatch(s, [point.slice(1, 4), listed], 4)])
    expect(rowsOf(decodeStream(tableToIPC(t)).batches)).toEqual([
      { p: { x: 3 }, l: [2, 3] },
      { p: null, l: null },
      { p: { x: 5 }, l: [4, 5, 6] },
      { p: { x: 6 }, l: [] },
    ])
  })

  it('drops the validity bitmap of a slice without nulls (buffer length 0, null count 0)', () => {
    const s = schema([field('i', int32())])
    const d = dataFromArray([1, null, 3, 4, 5], int32()).slice(2, 3)
    const decoded = decodeStream(tableToIPC(new Table(s, [new RecordBatch(s, [d], 3)])))
    const h = decoded.messages[1]!.metadata.header
    if (h.type !== 'recordBatch') throw new Error('expected a record batch')
    expect(h.nodes).toEqual([{ length: 3, nullCount: 0 }])
    expect(h.buffers[0]).toEqual({ offset: 0, length: 0 })
    expect(h.buffers[1]).toEqual({ offset: 0, length: 12 })
  })
})

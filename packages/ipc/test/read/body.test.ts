import { describe, expect, it } from 'vitest'
import {
  InvalidDataError, IpcFormatError, MetadataVersion, UnionMode, field, float64, int32, nullType, schema, union, utf8 as utf8Type,
  type Allocator,
} from '@lightstream/core'
import { defaultAllocator } from '@lightstream/core-buffer'
import { createReadStats, tableFromIPC, writeRecordBatchMessage } from '@lightstream/ipc'
import { EOS, batchMessage, bits, concat, encapsulate, f64, i32, i8, schemaMessage, shifted, utf8 } from './craft-stream'

const NONE = new Uint8Array(0)
const s = schema([field('i', int32()), field('f', float64())])
const message = batchMessage({
  length: 3,
  nodes: [{ length: 3, nullCount: 1 }, { length: 3, nullCount: 0 }],
  buffers: [bits(1, 0, 1), i32(7, 8, 9), NONE, f64(0.5, 1.5, 2.5)],
})
const stream = concat([schemaMessage(s), message, EOS])

const values = (t: ReturnType<typeof tableFromIPC>, c: number): unknown[] =>
  t.batches.flatMap((b) => Array.from({ length: b.numRows }, (_, i) => b.columns[c]!.get(i)))

describe('record batch bodies', () => {
  it('views the body without copying when it is 8-byte aligned', () => {
    const stats = createReadStats()
    const t = tableFromIPC(stream, { stats })
    expect(values(t, 0)).toEqual([7, null, 9])
    expect(values(t, 1)).toEqual([0.5, 1.5, 2.5])
    expect(t.batches[0]!.columns[1]!.values!.buffer).toBe(stream.buffer)
    expect(stats).toMatchObject({ copies: 0, copiedBytes: 0 })
  })

  it('copies a buffer misaligned for its typed array once, through the allocator, and counts it', () => {
    const allocations: number[] = []
    const allocator: Allocator = { alloc: (n, a) => { allocations.push(n); return defaultAllocator.alloc(n, a) } }
    for (const shift of [1, 4]) {
      allocations.length = 0
      const stats = createReadStats()
      const t = tableFromIPC(shifted(stream, shift), { stats, allocator })
      expect(values(t, 0)).toEqual([7, null, 9])
      expect(values(t, 1)).toEqual([0.5, 1.5, 2.5])
      // Offset 4: the int32 values are aligned, only the float64 ones are copied; offset 1: both.
      expect(stats.copies).toBe(shift === 4 ? 1 : 2)
      expect(stats.copiedBytes).toBe(shift === 4 ? 24 : 24 + 12)
      expect(allocations).toEqual(shift === 4 ? [24] : [12, 24])
    }
  })

  it('checks every buffer region against the body', () => {
    const nodes = [{ length: 3, nullCount: 0 }, { length: 3, nullCount: 0 }]
    const regions = (last: { offset: number; length: number }) => [{ offset: 0, length: 0 }, { offset: 0, length: 12 }, { offset: 16, length: 0 }, last]
    const body = new Uint8Array(40)
    const craft = (last: { offset: number; length: number }) =>
      concat([schemaMessage(s), encapsulate(writeRecordBatchMessage({ length: 3, nodes, buffers: regions(last) }, body.length), body)])
    expect(tableFromIPC(craft({ offset: 16, length: 24 })).numRows).toBe(3)
    expect(() => tableFromIPC(craft({ offset: 16, length: 25 }))).toThrow(/lies outside the body of 40 bytes/)
    expect(() => tableFromIPC(craft({ offset: 48, length: 0 }))).toThrow(IpcFormatError)
    const tooFew = batchMessage({ length: 3, nodes: [{ length: 3, nullCount: 0 }, { length: 3, nullCount: 0 }], buffers: [NONE, i32(1, 2, 3), NONE] })
    expect(() => tableFromIPC(concat([schemaMessage(s), tooFew]))).toThrow(/buffers, the schema needs more/)
    const fewNodes = batchMessage({ length: 3, nodes: [{ length: 3, nullCount: 0 }], buffers: [NONE, i32(1, 2, 3), NONE, f64(1, 2, 3)] })
    expect(() => tableFromIPC(concat([schemaMessage(s), fewNodes]))).toThrow(/field nodes/)
  })

  it('refuses nodes whose buffers are too short or whose lengths disagree, with IpcFormatError', () => {
    const bad = (nodes: { length: number; nullCount: number }[], buffers: Uint8Array[], length = 3) =>
      () => tableFromIPC(concat([schemaMessage(s), batchMessage({ length, nodes, buffers })]))
    expect(bad([{ length: 3, nullCount: 0 }, { length: 3, nullCount: 0 }], [NONE, i32(1, 2), NONE, f64(1, 2, 3)])).toThrow(/values buffer/)
    expect(bad([{ length: 3, nullCount: 1 }, { length: 3, nullCount: 0 }], [NONE, i32(1, 2, 3), NONE, f64(1, 2, 3)])).toThrow(/validity/)
    expect(bad([{ length: 4, nullCount: 0 }, { length: 3, nullCount: 0 }], [NONE, i32(1, 2, 3, 4), NONE, f64(1, 2, 3)])).toThrow(/column 0 has 4 slots/)
    expect(bad([{ length: 3, nullCount: 0 }, { length: 3, nullCount: 0 }], [NONE, i32(1, 2, 3), NONE, f64(1, 2, 3)], 2)).toThrow(IpcFormatError)
    const su = schema([field('s', utf8Type())])
    const { data } = utf8('abc')
    expect(() => tableFromIPC(concat([schemaMessage(su), batchMessage({ length: 2, nodes: [{ length: 2, nullCount: 0 }], buffers: [NONE, i32(0, 1), data] })]))).toThrow(/offsets/)
  })

  it('names the short buffer, its size and the size the node needs (flat columns)', () => {
    const nine = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    const read = (nodes: { length: number; nullCount: number }[], buffers: Uint8Array[], length = 9) =>
      () => tableFromIPC(concat([schemaMessage(s), batchMessage({ length, nodes, buffers })]))
    const ok = [{ length: 9, nullCount: 0 }, { length: 9, nullCount: 0 }]
    expect(read(ok, [NONE, i32(...nine), NONE, f64(...nine)])().numRows).toBe(9)
    // One bitmap byte covers 8 of the 9 slots.
    expect(read([{ length: 9, nullCount: 1 }, ok[1]!], [bits(1, 1, 1, 1, 1, 1, 1, 0), i32(...nine), NONE, f64(...nine)]))
      .toThrow('Invalid IPC body: i: the validity buffer holds 1 bytes, the node\'s length needs 2')
    expect(read(ok, [NONE, i32(...nine), NONE, f64(...nine.slice(1))]))
      .toThrow('Invalid IPC body: f: the values buffer holds 64 bytes, the node\'s length needs 72')
    expect(read([{ length: 9, nullCount: 2 }, ok[1]!], [NONE, i32(...nine), NONE, f64(...nine)]))
      .toThrow('Invalid IPC body: i: the node has 2 nulls and an empty validity buffer')
    const su = schema([field('', utf8Type())])
    const { data } = utf8('abc')
    expect(() => tableFromIPC(concat([schemaMessage(su), batchMessage({ length: 3, nodes: [{ length: 3, nullCount: 0 }], buffers: [NONE, i32(0, 1, 2), data] })])))
      .toThrow('Invalid IPC body: [0]: the offsets buffer holds 3 offsets, the node\'s length needs 4')
  })

  it('leaves offset walking to validate: bad offsets read only with validate: false', () => {
    const su = schema([field('s', utf8Type())])
    const { data } = utf8('abc')
    const bytes = concat([schemaMessage(su), batchMessage({ length: 2, nodes: [{ length: 2, nullCount: 0 }], buffers: [NONE, i32(0, 3, 1), data] })])
    expect(tableFromIPC(bytes).numRows).toBe(2)
    expect(() => tableFromIPC(bytes, { validate: true })).toThrow(InvalidDataError)
  })

  it('skips the validity buffer of V4 unions and reads Null columns without buffers', () => {
    const u = schema([field('u', union(UnionMode.Sparse, [int32(), utf8Type()])), field('n', nullType())])
    const { offsets, data } = utf8('', 'hi', '')
    const bytes = concat([
      schemaMessage(u, { version: MetadataVersion.V4 }),
      batchMessage({
        length: 3,
        nodes: [{ length: 3, nullCount: 0 }, { length: 3, nullCount: 0 }, { length: 3, nullCount: 0 }, { length: 3, nullCount: 3 }],
        // union: validity (V4 only, ignored), type ids; int32 child: validity, values; utf8 child: validity, offsets, data
        buffers: [Uint8Array.of(0xff), i8(0, 1, 0), NONE, i32(5, 0, 6), NONE, offsets, data],
      }, { version: MetadataVersion.V4 }),
    ])
    const t = tableFromIPC(bytes, { validate: true })
    expect(values(t, 0)).toEqual([5, 'hi', 6])
    expect(values(t, 1)).toEqual([null, null, null])
  })
})

import { describe, expect, it } from 'vitest'
import { FrameTooLargeError, IpcFormatError, dictionary, field, int32, int8, list, schema, utf8 as utf8Type, validate } from '@lightstream/core'
import { chunkEvery } from '@lightstream/framing/testing'
import { IpcFileReader, IpcStreamReader, createReadStats, tableFromIPC } from '@lightstream/ipc'
import { EOS, batchMessage, concat, craftFile, dictionaryMessage, i32, i8, schemaMessage, utf8, type CraftBatch } from './craft-stream'

const NONE = new Uint8Array(0)
const s = schema([field('d', dictionary(utf8Type(), int32(), 0))])

/** A DictionaryBatch column of strings. */
function strings(...v: string[]): CraftBatch {
  const { offsets, data } = utf8(...v)
  return { length: v.length, nodes: [{ length: v.length, nullCount: 0 }], buffers: [NONE, offsets, data] }
}

/** A RecordBatch of int32 indices. */
function indices(...v: number[]): CraftBatch {
  return { length: v.length, nodes: [{ length: v.length, nullCount: 0 }], buffers: [NONE, i32(...v)] }
}

const column = (t: { batches: readonly { columns: readonly { length: number; get(i: number): unknown }[] }[] }, b: number): unknown[] => {
  const d = t.batches[b]!.columns[0]!
  return Array.from({ length: d.length }, (_, i) => d.get(i))
}

describe('dictionaries', () => {
  const stream = concat([
    schemaMessage(s),
    dictionaryMessage(0, strings('a', 'b'), false),
    batchMessage(indices(0, 1, 1)),
    dictionaryMessage(0, strings('c'), true),
    batchMessage(indices(2, 0)),
    dictionaryMessage(0, strings('x', 'y'), false),
    batchMessage(indices(1, 0)),
    EOS,
  ])

  it('applies deltas and replacements in stream order; each batch keeps the dictionary of its time', () => {
    const stats = createReadStats()
    const table = tableFromIPC(stream, { stats, validate: true })
    expect([0, 1, 2].map((b) => column(table, b))).toEqual([['a', 'b', 'b'], ['c', 'a'], ['y', 'x']])
    expect(table.batches.map((b) => b.columns[0]!.dictionary!.length)).toEqual([2, 3, 2])
    expect(stats.dictionaryCopies).toBe(1)
    expect(stats.dictionaryCopiedBytes).toBeGreaterThan(0)
    expect(stats.copies).toBe(0)
  })

  it('reads the same at 1-byte chunking', () => {
    const table = IpcStreamReader.from(chunkEvery(stream, 1)).readAll()
    expect([0, 1, 2].map((b) => column(table, b))).toEqual([['a', 'b', 'b'], ['c', 'a'], ['y', 'x']])
  })

  it('keeps each of several ids apart through replacements and deltas, whichever id came first', () => {
    const three = schema([0, 1, 2].map((id) => field(`d${id}`, dictionary(utf8Type(), int32(), id))))
    const batch = (...v: number[]): CraftBatch => ({
      length: 1,
      nodes: v.map(() => ({ length: 1, nullCount: 0 })),
      buffers: v.flatMap((k) => [NONE, i32(k)]),
    })
    const bytes = concat([
      schemaMessage(three),
      dictionaryMessage(1, strings('b0'), false),
      dictionaryMessage(0, strings('a0'), false),
      dictionaryMessage(2, strings('c0'), false),
      batchMessage(batch(0, 0, 0)),
      dictionaryMessage(0, strings('a1'), true),
      dictionaryMessage(1, strings('b1'), false),
      dictionaryMessage(2, strings('c1'), true),
      batchMessage(batch(1, 0, 1)),
      dictionaryMessage(1, strings('b2'), true),
      batchMessage(batch(0, 1, 0)),
      EOS,
    ])
    const t = tableFromIPC(bytes, { validate: true })
    const row = (b: number): unknown[] => t.batches[b]!.columns.map((d) => d.get(0))
    expect([0, 1, 2].map(row)).toEqual([['a0', 'b0', 'c0'], ['a1', 'b1', 'c1'], ['a0', 'b2', 'c0']])
    expect(t.batches[2]!.columns.map((d) => d.dictionary!.length)).toEqual([2, 2, 2])
    expect(() => tableFromIPC(bytes, { maxDictionaryBytes: 2 * 10 - 1 })).toThrow(/dictionary (1|0|2) would hold 20 bytes/)
    // An id with no dictionary yet is not answered with another id's.
    const early = concat([schemaMessage(three), dictionaryMessage(1, strings('b0'), false), dictionaryMessage(0, strings('a0'), false), batchMessage(batch(0, 0, 0))])
    expect(() => tableFromIPC(early)).toThrow(/d2 uses dictionary id 2 before any DictionaryBatch defined it/)
  })

  it('takes a delta for an id with no dictionary yet as its first dictionary', () => {
    const t = tableFromIPC(concat([schemaMessage(s), dictionaryMessage(0, strings('k'), true), batchMessage(indices(0, 0))]))
    expect(column(t, 0)).toEqual(['k', 'k'])
  })

  it('reads nested dictionaries (a dictionary whose values hold dictionary-encoded children), deltas included', () => {
    const inner = dictionary(utf8Type(), int8(), 1)
    const nested = schema([field('outer', dictionary(list(field('item', inner)), int8(), 2))])
    const lists = (offsets: number[], items: number[]): CraftBatch => ({
      length: offsets.length - 1,
      nodes: [{ length: offsets.length - 1, nullCount: 0 }, { length: items.length, nullCount: 0 }],
      buffers: [NONE, i32(...offsets), NONE, i8(...items)],
    })
    const bytes = concat([
      schemaMessage(nested),
      dictionaryMessage(1, strings('p', 'q'), false),
      dictionaryMessage(2, lists([0, 1, 3], [1, 0, 1]), false),
      batchMessage({ length: 2, nodes: [{ length: 2, nullCount: 0 }], buffers: [NONE, i8(1, 0)] }),
      dictionaryMessage(1, strings('r'), true),
      dictionaryMessage(2, lists([0, 2], [2, 0]), true),
      batchMessage({ length: 2, nodes: [{ length: 2, nullCount: 0 }], buffers: [NONE, i8(2, 0)] }),
      EOS,
    ])
    const stats = createReadStats()
    const t = tableFromIPC(bytes, { stats })
    t.batches.forEach((b) => validate(b))
    expect(column(t, 0)).toEqual([['p', 'q'], ['q']])
    expect(column(t, 1)).toEqual([['r', 'p'], ['q']])
    expect(stats.dictionaryCopies).toBe(2)
  })

  it('refuses a batch that uses a dictionary before it is defined, and an undeclared id', () => {
    expect(() => tableFromIPC(concat([schemaMessage(s), batchMessage(indices(0))]))).toThrow(IpcFormatError)
    expect(() => tableFromIPC(concat([schemaMessage(s), dictionaryMessage(5, strings('z'), false)]))).toThrow(/id 5/)
  })

  it('limits the size of a dictionary, deltas included (maxDictionaryBytes)', () => {
    const bytes = concat([schemaMessage(s), dictionaryMessage(0, strings('aaaa'), false), dictionaryMessage(0, strings('bbbb'), true)])
    expect(() => tableFromIPC(bytes, { maxDictionaryBytes: 16 })).toThrow(FrameTooLargeError)
    expect(tableFromIPC(bytes, { maxDictionaryBytes: 64 }).numRows).toBe(0)
  })

  it('counts exactly the bytes a dictionary holds against maxDictionaryBytes', () => {
    // One value: offsets 2 x 4 bytes + 4 data bytes; no validity (no nulls). The delta adds as much again.
    const one = concat([schemaMessage(s), dictionaryMessage(0, strings('aaaa'), false)])
    expect(tableFromIPC(one, { maxDictionaryBytes: 12 }).numRows).toBe(0)
    expect(() => tableFromIPC(one, { maxDictionaryBytes: 11 })).toThrow(/would hold 12 bytes/)
    const delta = concat([schemaMessage(s), dictionaryMessage(0, strings('aaaa'), false), dictionaryMessage(0, strings('bbbb'), true)])
    expect(tableFromIPC(delta, { maxDictionaryBytes: 24 }).numRows).toBe(0)
    expect(() => tableFromIPC(delta, { maxDictionaryBytes: 23 })).toThrow(/would hold 24 bytes/)
  })

  it('files: dictionaries are read before the first batch, deltas apply, replacements are refused', () => {
    const file = craftFile(s, [dictionaryMessage(0, strings('a', 'b'), false), dictionaryMessage(0, strings('c'), true)], [batchMessage(indices(2, 0)), batchMessage(indices(1))])
    const reader = IpcFileReader.openSync(file)
    expect(column({ batches: [reader.batchSync(1)] }, 0)).toEqual(['b'])
    expect(column({ batches: [reader.batchSync(0)] }, 0)).toEqual(['c', 'a'])
    expect(column(tableFromIPC(file), 0)).toEqual(['c', 'a'])
    const replaced = craftFile(s, [dictionaryMessage(0, strings('a'), false), dictionaryMessage(0, strings('b'), false)], [batchMessage(indices(0))])
    expect(() => tableFromIPC(replaced)).toThrow(/replaced/)
  })
})

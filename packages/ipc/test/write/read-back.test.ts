/**
 * The writer against the package's own reader (packages/ipc/src/read): everything we write reads back
 * equal, validated, in every format and option, with zero copies on the reading side.
 */
import { describe, expect, it } from 'vitest'
import { MetadataVersion, RecordBatch, Table, dataFromArray, dictionary, field, int32, makeData, schema, utf8 } from '@lightstream/core'
import {
  IpcFileReader, IpcFileWriter, createReadStats, openIpcStream, tableFromIPC, tableToIPC, tableToIPCParts, type TableToIPCOptions,
} from '@lightstream/ipc'
import { createMemorySink } from '@lightstream/framing'
import { rowsOf } from './decode-for-test'
import { sampleTable } from './sample-columns'
import { runLengthCodec } from './test-codec'

const sample = sampleTable()
const rows = (t: Table) => rowsOf(t.batches, { useBigInt: true })

const variants: [string, TableToIPCOptions][] = [
  ['stream', {}],
  ['file', { format: 'file' }],
  ['stream, 8', { alignment: 8 }],
  ['file, 8', { format: 'file', alignment: 8 }],
  ['V4', { metadataVersion: MetadataVersion.V4 }],
  ['legacy', { legacyFormat: true }],
  ['legacy file', { legacyFormat: true, format: 'file' }],
  ['compressed', { compression: 'zstd', codecs: [runLengthCodec()] }],
  ['compressed file, 8', { compression: 'lz4_frame', codecs: [runLengthCodec('lz4_frame')], format: 'file', alignment: 8 }],
]

describe('read back with @lightstream/ipc readers', () => {
  for (const [name, options] of variants) {
    it(`${name}: every type, two batches, validated, no copies when reading`, () => {
      const table = new Table(sample.schema, [sample.batches[0]!, sample.batches[0]!])
      const stats = createReadStats()
      const back = tableFromIPC(tableToIPC(table, options), { validate: true, stats, codecs: options.codecs })
      expect(rows(back)).toEqual(rows(table))
      expect(stats.copies).toBe(0)
    })
  }

  it('sliced columns at every offset', () => {
    const n = sample.numRows
    for (let offset = 0; offset < n; offset += 1) {
      const length = n - offset - (offset % 3)
      const sliced = new Table(sample.schema, [new RecordBatch(sample.schema, sample.batches[0]!.columns.map((c) => c.slice(offset, length)), length)])
      const back = tableFromIPC(tableToIPC(sliced), { validate: true })
      expect(rows(back), `offset ${offset}`).toEqual(rows(sliced))
    }
  })

  it('the parts, fed chunk by chunk to the stream reader, read back equal', () => {
    const parts = tableToIPCParts(sample)
    const reader = openIpcStream(parts, { validate: true })
    expect(rows(reader.readAll())).toEqual(rows(sample))
  })

  it('dictionary deltas and replacements in a stream, deltas in a file with random access', async () => {
    const t = dictionary(utf8(), int32(), 0)
    const s = schema([field('d', t)])
    const batch = (values: string[], indices: number[]) =>
      new RecordBatch(s, [makeData({ type: t, length: indices.length, values: Int32Array.from(indices), dictionary: dataFromArray(values, utf8()) })], indices.length)
    const stream = new Table(s, [batch(['a', 'b'], [1]), batch(['a', 'b', 'c'], [2, 0]), batch(['q'], [0]), batch(['q', 'r'], [1])])
    expect(rows(tableFromIPC(tableToIPC(stream), { validate: true }))).toEqual([{ d: 'b' }, { d: 'c' }, { d: 'a' }, { d: 'q' }, { d: 'r' }])
    const grow = new Table(s, [batch(['a', 'b'], [1]), batch(['a', 'b', 'c'], [2, 0])])
    const sink = createMemorySink()
    const writer = new IpcFileWriter(sink, s)
    await writer.write(grow)
    await writer.close()
    const file = IpcFileReader.openSync(sink.bytes(), { validate: true })
    expect(file.numBatches).toBe(2)
    expect(rows(new Table(s, [file.batchSync(1)]))).toEqual([{ d: 'c' }, { d: 'a' }])
    expect(rows(new Table(s, [file.batchSync(0)]))).toEqual([{ d: 'b' }])
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  Data, InvalidArgumentError, InvalidDataError, LightstreamError, RecordBatch, Table, dataFromArray, field, int32, makeData,
  schema, utf8, list, type DataInit,
} from '@lightstream/core'
import { IpcStreamEncoder, tableToIPC, tableToIPCParts } from '@lightstream/ipc'
import { decodeStream, rowsOf } from './decode-for-test'
import { sampleColumns, sampleTable } from './sample-columns'

const s = schema([field('a', int32())])
const good = new Table(s, [new RecordBatch(s, [dataFromArray(new Int32Array([1, 2, 3]))], 3)])

describe('bad options and input are coded errors', () => {
  it('options', () => {
    const bad: unknown[] = [
      { alignment: 16 }, { alignment: '64' }, { format: 'arrow' }, { metadataVersion: 2 }, { metadataVersion: 5 },
      { legacyFormat: 'yes' }, { dictionaryDeltas: 1 }, { compression: 'gzip' }, { codecs: 'zstd' }, { allocator: {} }, 7,
    ]
    for (const options of bad) expect(() => tableToIPC(good, options as never), JSON.stringify(options)).toThrow(InvalidArgumentError)
  })

  it('input that is not a table, and batches that do not fit the schema', () => {
    expect(() => tableToIPC({} as Table)).toThrow(InvalidArgumentError)
    expect(() => tableToIPCParts(null as unknown as Table)).toThrow(InvalidArgumentError)
    const encoder = new IpcStreamEncoder(s)
    const other = schema([field('a', utf8())])
    expect(() => encoder.encode(new RecordBatch(other, [dataFromArray(['x'], utf8())], 1), 0)).toThrow(InvalidArgumentError)
    const two = schema([field('a', int32()), field('b', int32())])
    const d = dataFromArray(new Int32Array([1]))
    expect(() => encoder.encode(new RecordBatch(two, [d, d], 1), 0)).toThrow(InvalidArgumentError)
    expect(() => encoder.encode(new RecordBatch(s, [d], 2), 0)).toThrow(InvalidArgumentError)
    expect(() => encoder.encode({ schema: s } as RecordBatch, 0)).toThrow(InvalidArgumentError)
    expect(() => encoder.encode(new RecordBatch(s, [d], 1), 4)).toThrow(InvalidArgumentError) // position not a multiple of 8
    // None of that changed the encoder: the next batch still starts with the schema.
    const parts = encoder.encode(new RecordBatch(s, [d], 1), 0)
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0) + 8)
    let at = 0
    for (const p of [...parts, ...encoder.finish(bytes.length - 8)]) (bytes.set(p, at), (at += p.byteLength))
    expect(rowsOf(decodeStream(bytes).batches)).toEqual([{ a: 1 }])
  })

  it('missing or short buffers and children are InvalidDataError naming the column', () => {
    const short = makeData({ type: int32(), length: 4, values: new Int32Array(2) })
    const noOffsets = makeData({ type: utf8(), length: 2, values: new Uint8Array(4) })
    const badOffsets = makeData({ type: utf8(), length: 2, offsets: [0, 2, 9], values: new Uint8Array(4) })
    const noChild = makeData({ type: list(int32()), length: 1, offsets: [0, 1] })
    const cases: [Data, string][] = [[short, 'a'], [noOffsets, 'a'], [badOffsets, 'a'], [noChild, 'a']]
    for (const [data] of cases) {
      const sc = schema([field('a', data.type)])
      const t = new Table(sc, [new RecordBatch(sc, [data], data.length)])
      let error: unknown
      try {
        tableToIPC(t)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(InvalidDataError)
      expect((error as InvalidDataError).path).toBe('a')
    }
  })

  it('truncating any buffer of any type gives a coded error or a correct file, never a raw TypeError/RangeError', () => {
    const columns = sampleColumns()
    const slots = ['validity', 'values', 'offsets', 'sizes', 'typeIds', 'valueOffsets'] as const
    fc.assert(
      fc.property(fc.integer({ min: 0, max: columns.length - 1 }), fc.constantFrom(...slots), fc.nat(64), fc.boolean(), (k, slot, keep, deep) => {
        const table = sampleTable([columns[k]!])
        const column = table.batches[0]!.columns[0]!
        const truncate = (d: Data): Data => {
          const buffer = d[slot]
          if (buffer === undefined) return d
          const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, Math.min(keep, buffer.byteLength))
          const init = { ...d, [slot]: bytes.slice(), nullCount: slot === 'validity' ? -1 : d.nullCount } as unknown as DataInit
          return new Data(init)
        }
        const broken = deep && column.children[0] !== undefined
          ? new Data({ ...column, nullCount: column.nullCount, children: [truncate(column.children[0]), ...column.children.slice(1)] } as unknown as DataInit)
          : truncate(column)
        try {
          const bytes = tableToIPC(new Table(table.schema, [new RecordBatch(table.schema, [broken], broken.length)]))
          expect(bytes.byteLength % 8).toBe(0)
        } catch (e) {
          expect(e).toBeInstanceOf(LightstreamError)
        }
      }),
      { numRuns: 300 },
    )
  })
})

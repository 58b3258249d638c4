import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { InvalidArgumentError, MetadataVersion } from '@lightstream/core'
import {
  readFooter, readMessage, writeDictionaryBatchMessage, writeFooter, writeRecordBatchMessage,
} from '@lightstream/ipc'
import type { Block, RecordBatchHeader } from '@lightstream/ipc'
import { arbitraryRecordBatch, arbitrarySchema, everyTypeSchema } from './sample-schemas'

const batch: RecordBatchHeader = {
  type: 'recordBatch',
  length: 3,
  nodes: [{ length: 3, nullCount: 1 }, { length: 7, nullCount: 0 }],
  buffers: [{ offset: 0, length: 8 }, { offset: 8, length: 16 }, { offset: 24, length: 0 }, { offset: 64, length: 2 ** 40 }],
  variadicBufferCounts: [2, 0],
}

describe('writeRecordBatchMessage → readMessage', () => {
  it('round-trips every header field and the body length', () => {
    const message = readMessage(writeRecordBatchMessage(batch, 2 ** 40 + 64))
    expect(message).toEqual({ version: MetadataVersion.V5, bodyLength: 2 ** 40 + 64, customMetadata: new Map(), header: batch })
  })

  it('round-trips compression with either codec, and message custom metadata', () => {
    for (const codec of ['lz4_frame', 'zstd'] as const) {
      const header = { ...batch, compression: { codec, method: 'buffer' as const } }
      const message = readMessage(writeRecordBatchMessage(header, 128, { customMetadata: new Map([['a', 'b']]) }))
      expect(message.header).toEqual(header)
      expect(message.customMetadata).toEqual(new Map([['a', 'b']]))
    }
  })

  it('accepts a header without type and variadic counts, and reads empty vectors', () => {
    const message = readMessage(writeRecordBatchMessage({ length: 0, nodes: [], buffers: [] }, 0))
    expect(message.header).toEqual({ type: 'recordBatch', length: 0, nodes: [], buffers: [], variadicBufferCounts: [] })
  })

  it('round-trips arbitrary headers (property), in V4 and V5', () => {
    fc.assert(
      fc.property(arbitraryRecordBatch, fc.nat(), fc.constantFrom(MetadataVersion.V4, MetadataVersion.V5), (header, body, version) => {
        const message = readMessage(writeRecordBatchMessage(header, body, { version }))
        expect(message).toEqual({ version, bodyLength: body, customMetadata: new Map(), header })
      }),
      { numRuns: 300 },
    )
  })

  it('refuses impossible values with InvalidArgumentError', () => {
    const cases: unknown[] = [
      { ...batch, length: -1 },
      { ...batch, length: 1.5 },
      { ...batch, nodes: [{ length: 1, nullCount: 2 }] },
      { ...batch, buffers: [{ offset: 2 ** 53, length: 0 }] },
      { ...batch, variadicBufferCounts: [-1] },
      { ...batch, compression: { codec: 'snappy', method: 'buffer' } },
    ]
    for (const header of cases) expect(() => writeRecordBatchMessage(header as RecordBatchHeader, 0)).toThrow(InvalidArgumentError)
    expect(() => writeRecordBatchMessage(batch, -8)).toThrow(InvalidArgumentError)
  })
})

describe('writeDictionaryBatchMessage → readMessage', () => {
  it('round-trips id, data and isDelta', () => {
    for (const [id, isDelta] of [[0, false], [7, true], [2 ** 53 - 1, false], [-4, true]] as const) {
      const message = readMessage(writeDictionaryBatchMessage({ id, data: batch, isDelta }, 48, { version: MetadataVersion.V4 }))
      expect(message).toEqual({
        version: MetadataVersion.V4,
        bodyLength: 48,
        customMetadata: new Map(),
        header: { type: 'dictionaryBatch', id, data: batch, isDelta },
      })
    }
  })

  it('defaults isDelta to false and rejects a non-integer id', () => {
    const message = readMessage(writeDictionaryBatchMessage({ id: 3, data: batch }, 0))
    expect(message.header).toMatchObject({ type: 'dictionaryBatch', id: 3, isDelta: false })
    expect(() => writeDictionaryBatchMessage({ id: 0.5, data: batch }, 0)).toThrow(InvalidArgumentError)
  })
})

describe('writeFooter → readFooter', () => {
  const dictionaries: Block[] = [{ offset: 8, metaDataLength: 200, bodyLength: 64 }]
  const recordBatches: Block[] = [
    { offset: 272, metaDataLength: 256, bodyLength: 1024 },
    { offset: 2 ** 33, metaDataLength: 2 ** 31 - 1, bodyLength: 2 ** 52 },
  ]

  it('round-trips schema, blocks, version and custom metadata', () => {
    const s = everyTypeSchema()
    const footer = readFooter(writeFooter({ schema: s, dictionaries, recordBatches, customMetadata: { writer: 'lightstream' } }))
    expect(footer.version).toBe(MetadataVersion.V5)
    expect(footer.dictionaries).toEqual(dictionaries)
    expect(footer.recordBatches).toEqual(recordBatches)
    expect(footer.customMetadata).toEqual(new Map([['writer', 'lightstream']]))
    expect(footer.schema.fields.map((f) => f.type)).toEqual(s.fields.map((f) => f.type))
  })

  it('round-trips arbitrary schemas and blocks (property)', () => {
    const block = fc.record({ offset: fc.nat(), metaDataLength: fc.integer({ min: 0, max: 2 ** 31 - 1 }), bodyLength: fc.nat() })
    fc.assert(
      fc.property(arbitrarySchema, fc.array(block, { maxLength: 4 }), fc.array(block, { maxLength: 6 }), (schema, d, r) => {
        const footer = readFooter(writeFooter({ schema, dictionaries: d, recordBatches: r, version: MetadataVersion.V4 }))
        expect(footer).toEqual({ version: MetadataVersion.V4, schema, dictionaries: d, recordBatches: r, customMetadata: new Map() })
      }),
      { numRuns: 150 },
    )
  })

  it('refuses blocks the format cannot hold', () => {
    const s = everyTypeSchema()
    expect(() => writeFooter({ schema: s, recordBatches: [{ offset: 0, metaDataLength: 2 ** 31, bodyLength: 0 }] })).toThrow(InvalidArgumentError)
    expect(() => writeFooter({ schema: s, dictionaries: [{ offset: -8, metaDataLength: 0, bodyLength: 0 }] })).toThrow(InvalidArgumentError)
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Builder } from 'flatbuffers'
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

/**
 * The RecordBatch message as the flatbuffers runtime builds it through its own int64 API (BigInt values),
 * the way the writer did before it wrote int64s as two words: the reference for byte identity.
 */
function referenceMessage(h: RecordBatchHeader, bodyLength: number, version: number): Uint8Array {
  const b = new Builder(64)
  const structs = (items: [number, number][]): number => {
    b.startVector(16, items.length, 8)
    for (let i = items.length - 1; i >= 0; i--) {
      b.prep(8, 16)
      b.writeInt64(BigInt(items[i]![1]))
      b.writeInt64(BigInt(items[i]![0]))
    }
    return b.endVector()
  }
  const nodes = structs(h.nodes.map((n) => [n.length, n.nullCount]))
  const buffers = structs(h.buffers.map((x) => [x.offset, x.length]))
  let counts = 0
  if (h.variadicBufferCounts.length > 0) {
    b.startVector(8, h.variadicBufferCounts.length, 8)
    for (let i = h.variadicBufferCounts.length - 1; i >= 0; i--) b.addInt64(BigInt(h.variadicBufferCounts[i]!))
    counts = b.endVector()
  }
  let compression = 0
  if (h.compression !== undefined) {
    b.startObject(2)
    b.addFieldInt8(0, h.compression.codec === 'zstd' ? 1 : 0, 0)
    b.addFieldInt8(1, 0, 0)
    compression = b.endObject()
  }
  b.startObject(5)
  b.addFieldInt64(0, BigInt(h.length), 0n)
  b.addFieldOffset(1, nodes, 0)
  b.addFieldOffset(2, buffers, 0)
  if (compression !== 0) b.addFieldOffset(3, compression, 0)
  if (counts !== 0) b.addFieldOffset(4, counts, 0)
  const recordBatch = b.endObject()
  b.startObject(5)
  b.addFieldInt64(3, BigInt(bodyLength), 0n)
  b.addFieldOffset(2, recordBatch, 0)
  b.addFieldInt16(0, version, 0)
  b.addFieldInt8(1, 3, 0)
  b.finish(b.endObject())
  return b.asUint8Array()
}

describe('writeRecordBatchMessage → readMessage', () => {
  it('writes the bytes the flatbuffers runtime writes through its BigInt API (property)', () => {
    const big = fc.oneof(fc.nat(), fc.constantFrom(0, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER))
    fc.assert(
      fc.property(arbitraryRecordBatch, big, fc.constantFrom(MetadataVersion.V4, MetadataVersion.V5), (header, body, version) => {
        expect(writeRecordBatchMessage(header, body, { version })).toEqual(referenceMessage(header, body, version))
      }),
      { numRuns: 300, seed: 20261122 },
    )
    expect(writeRecordBatchMessage(batch, 2 ** 40 + 64)).toEqual(referenceMessage(batch, 2 ** 40 + 64, MetadataVersion.V5))
  })

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

  it('returns bytes of its own, which later writes leave alone', () => {
    const first = writeRecordBatchMessage(batch, 64)
    const kept = first.slice()
    writeRecordBatchMessage({ length: 1, nodes: [{ length: 1, nullCount: 0 }], buffers: [{ offset: 0, length: 4 }] }, 8)
    writeDictionaryBatchMessage({ id: 3, data: batch }, 8)
    expect(first).toEqual(kept)
    expect(first.byteOffset).toBe(0)
    expect(first.buffer.byteLength).toBe(first.byteLength)
    const dict = writeDictionaryBatchMessage({ id: 3, data: batch }, 8)
    const dictKept = dict.slice()
    writeRecordBatchMessage(batch, 16)
    expect(dict).toEqual(dictKept)
    expect(dict.buffer.byteLength).toBe(dict.byteLength)
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

import { describe, expect, it } from 'vitest'
import { Builder } from 'flatbuffers'
import { InvalidArgumentError, IpcFormatError, Type, UnsupportedFeatureError } from '@lightstream/core'
import { readFooter, readMessage, writeRecordBatchMessage, writeSchemaMessage } from '@lightstream/ipc'
import { T, fieldTable, intTable, message, offsets, oneField, recordBatchMessage, schemaMessage, table } from './craft'
import { everyTypeSchema } from './sample-schemas'

const emptySchema = (b: Builder): [number, number] => [1, table(b, [[1, 'offset', offsets(b, [])]])]

describe('readMessage on crafted hostile metadata', () => {
  it('accepts V4 and V5, rejects other versions with UnsupportedFeatureError or IpcFormatError', () => {
    expect(readMessage(message(emptySchema, { version: 3 })).version).toBe(3)
    expect(readMessage(message(emptySchema, { version: 4 })).version).toBe(4)
    for (const version of [0, 1, 2, 5, 6, 300]) {
      expect(() => readMessage(message(emptySchema, { version }))).toThrow(UnsupportedFeatureError)
    }
    expect(() => readMessage(message(emptySchema, { version: 5 }))).toThrow(/V6/)
    expect(() => readMessage(message(emptySchema, { version: -1 }))).toThrow(IpcFormatError)
  })

  it('rejects missing, unknown and unsupported message headers', () => {
    expect(() => readMessage(message(() => [0, 0]))).toThrow(IpcFormatError)
    expect(() => readMessage(message(() => [3, 0]))).toThrow(IpcFormatError)
    expect(() => readMessage(message((b) => [4, table(b, [])]))).toThrow(UnsupportedFeatureError)
    expect(() => readMessage(message((b) => [5, table(b, [])]))).toThrow(UnsupportedFeatureError)
    expect(() => readMessage(message((b) => [17, table(b, [])]))).toThrow(UnsupportedFeatureError)
  })

  it('rejects a header of the wrong union type without crashing', () => {
    // A RecordBatch table announced as a Schema: its node vector is read as a vector of Field offsets.
    const bytes = message((b) => {
      b.startVector(16, 1, 8)
      b.prep(8, 16)
      b.writeInt64(0n)
      b.writeInt64(1n << 40n)
      const nodes = b.endVector()
      return [1, table(b, [[0, 'i64', 5], [1, 'offset', nodes]])]
    })
    expect(() => readMessage(bytes)).toThrow(IpcFormatError)
  })

  it('rejects unknown and missing types, and impossible parameters', () => {
    expect(() => readMessage(oneField({ typeType: 27 }))).toThrow(UnsupportedFeatureError)
    expect(() => readMessage(oneField({ typeType: 200 }))).toThrow(/unknown Arrow type id 200/)
    expect(() => readMessage(oneField({ typeType: T.NONE }))).toThrow(IpcFormatError)
    expect(() => readMessage(oneField({ typeType: T.Utf8, type: () => 0 }))).toThrow(IpcFormatError)
    const bad = [
      oneField({ typeType: T.Int, type: intTable(7) }),
      oneField({ typeType: T.Decimal, type: (b) => table(b, [[0, 'i32', 10], [2, 'i32', 100]]) }),
      oneField({ typeType: T.Decimal, type: (b) => table(b, [[0, 'i32', 0], [2, 'i32', 128]]) }),
      oneField({ typeType: T.Time, type: (b) => table(b, [[0, 'i16', 0], [1, 'i32', 64]]) }),
      oneField({ typeType: T.Time, type: (b) => table(b, [[0, 'i16', 9]]) }),
      oneField({ typeType: T.List }),
      schemaMessage((b) => [fieldTable(b, { typeType: T.Utf8, children: [fieldTable(b, { typeType: T.Null })] })]),
      schemaMessage((b) => [fieldTable(b, { typeType: T.Map, children: [fieldTable(b, { typeType: T.Utf8 })] })]),
      schemaMessage((b) => [fieldTable(b, { typeType: T.RunEndEncoded, children: [fieldTable(b, { typeType: T.Int, type: intTable(8) }), fieldTable(b, { typeType: T.Utf8 })] })]),
      schemaMessage((b) => [fieldTable(b, {
        typeType: T.Union,
        type: (bb) => table(bb, [[1, 'offset', (bb.startVector(4, 1, 4), bb.addInt32(3), bb.endVector())]]),
        children: [fieldTable(b, { typeType: T.Null }), fieldTable(b, { typeType: T.Null })],
      })]),
    ]
    for (const bytes of bad) expect(() => readMessage(bytes)).toThrow(IpcFormatError)
  })

  it('defaults: Decimal bitWidth 128, dictionary indices Int32, absent name empty', () => {
    const bytes = schemaMessage((b) => [
      fieldTable(b, { typeType: T.Decimal, type: (bb) => table(bb, [[0, 'i32', 20], [1, 'i32', 4]]) }),
      fieldTable(b, { typeType: T.Utf8, dictionary: (bb) => table(bb, [[0, 'i64', 9]]) }),
    ])
    const header = readMessage(bytes).header
    expect(header.type === 'schema' && header.schema.fields.map((f) => f.type)).toEqual([
      { typeId: Type.Decimal, precision: 20, scale: 4, bitWidth: 128 },
      { typeId: Type.Dictionary, id: 9, indices: { typeId: Type.Int, bitWidth: 32, signed: true }, dictionary: { typeId: Type.Utf8 }, ordered: false },
    ])
    expect(() => readMessage(oneField({ typeType: T.Utf8, dictionary: (bb) => table(bb, [[0, 'i64', 1], [3, 'i16', 1]]) }))).toThrow(UnsupportedFeatureError)
  })

  it('caps nesting at 64 levels', () => {
    const nested = (levels: number) => schemaMessage((b) => {
      let f = fieldTable(b, { typeType: T.Null })
      for (let i = 1; i < levels; i++) f = fieldTable(b, { typeType: T.Struct, children: [f] })
      return [f]
    })
    expect(readMessage(nested(64)).header.type).toBe('schema')
    expect(() => readMessage(nested(65))).toThrow(/deeper than 64/)
    expect(() => readMessage(nested(5000))).toThrow(IpcFormatError)
  })

  it('bounds the work of shared subtrees (a DAG of 40^12 paths) instead of hanging', () => {
    const bytes = schemaMessage((b) => {
      let f = fieldTable(b, { typeType: T.Null })
      for (let level = 0; level < 12; level++) f = fieldTable(b, { typeType: T.Struct, children: Array<number>(40).fill(f) })
      return [f]
    })
    expect(bytes.length).toBeLessThan(10_000)
    expect(() => readMessage(bytes)).toThrow(/references more data than the buffer holds/)
  })

  it('rejects lengths beyond 2^53 (UnsupportedFeatureError) and negative or inconsistent ones (IpcFormatError)', () => {
    expect(readMessage(recordBatchMessage(5n, [[5n, 1n]])).header).toMatchObject({ length: 5, nodes: [{ length: 5, nullCount: 1 }] })
    expect(() => readMessage(recordBatchMessage(1n << 60n, []))).toThrow(UnsupportedFeatureError)
    expect(() => readMessage(recordBatchMessage(1n, [[(1n << 53n), 0n]]))).toThrow(UnsupportedFeatureError)
    expect(() => readMessage(recordBatchMessage(-1n, []))).toThrow(IpcFormatError)
    expect(() => readMessage(recordBatchMessage(1n, [[-3n, 0n]]))).toThrow(IpcFormatError)
    expect(() => readMessage(recordBatchMessage(1n, [[3n, 4n]]))).toThrow(IpcFormatError)
    expect(() => readMessage(message(emptySchema, { bodyLength: -8 }))).toThrow(IpcFormatError)
    const codec9 = recordBatchMessage(1n, [], (b) => [[3, 'offset', table(b, [[0, 'i8', 9]])]])
    expect(() => readMessage(codec9)).toThrow(UnsupportedFeatureError)
  })

  it('rejects vector and string lengths larger than the buffer before allocating', () => {
    const bytes = writeRecordBatchMessage({ length: 1, nodes: [{ length: 1, nullCount: 0 }], buffers: [] }, 0)
    const dv = new DataView(bytes.buffer)
    // Find the nodes vector: its length word (1) followed by the node (1, 0).
    let patched = 0
    for (let p = 0; p + 20 <= bytes.length; p += 4) {
      if (dv.getUint32(p, true) === 1 && dv.getUint32(p + 4, true) === 1 && dv.getUint32(p + 12, true) === 0) {
        const huge = bytes.slice()
        new DataView(huge.buffer).setUint32(p, 0x7fffffff, true)
        expect(() => readMessage(huge)).toThrow(/more than the buffer holds/)
        patched++
      }
    }
    expect(patched).toBeGreaterThan(0)
    const named = oneField({ typeType: T.Null, name: 'abcdef' })
    const at = Buffer.from(named).indexOf('abcdef')
    const longName = named.slice()
    new DataView(longName.buffer).setUint32(at - 4, 0xfffffff0, true)
    expect(() => readMessage(longName)).toThrow(IpcFormatError)
    expect(() => readMessage(oneField({ typeType: T.Null, name: Uint8Array.of(0xff, 0xfe) }))).toThrow(/UTF-8/)
  })

  it('rejects truncated buffers and wrong argument types', () => {
    const bytes = writeSchemaMessage(everyTypeSchema())
    for (const n of [0, 3, 7, 8, 16, bytes.length >> 1, bytes.length - 1]) {
      expect(() => readMessage(bytes.subarray(0, n))).toThrow(IpcFormatError)
    }
    expect(() => readMessage([1, 2, 3] as unknown as Uint8Array)).toThrow(InvalidArgumentError)
    expect(() => readFooter(new Uint8Array(4))).toThrow(IpcFormatError)
    expect(() => readFooter(writeSchemaMessage(everyTypeSchema()))).toThrow(IpcFormatError)
  })

  it('reads metadata held in shared memory', () => {
    const bytes = writeSchemaMessage(everyTypeSchema())
    const shared = new Uint8Array(new SharedArrayBuffer(bytes.length + 8), 8)
    shared.set(bytes)
    expect(readMessage(shared)).toEqual(readMessage(bytes))
  })
})

import { describe, expect, it } from 'vitest'
import { MetadataVersion, Type, dictionary, field, int32, list, schema, utf8 } from '@lightstream/core'
import { readFooter, readMessage, writeFooter, writeRecordBatchMessage, writeSchemaMessage } from '@lightstream/ipc'

describe('documented examples', () => {
  it('index.ts @example: write a schema message and read it back', () => {
    const bytes = writeSchemaMessage(schema([field('id', int32(), false), field('name', utf8())]))
    const { version, header } = readMessage(bytes)
    expect(version).toBe(4)
    expect(header.type === 'schema' && header.schema.fields.map((f) => f.name)).toEqual(['id', 'name'])
  })

  it('README example: schema with a dictionary-encoded list child, then a record batch header', () => {
    const s = schema([field('id', int32(), false), field('tags', list(dictionary(utf8(), int32(), 0)))], { origin: 'demo' })
    const bytes = writeSchemaMessage(s)
    const { version, header } = readMessage(bytes)
    expect(version).toBe(MetadataVersion.V5)
    if (header.type !== 'schema') throw new Error('expected a schema')
    expect(header.schema.fields.map((f) => f.name)).toEqual(['id', 'tags'])
    expect(header.schema.metadata.get('origin')).toBe('demo')
    const tags = header.schema.fields[1]!.type
    expect(tags.typeId === Type.List && tags.child.type).toEqual({
      typeId: Type.Dictionary, id: 0, indices: int32(), dictionary: utf8(), ordered: false,
    })

    const batch = writeRecordBatchMessage(
      { length: 2, nodes: [{ length: 2, nullCount: 0 }], buffers: [{ offset: 0, length: 0 }, { offset: 0, length: 8 }] },
      8,
    )
    expect(readMessage(batch).header).toEqual({
      type: 'recordBatch', length: 2, nodes: [{ length: 2, nullCount: 0 }],
      buffers: [{ offset: 0, length: 0 }, { offset: 0, length: 8 }], variadicBufferCounts: [],
    })
  })

  it('readFooter @example: locate the footer at the end of a file', () => {
    const footerBytes = writeFooter({ schema: schema([field('x', int32())]), recordBatches: [{ offset: 8, metaDataLength: 136, bodyLength: 64 }] })
    const file = new Uint8Array(8 + footerBytes.length + 10)
    file.set(footerBytes, 8)
    new DataView(file.buffer).setInt32(8 + footerBytes.length, footerBytes.length, true)
    const n = new DataView(file.buffer, file.byteOffset).getInt32(file.length - 10, true)
    const footer = readFooter(file.subarray(file.length - 10 - n, file.length - 10))
    expect(footer.recordBatches).toEqual([{ offset: 8, metaDataLength: 136, bodyLength: 64 }])
    expect(footer.schema.fields.length).toBe(1)
  })
})

import { expect, it } from 'vitest'
import { Endianness, MetadataVersion, Type, UnsupportedFeatureError, field, schema } from '@lightstream/core'
import type { DataType, Field, Schema } from '@lightstream/core'
import { readMessage, writeFooter, writeSchemaMessage } from '@lightstream/ipc'
import type { MessageMetadata } from '@lightstream/ipc'
import { describeWithArrowTesting, integrationCases, readBytes, readJsonGz } from '../fixtures'
import { expectedBuffers, fileFooter, messageAt, streamMessages, viewFieldCount } from './ipc-walk'
import { jsonNodes, mapDictionaryIds, nodesMatch, pairDictionaryIds, schemaFromJson, type JsonColumn } from './json-schema'

const PRODUCERS = ['cpp-21.0.0', '1.0.0-littleendian', '1.0.0-bigendian', '0.14.1', '2.0.0-compression', '4.0.0-shareddict']

interface JsonFile {
  batches: { count: number; columns: JsonColumn[] }[]
  dictionaries?: { id: number; data: { count: number; columns: JsonColumn[] } }[]
}

/** Dictionary id → value type, from every (possibly nested) dictionary-encoded field. */
function dictionaryTypes(s: Schema): Map<number, DataType> {
  const out = new Map<number, DataType>()
  const walkType = (t: DataType): void => {
    if (t.typeId === Type.Dictionary) {
      out.set(t.id, t.dictionary)
      walkType(t.dictionary)
    } else if ('child' in t) walkType(t.child.type)
    else if ('children' in t) t.children.forEach((c: Field) => walkType(c.type))
    else if (t.typeId === Type.RunEndEncoded) [t.runEnds, t.values].forEach((c) => walkType(c.type))
  }
  s.fields.forEach((f) => walkType(f.type))
  return out
}

interface Seen { batches: number; dictionaries: Set<number>; jsonIds: Map<number, number> }

/** Checks one decoded message against the schema (buffer and variadic counts) and the JSON (row and null counts). */
/**
 * Expects `actual` to equal the JSON schema, dictionary ids included. Only where the JSON gives several
 * dictionary fields one id (nested_dictionary), which Arrow C++ writes as distinct ids, is a consistent
 * renumbering accepted. Returns the pairing of file ids to JSON ids.
 */
function expectSameSchema(actual: Schema, expected: Schema): Map<number, number> {
  const ids = pairDictionaryIds(actual, expected)
  const jsonSharesIds = new Set(ids.values()).size < ids.size
  if (!jsonSharesIds) expect([...ids].every(([a, e]) => a === e)).toBe(true)
  expect(mapDictionaryIds(actual, (id) => ids.get(id)!)).toEqual(expected)
  return ids
}

function checkBatch(m: MessageMetadata, s: Schema, dicts: Map<number, DataType>, json: JsonFile, seen: Seen): void {
  const h = m.header
  if (h.type === 'recordBatch') {
    const expected = json.batches[seen.batches++]!
    expect(h.length).toBe(expected.count)
    expect(nodesMatch(h.nodes, jsonNodes(expected.columns))).toBe(true)
    expect(h.variadicBufferCounts.length).toBe(viewFieldCount(s))
    expect(h.buffers.length).toBe(expectedBuffers(s, m.version, h.variadicBufferCounts))
    for (const b of h.buffers) expect(b.offset + b.length).toBeLessThanOrEqual(m.bodyLength)
  } else if (h.type === 'dictionaryBatch') {
    const valueType = dicts.get(h.id)
    expect(valueType).toBeDefined()
    const one = schema([field('values', valueType!)])
    expect(h.data.buffers.length).toBe(expectedBuffers(one, m.version, h.data.variadicBufferCounts))
    // The first dictionary sent for an id is the one the JSON lists.
    const listed = json.dictionaries?.find((d) => d.id === seen.jsonIds.get(h.id))
    if (listed !== undefined && !seen.dictionaries.has(h.id)) {
      expect(h.data.length).toBe(listed.data.count)
      expect(nodesMatch(h.data.nodes, jsonNodes(listed.data.columns))).toBe(true)
    }
    seen.dictionaries.add(h.id)
  } else {
    throw new Error('a second schema message')
  }
}

describeWithArrowTesting('conformance with Arrow C++ integration files (metadata)', (dir) => {
  for (const producer of PRODUCERS) {
    const cases = integrationCases(dir, producer)
    it(`finds the ${producer} cases`, () => expect(cases.length).toBeGreaterThan(0))
    const endianness = producer.includes('bigendian') ? Endianness.Big : Endianness.Little
    const version = producer === '0.14.1' ? MetadataVersion.V4 : MetadataVersion.V5

    for (const c of cases) {
      it(`${producer}/${c.name}.arrow_file: footer, schema and every block`, () => {
        const bytes = readBytes(c.arrowFile)
        const json = readJsonGz(c.json) as JsonFile
        const footer = fileFooter(bytes)
        const expected = schemaFromJson(json, endianness)
        expect(footer.version).toBe(version)
        const jsonIds = expectSameSchema(footer.schema, expected)
        expect(footer.recordBatches.length).toBe(json.batches.length)
        expect(footer.dictionaries.length).toBeGreaterThanOrEqual(json.dictionaries?.length ?? 0)

        // The schema message at the start of the embedded stream says the same as the footer.
        const first = messageAt(bytes, 8)!
        expect(first.metadata.header).toEqual({ type: 'schema', schema: footer.schema })

        const dicts = dictionaryTypes(footer.schema)
        const seen: Seen = { batches: 0, dictionaries: new Set(), jsonIds }
        for (const [blocks, kind] of [[footer.dictionaries, 'dictionaryBatch'], [footer.recordBatches, 'recordBatch']] as const) {
          for (const block of blocks) {
            const m = messageAt(bytes, block.offset)!
            expect(m.metadata.header.type).toBe(kind)
            expect(m.metadata.version).toBe(version)
            expect(m.metaDataLength).toBe(block.metaDataLength)
            expect(m.metadata.bodyLength).toBe(block.bodyLength)
            expect(block.offset + block.metaDataLength + block.bodyLength).toBeLessThanOrEqual(bytes.length)
            checkBatch(m.metadata, footer.schema, dicts, json, seen)
          }
        }
        expect(seen.batches).toBe(json.batches.length)
      })

      it(`${producer}/${c.name}.stream: every message`, () => {
        const bytes = readBytes(c.stream)
        const json = readJsonGz(c.json) as JsonFile
        const messages = streamMessages(bytes)
        const expected = schemaFromJson(json, endianness)
        expect(messages[0]!.legacy).toBe(producer === '0.14.1')
        const header = messages[0]!.metadata.header
        if (header.type !== 'schema') throw new Error('the stream does not start with a schema')
        const jsonIds = expectSameSchema(header.schema, expected)
        const dicts = dictionaryTypes(header.schema)
        const seen: Seen = { batches: 0, dictionaries: new Set(), jsonIds }
        for (const m of messages.slice(1)) checkBatch(m.metadata, header.schema, dicts, json, seen)
        const codec = producer === '2.0.0-compression' ? (c.name.includes('lz4') ? 'lz4_frame' : 'zstd') : undefined
        for (const m of messages) {
          if (m.metadata.header.type === 'recordBatch') expect(m.metadata.header.compression?.codec).toBe(codec)
        }
        expect(seen.batches).toBe(json.batches.length)
        const dictionaryMessages = messages.filter((m) => m.metadata.header.type === 'dictionaryBatch').length
        expect(dictionaryMessages).toBeGreaterThanOrEqual(json.dictionaries?.length ?? 0)
      })

      it(`${producer}/${c.name}: our writers re-encode the schema and footer losslessly`, () => {
        const footer = fileFooter(readBytes(c.arrowFile))
        const again = readMessage(writeSchemaMessage(footer.schema))
        expect(again.header).toEqual({ type: 'schema', schema: footer.schema })
        expect(fileFooterFrom(writeFooter(footer))).toEqual(footer)
      })
    }
  }

  it('rejects forward-compatibility/schema_v6.arrow with UnsupportedFeatureError', () => {
    const bytes = readBytes(`${dir}/data/forward-compatibility/schema_v6.arrow`)
    expect(() => streamMessages(bytes)).toThrow(UnsupportedFeatureError)
    expect(() => streamMessages(bytes)).toThrow(/V6/)
  })
})

function fileFooterFrom(footerBytes: Uint8Array) {
  const file = new Uint8Array(footerBytes.length + 18)
  const text = new TextEncoder()
  file.set(text.encode('ARROW1'), 0)
  file.set(footerBytes, 8)
  new DataView(file.buffer).setInt32(8 + footerBytes.length, footerBytes.length, true)
  file.set(text.encode('ARROW1'), 12 + footerBytes.length)
  return fileFooter(file)
}

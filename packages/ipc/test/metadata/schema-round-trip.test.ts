import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  Endianness, InvalidArgumentError, MetadataVersion, Type, dictionary, field, int32, int8, list, schema, struct, utf8,
} from '@lightstream/core'
import type { DataType, Field, MetadataVersion as MetadataVersionValue, Schema } from '@lightstream/core'
import { readMessage, writeSchemaMessage } from '@lightstream/ipc'
import { arbitrarySchema, bigEndianSchema, everyTypeSchema } from './sample-schemas'

function schemaOf(bytes: Uint8Array): Schema {
  const { header } = readMessage(bytes)
  if (header.type !== 'schema') throw new Error(`expected a schema message, got ${header.type}`)
  return header.schema
}

/** A plain, comparable view of a field tree (Maps as entry arrays) for exact equality. */
function plain(value: unknown): unknown {
  if (value instanceof Map) return [...value.entries()]
  if (Array.isArray(value)) return value.map(plain)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
  }
  return value
}

describe('writeSchemaMessage → readMessage', () => {
  it('round-trips one field of every type exactly, with metadata, nullability and dictionaries', () => {
    const original = everyTypeSchema()
    const bytes = writeSchemaMessage(original)
    const message = readMessage(bytes)
    expect(message.version).toBe(MetadataVersion.V5)
    expect(message.bodyLength).toBe(0)
    expect(message.customMetadata.size).toBe(0)
    const back = schemaOf(bytes)
    expect(plain(back)).toEqual(plain(original))
    expect(back.fields.map((f) => f.name)).toEqual(original.fields.map((f) => f.name))
  })

  it('keeps each parameter: spot checks on the decoded types', () => {
    const back = schemaOf(writeSchemaMessage(everyTypeSchema()))
    const byName = (n: string): DataType => back.fields.find((f) => f.name === n)!.type
    expect(byName('d128')).toEqual({ typeId: Type.Decimal, precision: 38, scale: 10, bitWidth: 128 })
    expect(byName('d64')).toEqual({ typeId: Type.Decimal, precision: 18, scale: -3, bitWidth: 64 })
    expect(byName('ts_paris')).toEqual({ typeId: Type.Timestamp, unit: 2, timezone: 'Europe/Paris' })
    expect(byName('ts_s')).toEqual({ typeId: Type.Timestamp, unit: 0, timezone: null })
    expect(byName('ts_empty_tz')).toEqual({ typeId: Type.Timestamp, unit: 3, timezone: '' })
    expect(byName('t_ns')).toEqual({ typeId: Type.Time, unit: 3, bitWidth: 64 })
    expect(byName('f16')).toEqual({ typeId: Type.Float, precision: 0 })
    const sparse = byName('sparse')
    expect(sparse.typeId === Type.Union && [sparse.mode, sparse.typeIds]).toEqual([0, [5, 7]])
    const sorted = byName('sorted_map')
    expect(sorted.typeId === Type.Map && sorted.keysSorted).toBe(true)
    const ordered = byName('dict_ordered')
    expect(ordered).toMatchObject({ typeId: Type.Dictionary, id: 1, ordered: true, indices: { bitWidth: 32, signed: false } })
    const nested = byName('dict_nested')
    expect(nested.typeId === Type.Dictionary && nested.dictionary.typeId === Type.List && nested.dictionary.child.type)
      .toMatchObject({ typeId: Type.Dictionary, id: 3, indices: { bitWidth: 16 } })
    expect(back.fields.find((f) => f.name === 'meta')!.metadata.get('unicode ✓')).toBe('値')
    expect(back.metadata.get('pandas')).toBe('{"columns": []}')
  })

  it('keeps big-endian declarations, and writes V4 when asked', () => {
    const bytes = writeSchemaMessage(bigEndianSchema(), { version: MetadataVersion.V4, customMetadata: { origin: 'test' } })
    const message = readMessage(bytes)
    expect(message.version).toBe(MetadataVersion.V4)
    expect(message.customMetadata).toEqual(new Map([['origin', 'test']]))
    expect(schemaOf(bytes).endianness).toBe(Endianness.Big)
  })

  it('round-trips an empty schema', () => {
    const back = schemaOf(writeSchemaMessage(schema([])))
    expect(back).toEqual({ fields: [], metadata: new Map(), endianness: Endianness.Little })
  })

  it('round-trips arbitrary schemas (property)', () => {
    fc.assert(
      fc.property(arbitrarySchema, (s) => {
        expect(plain(schemaOf(writeSchemaMessage(s)))).toEqual(plain(s))
      }),
      { numRuns: 300 },
    )
  })

  it('round-trips 64 levels of nesting and refuses to write 65', () => {
    const nest = (levels: number): Field => {
      let f = field('leaf', int32())
      for (let i = 1; i < levels; i++) f = field(`l${i}`, i % 2 === 0 ? list(f) : struct([f]))
      return f
    }
    const deep = schema([nest(64)])
    expect(plain(schemaOf(writeSchemaMessage(deep)))).toEqual(plain(deep))
    expect(() => writeSchemaMessage(schema([nest(65)]))).toThrow(InvalidArgumentError)
  })

  it('refuses what the format cannot hold, with InvalidArgumentError', () => {
    const bad: DataType[] = [
      { typeId: Type.Int, bitWidth: 12 as 8, signed: true },
      { typeId: Type.Decimal, precision: 39, scale: 0, bitWidth: 128 },
      { typeId: Type.Time, unit: 0, bitWidth: 64 },
      { typeId: Type.Union, mode: 0, typeIds: [0, 200], children: [field('a', int32()), field('b', utf8())] },
      { typeId: Type.Union, mode: 0, typeIds: [0], children: [] },
      { typeId: Type.Union, mode: 1, typeIds: [3, 3], children: [field('a', int32()), field('b', utf8())] },
      { typeId: Type.Map, keysSorted: false, child: field('entries', int32(), false) },
      { typeId: Type.RunEndEncoded, runEnds: field('run_ends', int8(), false), values: field('values', utf8()) },
      { typeId: Type.FixedSizeBinary, byteWidth: -1 },
      dictionary(dictionary(utf8()) as unknown as DataType),
      { typeId: 99 } as unknown as DataType,
    ]
    for (const type of bad) expect(() => writeSchemaMessage(schema([field('x', type)]))).toThrow(InvalidArgumentError)
    expect(() => writeSchemaMessage(schema([]), { version: 5 as MetadataVersionValue })).toThrow(InvalidArgumentError)
    expect(() => writeSchemaMessage(schema([]), { customMetadata: { k: 1 as unknown as string } })).toThrow(InvalidArgumentError)
  })

  it('returns a tight, 8-byte aligned buffer of its own', () => {
    const bytes = writeSchemaMessage(everyTypeSchema())
    expect(bytes.byteOffset).toBe(0)
    expect(bytes.buffer.byteLength).toBe(bytes.length)
  })
})

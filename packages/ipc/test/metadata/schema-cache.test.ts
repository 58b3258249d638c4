import { IpcFormatError, Type, dictionary, field, int32, list, schema, struct, tableFromArrays, utf8 } from '@lightstream/core'
import { clearSchemaCache, readMessage, tableFromIPC, tableToIPC, writeRecordBatchMessage, writeSchemaMessage } from '@lightstream/ipc'
import { beforeEach, describe, expect, it } from 'vitest'
import { SCHEMA_CACHE_ENTRIES, SCHEMA_CACHE_MAX_BYTES, schemaCacheSize } from '../../src/metadata/schema-cache'
import { isSchemaMessage } from '../../src/metadata/peek-message'

const sample = schema([
  field('id', int32(), false),
  field('tags', list(field('item', utf8()))),
  field('point', struct([field('x', int32()), field('y', int32())])),
  field('kind', dictionary(utf8(), int32())),
], { origin: 'test' })

function schemaOf(bytes: Uint8Array) {
  const { header } = readMessage(bytes)
  if (header.type !== 'schema') throw new Error('expected a schema message')
  return header.schema
}

describe('schema message cache', () => {
  beforeEach(() => clearSchemaCache())

  it('returns the same frozen metadata for the same bytes, read from another buffer', () => {
    const bytes = writeSchemaMessage(sample)
    const first = readMessage(bytes)
    const second = readMessage(bytes.slice())
    expect(second).toBe(first)
    expect(schemaCacheSize()).toBe(1)
    const s = schemaOf(bytes)
    expect(s.fields.map((f) => f.name)).toEqual(['id', 'tags', 'point', 'kind'])
    expect(Object.isFrozen(first)).toBe(true)
    expect(Object.isFrozen(s)).toBe(true)
    expect(Object.isFrozen(s.fields)).toBe(true)
    for (const f of s.fields) {
      expect(Object.isFrozen(f)).toBe(true)
      expect(Object.isFrozen(f.type)).toBe(true)
    }
    const point = s.fields[2]!.type
    if (point.typeId !== Type.Struct) throw new Error('expected a struct')
    expect(Object.isFrozen(point.children)).toBe(true)
    expect(Object.isFrozen(point.children[0])).toBe(true)
    expect(() => (s.fields as unknown as unknown[]).push(field('z', int32()))).toThrow(TypeError)
  })

  it('finds a schema at any byte offset', () => {
    const bytes = writeSchemaMessage(sample)
    const first = readMessage(bytes)
    for (const shift of [1, 2, 3, 5]) {
      const host = new Uint8Array(bytes.length + shift)
      host.set(bytes, shift)
      expect(readMessage(host.subarray(shift))).toBe(first)
    }
  })

  it('compares the bytes after the last whole word too', () => {
    const bytes = writeSchemaMessage(sample)
    const padded = (tail: number[]): Uint8Array => {
      const out = new Uint8Array(bytes.length + tail.length)
      out.set(bytes)
      out.set(tail, bytes.length)
      return out
    }
    // Trailing padding is allowed after the flatbuffer; 1 to 3 extra bytes leave a partial last word.
    for (const extra of [1, 2, 3]) {
      const zeros = padded(new Array<number>(extra).fill(0))
      const first = readMessage(zeros)
      expect(readMessage(zeros.slice())).toBe(first)
      for (let k = 0; k < extra; k++) {
        const tail = new Array<number>(extra).fill(0)
        tail[k] = 7
        const other = readMessage(padded(tail))
        expect(other, `${extra} extra byte(s), byte ${k} changed`).not.toBe(first)
        expect(other).toEqual(first)
      }
    }
  })

  it('never returns a stale schema when the caller reuses its buffer for other bytes', () => {
    const a = writeSchemaMessage(schema([field('a', int32())]))
    const b = writeSchemaMessage(schema([field('b', int32())]))
    expect(a.length).toBe(b.length)
    const buffer = a.slice()
    expect(schemaOf(buffer).fields[0]!.name).toBe('a')
    buffer.set(b)
    expect(schemaOf(buffer).fields[0]!.name).toBe('b')
    buffer.set(a)
    expect(schemaOf(buffer).fields[0]!.name).toBe('a')
  })

  it('misses on a change of any single byte, aligned or not (every lane of the word compare is checked)', () => {
    const bytes = writeSchemaMessage(sample)
    const first = readMessage(bytes)
    for (const shift of [0, 1]) {
      const host = new Uint8Array(bytes.length + shift)
      for (let i = 0; i < bytes.length; i++) {
        host.set(bytes, shift)
        host[shift + i] = host[shift + i]! ^ 0x20
        let again: unknown
        try {
          again = readMessage(host.subarray(shift))
        } catch {
          continue // the flipped byte broke the flatbuffer: not a hit either
        }
        expect(again, `byte ${i} changed, shift ${shift}`).not.toBe(first)
      }
    }
    // The unchanged bytes still hit (the mutants that parsed may have evicted `first`).
    const again = readMessage(bytes.slice())
    expect(readMessage(bytes.slice())).toBe(again)
  })

  it('keeps at most SCHEMA_CACHE_ENTRIES schemas, dropping the least recently used', () => {
    const messages = Array.from({ length: SCHEMA_CACHE_ENTRIES + 5 }, (_, i) => writeSchemaMessage(schema([field(`f${i}`, int32())])))
    const kept = readMessage(messages[0]!)
    for (const bytes of messages.slice(1)) {
      readMessage(bytes)
      readMessage(messages[0]!) // keeps the first one recently used
      expect(schemaCacheSize()).toBeLessThanOrEqual(SCHEMA_CACHE_ENTRIES)
    }
    expect(readMessage(messages[0]!)).toBe(kept)
    const evicted = readMessage(messages[1]!)
    expect(readMessage(messages[1]!)).toBe(evicted)
    expect(schemaOf(messages[1]!).fields[0]!.name).toBe('f1')
  })

  it('parses schemas over the size limit every time (equal, not shared)', () => {
    const wide = schema(Array.from({ length: 2000 }, (_, i) => field(`column-with-a-long-name-${i}`, int32())))
    const bytes = writeSchemaMessage(wide)
    expect(bytes.length).toBeGreaterThan(SCHEMA_CACHE_MAX_BYTES)
    const first = readMessage(bytes)
    expect(readMessage(bytes)).not.toBe(first)
    expect(schemaCacheSize()).toBe(0)
    expect(schemaOf(bytes).fields.length).toBe(2000)
  })

  it('does not cache failures: a corrupt schema throws on every read', () => {
    const bytes = writeSchemaMessage(schema([field('abcé', int32())]))
    const at = bytes.findIndex((_, i) => bytes[i] === 0xc3 && bytes[i + 1] === 0xa9)
    const corrupt = bytes.slice()
    corrupt[at + 1] = 0x28
    expect(isSchemaMessage(corrupt)).toBe(true)
    expect(() => readMessage(corrupt)).toThrow(IpcFormatError)
    expect(() => readMessage(corrupt)).toThrow(IpcFormatError)
    expect(schemaCacheSize()).toBe(0)
  })

  it('peeks the header type with bounds checks: record batches and garbage are not schema messages', () => {
    const batch = writeRecordBatchMessage({ length: 0, nodes: [], buffers: [] }, 0)
    expect(isSchemaMessage(batch)).toBe(false)
    expect(isSchemaMessage(writeSchemaMessage(sample))).toBe(true)
    for (const garbage of [new Uint8Array(8), new Uint8Array(8).fill(0xff), Uint8Array.of(4, 0, 0, 0, 0xf0, 0xff, 0xff, 0xff)]) {
      expect(isSchemaMessage(garbage)).toBe(false)
      expect(() => readMessage(garbage)).toThrow(IpcFormatError)
    }
  })

  it('tables read from the same stream share one schema; their batches and dictionaries are their own', () => {
    const table = tableFromArrays({ id: Int32Array.of(1, 2, 3), name: ['a', 'b', null] })
    const bytes = tableToIPC(table)
    const one = tableFromIPC(bytes)
    const two = tableFromIPC(bytes)
    expect(two.schema).toBe(one.schema)
    expect(two.batches[0]).not.toBe(one.batches[0])
    expect(two.getChild('name')!.toArray()).toEqual(['a', 'b', null])
  })
})

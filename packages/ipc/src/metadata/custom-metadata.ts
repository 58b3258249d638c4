import type { Builder } from 'flatbuffers'
import { InvalidArgumentError } from '@lightstream/core'
import type { MetadataInit } from '@lightstream/core'
import type { FbTable, FlatbufferReader } from './flatbuffer-reader'
import { KeyValueSlot } from './fbs-layout'

/** What every field and message without custom metadata shares (most have none; a Map each was measurable). */
const NO_METADATA: ReadonlyMap<string, string> = new Map()

/**
 * Reads a `[KeyValue]` field (custom_metadata of a Schema, Field, Message or Footer) into a Map.
 * An absent key or value reads as `''`; a repeated key keeps its last value. O(entries), bounded by the
 * buffer size through the reader's checks.
 *
 * @throws {IpcFormatError} an entry outside the buffer or a string that is not UTF-8.
 * @internal
 */
export function readCustomMetadata(r: FlatbufferReader, t: FbTable, slot: number, what: string): ReadonlyMap<string, string> {
  const v = r.vector(t, slot, 4, what)
  if (v === null || v.length === 0) return NO_METADATA
  const out = new Map<string, string>()
  for (let i = 0; i < v.length; i++) {
    const kv = r.tableAt(v, i, what)
    const key = r.string(kv, KeyValueSlot.key, 'KeyValue.key') ?? ''
    const value = r.string(kv, KeyValueSlot.value, 'KeyValue.value') ?? ''
    out.set(key, value)
  }
  return out
}

/** Normalises writer input (Map, record or nothing) into entries, checking that both sides are strings. */
export function metadataEntries(init: MetadataInit | undefined | null, what: string): [string, string][] {
  if (init == null) return []
  const entries = init instanceof Map ? [...(init as ReadonlyMap<string, string>)] : Object.entries(init)
  for (const [key, value] of entries) {
    if (typeof key !== 'string' || typeof value !== 'string') {
      throw new InvalidArgumentError(`${what}: custom metadata keys and values must be strings`)
    }
  }
  return entries
}

/**
 * Writes custom metadata as a `[KeyValue]` vector and returns its offset, or 0 when there is none (so the
 * field is omitted, as Arrow C++ does).
 *
 * @throws {InvalidArgumentError} a key or value that is not a string.
 * @internal
 */
export function writeCustomMetadata(b: Builder, init: MetadataInit | undefined | null, what: string): number {
  const entries = metadataEntries(init, what)
  if (entries.length === 0) return 0
  const offsets = entries.map(([key, value]) => {
    const k = b.createString(key)
    const v = b.createString(value)
    b.startObject(KeyValueSlot.count)
    b.addFieldOffset(KeyValueSlot.key, k, 0)
    b.addFieldOffset(KeyValueSlot.value, v, 0)
    return b.endObject()
  })
  return writeOffsetVector(b, offsets)
}

/** Writes a vector of offsets (tables or strings), preserving order. */
export function writeOffsetVector(b: Builder, offsets: readonly number[]): number {
  b.startVector(4, offsets.length, 4)
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]!)
  return b.endVector()
}

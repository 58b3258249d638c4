import { Type, type DataType, type Field, type Schema } from '@lightstream/core'
import { childFields } from '../format/buffer-layout'
import type { MessageMetadata } from './message-metadata'

/** Schema messages remembered at most (least recently used first out). */
export const SCHEMA_CACHE_ENTRIES = 16
/** Larger Schema flatbuffers are parsed every time: their parse cost dwarfs the lookup anyway, and memory stays small. */
export const SCHEMA_CACHE_MAX_BYTES = 64 * 1024

interface Entry {
  /** A private copy of the flatbuffer bytes (the caller's buffer may be reused for the next message). */
  readonly bytes: Uint8Array
  /** The copy's whole 32-bit words as little-endian int32 values (what `getInt32(at, true)` reads), compared a word at a time. */
  readonly words: Int32Array
  readonly metadata: MessageMetadata
}

/**
 * Parsed Schema messages, most recently used last. A service that reads many IPC payloads of one schema (a
 * polling dashboard, per-request responses, one schema per protocol frame) parses the schema once: a hit
 * costs a comparison of the flatbuffer bytes with each remembered one of the same length, instead of
 * building every field and type object again (the largest fixed cost of reading a small table).
 *
 * Identical bytes always decode to identical metadata (the reader keeps no other state), so a hit returns
 * what a parse would. The cached objects are shared by every table read from such bytes; they are frozen so
 * that a cast-away `readonly` cannot change another table's schema (custom metadata Maps are typed
 * `ReadonlyMap` and cannot be frozen).
 */
const entries: Entry[] = []

/**
 * True when `[start, end)` of `bytes` holds exactly the entry's bytes. The input is read through `view` (a
 * DataView over exactly `bytes`), at any alignment and without making a typed array of it; four words at a
 * time, xor-ed.
 */
function matches(entry: Entry, bytes: Uint8Array, start: number, end: number, view: DataView): boolean {
  const n = end - start
  if (entry.bytes.length !== n) return false
  const own = entry.words
  const words = own.length
  let k = 0
  for (let at = start; k + 4 <= words; k += 4, at += 16) {
    const diff = (own[k]! ^ view.getInt32(at, true)) | (own[k + 1]! ^ view.getInt32(at + 4, true)) |
      (own[k + 2]! ^ view.getInt32(at + 8, true)) | (own[k + 3]! ^ view.getInt32(at + 12, true))
    if (diff !== 0) return false
  }
  for (; k < words; k++) if (own[k] !== view.getInt32(start + 4 * k, true)) return false
  const copy = entry.bytes
  for (let i = words * 4; i < n; i++) if (copy[i] !== bytes[start + i]) return false
  return true
}

/** The whole 32-bit words of `bytes` read little-endian, on any platform. */
function littleEndianWords(bytes: Uint8Array): Int32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const words = new Int32Array(bytes.length >> 2)
  for (let k = 0; k < words.length; k++) words[k] = view.getInt32(4 * k, true)
  return words
}

/**
 * The metadata of a Schema message with exactly the bytes `[start, end)` of `bytes`: a cached one, or
 * `parse()`'s result, frozen and remembered (errors propagate and are not cached). Flatbuffers over
 * {@link SCHEMA_CACHE_MAX_BYTES} are parsed every time. `view` is a DataView over exactly `bytes`.
 * @internal
 */
export function cachedSchemaMessage(
  bytes: Uint8Array, start: number, end: number, view: DataView,
  parse: (bytes: Uint8Array, start: number, end: number, view: DataView) => MessageMetadata,
): MessageMetadata {
  if (end - start > SCHEMA_CACHE_MAX_BYTES) return parse(bytes, start, end, view)
  for (let k = entries.length - 1; k >= 0; k--) {
    const entry = entries[k]!
    if (matches(entry, bytes, start, end, view)) {
      if (k !== entries.length - 1) {
        entries.splice(k, 1)
        entries.push(entry)
      }
      return entry.metadata
    }
  }
  const metadata = deepFreezeMessage(parse(bytes, start, end, view))
  const copy = bytes.slice(start, end)
  entries.push({ bytes: copy, words: littleEndianWords(copy), metadata })
  if (entries.length > SCHEMA_CACHE_ENTRIES) entries.shift()
  return metadata
}

/** Forget every cached schema (tests; or to release the memory of schemas no longer read). */
export function clearSchemaCache(): void {
  entries.length = 0
}

/** How many Schema messages are cached now. @internal */
export function schemaCacheSize(): number {
  return entries.length
}

function freezeType(type: DataType): void {
  if (Object.isFrozen(type)) return
  for (const child of childFields(type)) freezeField(child)
  if (type.typeId === Type.Dictionary) {
    freezeType(type.indices)
    freezeType(type.dictionary)
  }
  for (const value of Object.values(type)) if (Array.isArray(value)) Object.freeze(value) // children, union type ids
  Object.freeze(type)
}

function freezeField(field: Field): void {
  freezeType(field.type)
  Object.freeze(field)
}

function deepFreezeMessage(metadata: MessageMetadata): MessageMetadata {
  if (metadata.header.type === 'schema') {
    const schema: Schema = metadata.header.schema
    for (const field of schema.fields) freezeField(field)
    Object.freeze(schema.fields)
    Object.freeze(schema)
  }
  Object.freeze(metadata.header)
  return Object.freeze(metadata)
}

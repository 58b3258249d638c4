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
  /** The same copy as 32-bit words (the copy starts 4-aligned), compared a word at a time. */
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

/** True when words `[0, n)` of `a` and `b` are equal: four at a time, xor-ed (twice as fast as one by one, measured). */
function sameWords(a: Int32Array, b: Int32Array, n: number): boolean {
  let k = 0
  for (; k + 4 <= n; k += 4) {
    if (((a[k]! ^ b[k]!) | (a[k + 1]! ^ b[k + 1]!) | (a[k + 2]! ^ b[k + 2]!) | (a[k + 3]! ^ b[k + 3]!)) !== 0) return false
  }
  for (; k < n; k++) if (a[k] !== b[k]) return false
  return true
}

/** True when `[start, end)` of `bytes` holds exactly the entry's bytes. */
function matches(entry: Entry, bytes: Uint8Array, start: number, end: number): boolean {
  const n = end - start
  if (entry.bytes.length !== n) return false
  const own = entry.words
  let i = 0
  const at = bytes.byteOffset + start
  if (at % 4 === 0) {
    if (!sameWords(own, new Int32Array(bytes.buffer, at, n >> 2), own.length)) return false
    i = own.length * 4
  }
  const copy = entry.bytes
  for (; i < n; i++) if (copy[i] !== bytes[start + i]) return false
  return true
}

/**
 * The metadata of a Schema message with exactly the bytes `[start, end)` of `bytes`: a cached one, or
 * `parse()`'s result, frozen and remembered (errors propagate and are not cached). Flatbuffers over
 * {@link SCHEMA_CACHE_MAX_BYTES} are parsed every time.
 * @internal
 */
export function cachedSchemaMessage(
  bytes: Uint8Array, start: number, end: number, parse: (bytes: Uint8Array, start: number, end: number) => MessageMetadata,
): MessageMetadata {
  if (end - start > SCHEMA_CACHE_MAX_BYTES) return parse(bytes, start, end)
  for (let k = entries.length - 1; k >= 0; k--) {
    const entry = entries[k]!
    if (matches(entry, bytes, start, end)) {
      if (k !== entries.length - 1) {
        entries.splice(k, 1)
        entries.push(entry)
      }
      return entry.metadata
    }
  }
  const metadata = deepFreezeMessage(parse(bytes, start, end))
  const copy = bytes.slice(start, end)
  entries.push({ bytes: copy, words: new Int32Array(copy.buffer, 0, copy.length >> 2), metadata })
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

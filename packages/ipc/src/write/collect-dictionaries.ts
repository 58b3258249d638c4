import { Data, InvalidArgumentError, InvalidDataError, Type } from '@lightstream/core'
import type { DataType, DictionaryType, Schema } from '@lightstream/core'
import { childFields } from '../format/buffer-layout'
import { dictionaryValuesEqual } from './dictionary-values-equal'

/** One dictionary a record batch refers to. @internal */
export interface BatchDictionary {
  readonly id: number
  /** The schema's Dictionary type (value type, index type). */
  readonly type: DictionaryType
  /** The dictionary in force for the batch; undefined when only empty arrays refer to it and carry none. */
  readonly values: Data | undefined
  /** Ids of the dictionaries the values refer to (nested dictionary encoding). */
  readonly inner: readonly number[]
  readonly path: string
}

/** True when a type is or contains a dictionary-encoded field. O(type size). @internal */
export function hasDictionaries(type: DataType): boolean {
  if (type.typeId === Type.Dictionary) return true
  return childFields(type).some((f) => hasDictionaries(f.type))
}

/** Ids of the Dictionary types inside `type` (not `type` itself when it is one). */
function innerIds(type: DataType, out: number[] = []): number[] {
  for (const f of childFields(type)) {
    if (f.type.typeId === Type.Dictionary) {
      out.push(f.type.id)
      innerIds(f.type.dictionary, out)
    } else innerIds(f.type, out)
  }
  if (type.typeId === Type.Dictionary) innerIds(type.dictionary, out)
  return out
}

const NO_IDS: readonly number[] = Object.freeze([])

/** {@link innerIds} of a schema's dictionary types, worked out once per type (the schema's objects are reused batch after batch). */
const innerIdsCache = new WeakMap<DictionaryType, readonly number[]>()

function cachedInnerIds(type: DictionaryType): readonly number[] {
  let ids = innerIdsCache.get(type)
  if (ids === undefined) {
    const found = innerIds(type)
    ids = found.length === 0 ? NO_IDS : Object.freeze(found)
    innerIdsCache.set(type, ids)
  }
  return ids
}

/** Indices of a schema's fields that are or contain dictionaries, once per schema. */
const dictionaryFieldsCache = new WeakMap<Schema, readonly number[]>()

function dictionaryFields(schema: Schema): readonly number[] {
  let fields = dictionaryFieldsCache.get(schema)
  if (fields === undefined) {
    const found: number[] = []
    schema.fields.forEach((f, i) => {
      if (hasDictionaries(f.type)) found.push(i)
    })
    fields = found.length === 0 ? NO_IDS : Object.freeze(found)
    dictionaryFieldsCache.set(schema, fields)
  }
  return fields
}

/** A zero-length Data of any type (children and dictionaries included), for dictionaries nobody sent. */
export function emptyData(type: DataType): Data {
  return new Data({
    type,
    length: 0,
    nullCount: 0,
    children: childFields(type).map((f) => emptyData(f.type)),
    dictionary: type.typeId === Type.Dictionary ? emptyData(type.dictionary) : null,
  })
}

/**
 * The dictionaries a record batch refers to, each id once, inner dictionaries before the dictionaries whose
 * values refer to them (a reader needs them first). Walks only the fields that contain dictionaries; the
 * whole child Data is visited (a slice shares its parent's dictionaries). O(nodes of those fields).
 *
 * @throws InvalidDataError a non-empty dictionary-encoded array without a dictionary.
 * @throws InvalidArgumentError two arrays of one batch with the same id but different dictionaries.
 * @internal
 */
export function collectDictionaries(schema: Schema, columns: readonly Data[]): BatchDictionary[] {
  const fields = dictionaryFields(schema)
  const out: BatchDictionary[] = []
  if (fields.length === 0) return out
  const byId = new DictionariesById(out)
  for (const i of fields) {
    const f = schema.fields[i]!
    visit(byId, columns[i], f.type, f.name === '' ? `[${i}]` : f.name, 0)
  }
  return out
}

/**
 * The entries found so far, looked up by id: by scanning while there are few (a batch usually refers to
 * one or two dictionaries, and a Map per batch was a measurable part of encoding small ones), through a
 * Map once there are more.
 */
class DictionariesById {
  #map: Map<number, BatchDictionary> | undefined
  constructor(readonly out: BatchDictionary[]) {}

  get(id: number): BatchDictionary | undefined {
    if (this.#map !== undefined) return this.#map.get(id)
    for (const entry of this.out) if (entry.id === id) return entry
    return undefined
  }

  /** Appends a new entry, or replaces `old` by `entry` moved to the end (after the inner ones just visited). */
  put(entry: BatchDictionary, old?: BatchDictionary): void {
    if (old !== undefined) this.out.splice(this.out.indexOf(old), 1)
    this.out.push(entry)
    if (this.#map !== undefined) this.#map.set(entry.id, entry)
    else if (this.out.length > 8) this.#map = new Map(this.out.map((e) => [e.id, e]))
  }
}

function visit(byId: DictionariesById, data: Data | undefined, type: DataType, path: string, depth: number): void {
  if (data === undefined || depth > 128) return
  if (type.typeId === Type.Dictionary) {
    const values = data.dictionary
    if (values === undefined && data.length > 0) throw new InvalidDataError(`dictionary-encoded data (id ${type.id}) has no dictionary`, path)
    // Inner ids are the dictionaries inside the value type: none means there is nothing to visit there.
    const inner = cachedInnerIds(type)
    if (values !== undefined && inner.length > 0) visit(byId, values, type.dictionary, `${path}.dictionary`, depth + 1)
    const seen = byId.get(type.id)
    if (seen === undefined) {
      byId.put({ id: type.id, type, values, inner, path })
    } else if (values !== undefined && seen.values === undefined) {
      byId.put({ ...seen, values }, seen)
    } else if (values !== undefined && seen.values !== undefined && seen.values !== values) {
      if (values.length !== seen.values.length || !dictionaryValuesEqual(seen.values, values, values.length)) {
        throw new InvalidArgumentError(`${seen.path} and ${path} use dictionary id ${type.id} with different dictionaries in one batch`)
      }
    }
    return
  }
  const fields = childFields(type)
  for (let k = 0; k < fields.length; k++) visit(byId, data.children[k], fields[k]!.type, `${path}.${fields[k]!.name}`, depth + 1)
}

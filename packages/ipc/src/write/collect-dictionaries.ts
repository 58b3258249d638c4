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
  const found = new Map<number, BatchDictionary>()
  const out: BatchDictionary[] = []
  const visit = (data: Data | undefined, type: DataType, path: string, depth: number): void => {
    if (data === undefined || depth > 128) return
    if (type.typeId === Type.Dictionary) {
      const values = data.dictionary
      if (values === undefined && data.length > 0) throw new InvalidDataError(`dictionary-encoded data (id ${type.id}) has no dictionary`, path)
      if (values !== undefined) visit(values, type.dictionary, `${path}.dictionary`, depth + 1)
      const seen = found.get(type.id)
      if (seen === undefined) {
        const entry: BatchDictionary = { id: type.id, type, values, inner: innerIds(type), path }
        found.set(type.id, entry)
        out.push(entry)
      } else if (values !== undefined && seen.values === undefined) {
        const entry: BatchDictionary = { ...seen, values }
        found.set(type.id, entry)
        out.splice(out.indexOf(seen), 1)
        out.push(entry) // after the inner dictionaries just visited
      } else if (values !== undefined && seen.values !== undefined && seen.values !== values) {
        if (values.length !== seen.values.length || !dictionaryValuesEqual(seen.values, values, values.length)) {
          throw new InvalidArgumentError(`${seen.path} and ${path} use dictionary id ${type.id} with different dictionaries in one batch`)
        }
      }
      return
    }
    const fields = childFields(type)
    for (let k = 0; k < fields.length; k++) visit(data.children[k], fields[k]!.type, `${path}.${fields[k]!.name}`, depth + 1)
  }
  schema.fields.forEach((f, i) => {
    if (hasDictionaries(f.type)) visit(columns[i], f.type, f.name === '' ? `[${i}]` : f.name, 0)
  })
  return out
}

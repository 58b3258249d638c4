import { FrameTooLargeError, IpcFormatError, Type, type Data, type DataType, type Field, type Schema } from '@lightstream/core'
import { childFields } from '../format/buffer-layout'
import { concatData } from './concat-data'
import type { ResolvedReadOptions } from './read-options'

/**
 * Dictionary id → value type, for every dictionary-encoded field of the schema, nested ones included
 * (dictionary value types that contain dictionary-encoded children). O(fields).
 * @throws IpcFormatError when one id is declared with two different value types' kinds.
 * @internal
 */
export function dictionaryValueTypes(schema: Schema): Map<number, DataType> {
  const out = new Map<number, DataType>()
  const visit = (type: DataType): void => {
    if (type.typeId === Type.Dictionary) {
      const known = out.get(type.id)
      if (known !== undefined && known.typeId !== type.dictionary.typeId) {
        throw new IpcFormatError(`Invalid IPC schema: dictionary id ${type.id} is declared with two different value types`)
      }
      out.set(type.id, type.dictionary)
      visit(type.dictionary)
      return
    }
    for (const child of childFields(type)) visit(child.type)
  }
  for (const f of schema.fields) visit(f.type)
  return out
}

const NO_METADATA: ReadonlyMap<string, string> = new Map()

/** Per schema object: its dictionary value types and the one-column field of each id (schemas are immutable). */
const SCHEMA_DICTIONARIES = new WeakMap<Schema, { types: Map<number, DataType>; fields: Map<number, Field> }>()

/** A dictionary in force and the bytes it holds (deltas included). */
interface InForce {
  readonly data: Data
  readonly bytes: number
}

/**
 * The dictionaries in force while reading a stream or file, by id. A replacement replaces; a delta appends
 * to the dictionary in force with one concatenation copy (counted in `stats.dictionaryCopies`), so the
 * batches read before keep the dictionary they were given. Each dictionary's size is limited by
 * `maxDictionaryBytes`.
 * @internal
 */
export class DictionaryStore {
  readonly types: ReadonlyMap<number, DataType>
  readonly #fields: Map<number, Field>
  /**
   * The dictionary in force per id and the bytes it holds: the first id read in two fields (most reads have
   * no dictionary or one, and need no Map), every other id in a Map made with the second.
   */
  #firstId = Number.NaN
  #first: InForce | undefined = undefined
  #more: Map<number, InForce> | undefined = undefined
  readonly #options: ResolvedReadOptions

  constructor(schema: Schema, options: ResolvedReadOptions) {
    // Computed once per schema object: a schema read again through the metadata cache is the same object.
    let known = SCHEMA_DICTIONARIES.get(schema)
    if (known === undefined) SCHEMA_DICTIONARIES.set(schema, (known = { types: dictionaryValueTypes(schema), fields: new Map() }))
    this.types = known.types
    this.#fields = known.fields
    this.#options = options
  }

  #entry(id: number): InForce | undefined {
    return id === this.#firstId ? this.#first : this.#more?.get(id)
  }

  /** The dictionary in force for `id`, or undefined. O(1). */
  get(id: number): Data | undefined {
    return this.#entry(id)?.data
  }

  /** True when a dictionary for `id` has been read. */
  has(id: number): boolean {
    return this.#entry(id) !== undefined
  }

  /** A field for the single column of a DictionaryBatch of `id`. @throws IpcFormatError for an id the schema does not declare. */
  field(id: number): Field {
    let field = this.#fields.get(id)
    if (field !== undefined) return field
    const type = this.types.get(id)
    if (type === undefined) throw new IpcFormatError(`Invalid IPC dictionary batch: id ${id} is not declared by any schema field`)
    field = Object.freeze({ name: `dictionary ${id}`, type, nullable: true, metadata: NO_METADATA })
    this.#fields.set(id, field)
    return field
  }

  /**
   * Put `data` in force for `id`, appending it to the current dictionary when `isDelta` (a delta for an id
   * with no dictionary yet defines it). `bytes` is what `data`'s buffers hold, children included (the
   * reader sums them as it makes them).
   * @throws FrameTooLargeError when the dictionary would exceed maxDictionaryBytes; IpcFormatError from the concatenation.
   */
  set(id: number, data: Data, isDelta: boolean, bytes: number): void {
    const { maxDictionaryBytes: limit, stats, allocator } = this.#options
    const entry = isDelta ? this.#entry(id) : undefined
    const current = entry?.data
    const size = bytes + (entry === undefined ? 0 : entry.bytes)
    if (size > limit) {
      throw new FrameTooLargeError(`dictionary ${id} would hold ${size} bytes, more than maxDictionaryBytes (${limit})`, size, limit)
    }
    let value = data
    if (current !== undefined || this.#options.recycle) {
      // A delta is appended in new memory; recycled input is reused later, so a replacement is copied out of it.
      const counter = { bytes: 0 }
      value = concatData(current === undefined ? [data] : [current, data], allocator, counter)
      stats.dictionaryCopies++
      stats.dictionaryCopiedBytes += counter.bytes
    }
    const inForce: InForce = { data: value, bytes: size }
    if (this.#first === undefined || id === this.#firstId) {
      this.#firstId = id
      this.#first = inForce
    } else {
      (this.#more ??= new Map()).set(id, inForce)
    }
  }
}

import { InvalidArgumentError } from '../errors'
import type { DataType } from './data-type'
import { field } from './field'
import { dictionary, list, map, struct } from './nested-type-constructors'
import { binary, bool, float32, float64, int16, int32, int64, int8, nullType, timestamp, uint16, uint32, uint64, utf8 } from './type-constructors'
import { TimeUnit } from './type'

/**
 * Type inference for plain JavaScript arrays (null and undefined are nulls, ignored for the type):
 *
 * | values | type |
 * |---|---|
 * | numbers, all integers in int32 range (and no -0) | Int32 |
 * | other numbers | Float64 |
 * | bigints | Int64 |
 * | strings | Utf8, or Dictionary<Int32, Utf8> with `dictionary: true` |
 * | booleans | Bool |
 * | Date objects | Timestamp<ms, UTC> (a Date is an instant) |
 * | Uint8Array | Binary |
 * | arrays | List of the inferred type of all their elements |
 * | typed arrays (not Uint8Array), all of one class | List of that class's type (Float64Array items → List<Float64>) |
 * | plain objects | Struct of the keys in order of first appearance, each inferred (missing keys are null) |
 * | Map | Map of the inferred key and value types |
 * | nothing but nulls (or empty) | Null |
 */
export interface InferOptions {
  /** Strings become Dictionary<Int32, Utf8>. */
  readonly dictionary?: boolean
  /** Column name for error messages. */
  readonly name?: string
}

type Kind = 'number' | 'bigint' | 'string' | 'boolean' | 'date' | 'bytes' | 'list' | 'object' | 'map'

function kindOf(v: unknown, path: string, index: number): Kind {
  switch (typeof v) {
    case 'number': return 'number'
    case 'bigint': return 'bigint'
    case 'string': return 'string'
    case 'boolean': return 'boolean'
    case 'object':
      if (v instanceof Date) return 'date'
      if (v instanceof Uint8Array) return 'bytes'
      if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) return 'list'
      if (v instanceof Map) return 'map'
      if (v !== null && !ArrayBuffer.isView(v)) return 'object'
  }
  throw new InvalidArgumentError(`column "${path}": cannot infer an Arrow type for the ${typeof v} at index ${index}`)
}

/**
 * Infer the Arrow type of `values` by the rules above. O(total values, nested included).
 * @throws InvalidArgumentError naming the column (and nested path) and both kinds when values mix kinds.
 */
export function inferType(values: ArrayLike<unknown>, options: InferOptions = {}): DataType {
  return infer(values, options.name ?? '', options.dictionary === true)
}

function infer(values: ArrayLike<unknown>, path: string, dict: boolean): DataType {
  let kind: Kind | undefined
  let first = -1
  let allInt32 = true
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v == null) continue
    const k = kindOf(v, path, i)
    if (kind === undefined) {
      kind = k
      first = i
    } else if (k !== kind) {
      throw new InvalidArgumentError(`column "${path}": mixed value types: ${kind} (index ${first}) and ${k} (index ${i})`)
    }
    if (k === 'number' && allInt32 && (((v as number) | 0) !== v || Object.is(v, -0))) allInt32 = false
  }
  switch (kind) {
    case undefined: return nullType()
    case 'number': return allInt32 ? int32() : float64()
    case 'bigint': return int64()
    case 'string': return dict ? dictionary(utf8(), int32()) : utf8()
    case 'boolean': return bool()
    case 'date': return timestamp(TimeUnit.MILLISECOND, 'UTC')
    case 'bytes': return binary()
    case 'list': {
      const typed = typedItemsType(values)
      if (typed !== undefined) return list(field('item', typed))
      const flat: unknown[] = []
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as ArrayLike<unknown> | null | undefined
        if (v != null) for (let k = 0; k < v.length; k++) flat.push(v[k])
      }
      return list(field('item', infer(flat, `${path}[]`, dict)))
    }
    case 'map': {
      const keys: unknown[] = []
      const items: unknown[] = []
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as Map<unknown, unknown> | null | undefined
        if (v != null) for (const [key, item] of v) keys.push(key), items.push(item)
      }
      return map(infer(keys, `${path}.key`, dict), infer(items, `${path}.value`, dict))
    }
    case 'object': {
      const names: string[] = []
      const known = new Set<string>()
      for (let i = 0; i < values.length; i++) {
        const v = values[i]
        if (v != null) for (const key of Object.keys(v)) if (!known.has(key)) known.add(key), names.push(key)
      }
      return struct(
        names.map((name) => {
          const column = Array.from(values, (v) => (v == null ? null : (v as Record<string, unknown>)[name]))
          return field(name, infer(column, `${path}.${name}`, dict))
        }),
      )
    }
  }
}

const TYPED: [new (...args: never[]) => ArrayBufferView, () => DataType][] = [
  [Int8Array, int8], [Int16Array, int16], [Int32Array, int32], [BigInt64Array, int64], [Uint16Array, uint16],
  [Uint32Array, uint32], [BigUint64Array, uint64], [Float32Array, float32], [Float64Array, float64],
]

/** The element type when every non-null item is a typed array of one class, else undefined. */
function typedItemsType(values: ArrayLike<unknown>): DataType | undefined {
  let found: (typeof TYPED)[number] | undefined
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v == null) continue
    const match = TYPED.find(([Ctor]) => v instanceof Ctor)
    if (match === undefined || (found !== undefined && match !== found)) return undefined
    found = match
  }
  return found?.[1]()
}

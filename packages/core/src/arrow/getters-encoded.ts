import { InvalidDataError } from '../errors'
import { EMPTY_INT32, EMPTY_INT8, need, needChild, readInt64, wordsOf } from './buffer-views'
import type { Data } from './data'
import type { DictionaryType, RunEndEncodedType, UnionType } from './data-type'
import type { RawGetter, ValueGetter } from './value-getter'
import { intReader } from './getters-numeric'
import { Type, UnionMode } from './type'
import type { ValueOptions } from './value-options'

/**
 * Physical-slot readers for the encoded layouts: unions, run-end encoding and dictionaries.
 */

/**
 * Union → the selected child's value. Sparse unions read the child at the same slot, dense unions at
 * the slot's value offset. A type code that the type does not declare reads as null.
 */
export function unionGetter(data: Data, options: ValueOptions): RawGetter {
  const type = data.type as UnionType
  const typeIds = need(data.typeIds, 'type ids', data, EMPTY_INT8)
  // Type code (0..127) → child getter, resolved once.
  const byCode = new Array<ValueGetter | undefined>(128)
  type.typeIds.forEach((code, k) => {
    byCode[code] = needChild(data, k).getter(options)
  })
  const missing: ValueGetter = () => null
  for (let c = 0; c < 128; c++) byCode[c] ??= missing
  const table = byCode as ValueGetter[]
  if (type.mode === UnionMode.Sparse) return (j) => table[typeIds[j]! & 127]!(j)
  const offsets = need(data.valueOffsets, 'value offsets', data, EMPTY_INT32)
  return (j) => table[typeIds[j]! & 127]!(offsets[j]!)
}

/**
 * Run-end encoded → the value of the run containing the slot: the first run whose end exceeds it,
 * found by binary search (O(log runs)); sequential reads hit the cached last run in O(1).
 */
export function runEndEncodedGetter(data: Data, options: ValueOptions): RawGetter {
  const type = data.type as RunEndEncodedType
  const ends = needChild(data, 0)
  const values = needChild(data, 1).getter(options)
  const runs = ends.length
  const base = ends.offset
  const endsValues = need(ends.values, 'run ends', ends, EMPTY_INT32)
  let endAt: (k: number) => number
  if (type.runEnds.type.typeId === Type.Int && type.runEnds.type.bitWidth === 64) {
    const words = wordsOf(endsValues)
    endAt = (k) => readInt64(words, base + k)
  } else {
    const v = endsValues as Int32Array
    endAt = (k) => v[base + k]!
  }
  let lastRun = 0
  let lastStart = 0
  let lastEnd = runs > 0 ? endAt(0) : 0
  return (j) => {
    if (j >= lastStart && j < lastEnd) return values(lastRun)
    let lo = 0
    let hi = runs
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (endAt(mid) > j) hi = mid
      else lo = mid + 1
    }
    if (lo >= runs) return null
    lastRun = lo
    lastStart = lo === 0 ? 0 : endAt(lo - 1)
    lastEnd = endAt(lo)
    return values(lo)
  }
}

/**
 * Dictionary-encoded → the dictionary value at the slot's index.
 * @throws InvalidDataError when the chunk has no dictionary.
 */
export function dictionaryGetter(data: Data, options: ValueOptions): RawGetter {
  const type = data.type as DictionaryType
  const dictionary = data.dictionary
  if (dictionary === undefined) throw new InvalidDataError(`dictionary-encoded data (id ${type.id}) has no dictionary`)
  const lookup = dictionary.getter(options)
  // Indices read as numbers whatever their width (never as bigint).
  const index = intReader(need(data.values, 'indices', data, EMPTY_INT32), type.indices, false) as (j: number) => number
  const size = dictionary.length
  return (j) => {
    const k = index(j)
    return k >= 0 && k < size ? lookup(k) : null
  }
}

import { InvalidDataError } from '../errors'
import { elementsPerSlot } from './buffer-views'
import type { Data } from './data'
import type { DecimalType } from './data-type'
import { binaryGetter } from './getters-binary'
import { decimalGetter } from './getters-decimal'
import { dictionaryGetter, runEndEncodedGetter, unionGetter } from './getters-encoded'
import { listGetter, mapGetter, structGetter } from './getters-nested'
import { boolGetter, floatGetter, intGetter } from './getters-numeric'
import { dateGetter, durationGetter, intervalGetter, timeGetter, timestampGetter } from './getters-temporal'
import { typeToString } from './type-to-string'
import { Type } from './type'
import type { ValueOptions } from './value-options'

/** Reads the value of a logical slot (offset and nulls handled). Unchecked: `0 <= index < length`. */
export type ValueGetter = (index: number) => unknown

/** Reads the value at a physical slot (offset already added, no null check). Internal to the getters. */
export type RawGetter = (slot: number) => unknown

const nullGetter: ValueGetter = () => null

/**
 * Build the getter of a chunk for a set of options: the per-type reader is chosen here, once, with its
 * buffers and child getters captured, then wrapped for the offset and the validity bitmap only when the
 * chunk has them. O(1) plus the children's getters; never O(rows).
 * @throws InvalidDataError when a buffer the type needs is missing from a non-empty chunk.
 */
export function makeGetter(data: Data, options: ValueOptions): ValueGetter {
  // The type id is read once and passed on: this runs for every chunk's first read, and the load meets type
  // objects of many shapes.
  const typeId = data.type.typeId
  if (typeId === Type.Null) return nullGetter
  checkFixedWidth(data, typeId)
  const raw = rawGetter(data, options, typeId)
  const offset = data.offset
  const validity = data.validity
  if (validity === undefined) return offset === 0 ? raw : (i) => raw(offset + i)
  return (i) => {
    const j = offset + i
    return (validity[j >> 3]! >> (j & 7)) & 1 ? raw(j) : null
  }
}

/** The physical-slot reader for a chunk's type (`typeId`: the type's id when the caller has read it). */
export function rawGetter(data: Data, options: ValueOptions, typeId: Type = data.type.typeId): RawGetter {
  switch (typeId) {
    case Type.Int: return intGetter(data, options)
    case Type.Float: return floatGetter(data)
    case Type.Bool: return boolGetter(data)
    case Type.Decimal: return decimalGetter(data, options)
    case Type.Date: return dateGetter(data, options)
    case Type.Time: return timeGetter(data, options)
    case Type.Timestamp: return timestampGetter(data, options)
    case Type.Duration: return durationGetter(data, options)
    case Type.Interval: return intervalGetter(data)
    case Type.Binary:
    case Type.Utf8:
    case Type.LargeBinary:
    case Type.LargeUtf8:
    case Type.BinaryView:
    case Type.Utf8View:
    case Type.FixedSizeBinary: return binaryGetter(data)
    case Type.List:
    case Type.LargeList:
    case Type.ListView:
    case Type.LargeListView:
    case Type.FixedSizeList: return listGetter(data, options)
    case Type.Struct: return structGetter(data, options)
    case Type.Map: return mapGetter(data, options)
    case Type.Union: return unionGetter(data, options)
    case Type.RunEndEncoded: return runEndEncodedGetter(data, options)
    case Type.Dictionary: return dictionaryGetter(data, options)
    default: throw new InvalidDataError(`cannot read values of type ${typeToString(data.type)}`)
  }
}

/**
 * Fixed-width layouts must hold every slot up to offset + length, so that reads (some through DataView)
 * never run past the buffer. O(1).
 * @throws InvalidDataError when the values buffer is too short.
 */
function checkFixedWidth(data: Data, typeId: Type): void {
  const v = data.values
  if (data.length === 0 || v === undefined) return // a missing buffer is reported by the type's getter
  const t = data.type
  const slots = data.offset + data.length
  // One switch on the type id (this runs for every chunk's first read): `need` counts elements of the
  // values' typed array class, or bytes where `bytes` is set.
  let need: number
  let bytes = false
  switch (typeId) {
    case Type.Int:
    case Type.Float:
    case Type.Date:
    case Type.Time:
    case Type.Timestamp:
    case Type.Duration: need = slots; break
    case Type.Interval:
    case Type.FixedSizeBinary:
    case Type.BinaryView:
    case Type.Utf8View: need = slots * elementsPerSlot(t); break
    case Type.Bool: need = Math.ceil(slots / 8); bytes = true; break
    case Type.Decimal: need = slots * ((t as DecimalType).bitWidth / 8); bytes = true; break
    default: return // offsets-based and nested layouts, dictionaries (their indices are read through intReader)
  }
  const have = bytes ? v.byteLength : v.length
  if (have < need) throw new InvalidDataError(`${typeToString(t)} values buffer has ${have} elements, needs ${need} for offset + length ${slots}`)
}

import { InvalidDataError } from '../errors'
import { elementsPerSlot, readInt64, wordsOf } from './buffer-views'
import type { Data } from './data'
import { DECIMAL_MAX_PRECISION } from './type-constructors'
import { Precision, Type } from './type'
import { typeToString } from './type-to-string'
import { isValidUtf8 } from './utf8'
import type { Check } from './validate'

/**
 * Validation of the childless layouts: fixed-width values, booleans, variable-size binary and strings,
 * and binary/string views. Returns false for layouts it does not handle.
 */
export function validateFlat(data: Data, path: string, check: Check): boolean {
  const t = data.type
  const slots = data.offset + data.length
  const fail = (message: string): never => {
    throw new InvalidDataError(message, path)
  }
  switch (t.typeId) {
    case Type.Null:
      return true
    case Type.Int:
      if (![8, 16, 32, 64].includes(t.bitWidth)) fail(`invalid integer bit width ${t.bitWidth}`)
      break
    case Type.Float:
      if (t.precision !== Precision.HALF && t.precision !== Precision.SINGLE && t.precision !== Precision.DOUBLE) fail(`invalid float precision ${t.precision}`)
      break
    case Type.Decimal: {
      const max = DECIMAL_MAX_PRECISION[t.bitWidth]
      if (max === undefined) fail(`invalid decimal bit width ${t.bitWidth}`)
      if (!(t.precision >= 1 && t.precision <= max)) fail(`decimal${t.bitWidth} precision ${t.precision} is outside 1..${max}`)
      const need = slots * (t.bitWidth / 8)
      if (data.length > 0 && (data.values?.byteLength ?? 0) < need) fail(`values buffer has ${data.values?.byteLength ?? 0} bytes, needs ${need}`)
      return true
    }
    case Type.Time:
      if (t.bitWidth !== (t.unit <= 1 ? 32 : 64)) fail(`time unit ${t.unit} cannot be ${t.bitWidth}-bit`)
      break
    case Type.Date:
    case Type.Timestamp:
    case Type.Duration:
    case Type.Interval:
    case Type.FixedSizeBinary:
      break
    case Type.Bool: {
      const need = Math.ceil(slots / 8)
      if (data.length > 0 && (data.values?.byteLength ?? 0) < need) fail(`values bitmap has ${data.values?.byteLength ?? 0} bytes, needs ${need}`)
      return true
    }
    case Type.Binary:
    case Type.Utf8:
    case Type.LargeBinary:
    case Type.LargeUtf8: {
      const bytes = (data.values ?? new Uint8Array(0)) as Uint8Array
      checkOffsets(data, bytes.byteLength, 'data buffer', path)
      if (check.utf8 && (t.typeId === Type.Utf8 || t.typeId === Type.LargeUtf8) && data.length > 0) {
        const off = offsetReader(data.offsets!)
        for (let j = data.offset; j < slots; j++) {
          if (data.isValid(j - data.offset) && !isValidUtf8(bytes, off(j), off(j + 1))) fail(`slot ${j - data.offset} is not valid UTF-8`)
        }
      }
      return true
    }
    case Type.BinaryView:
    case Type.Utf8View:
      validateViews(data, path, check.utf8 && t.typeId === Type.Utf8View)
      return true
    default:
      return false
  }
  const need = slots * elementsPerSlot(t)
  const have = data.values?.length ?? 0
  if (data.length > 0 && have < need) fail(`values buffer has ${have} elements of ${typeToString(t)}, needs ${need}`)
  return true
}

/** Reads offset `k` of an Int32Array or BigInt64Array (as a number) without creating bigints. */
export function offsetReader(offsets: Int32Array | BigInt64Array): (k: number) => number {
  if (offsets instanceof Int32Array) return (k) => offsets[k]!
  const words = wordsOf(offsets)
  return (k) => readInt64(words, k)
}

/**
 * Offsets of `[offset, offset + length]` exist, start at or above 0, never decrease and end within
 * `limit` (the data buffer or child length).
 * @throws InvalidDataError otherwise.
 */
export function checkOffsets(data: Data, limit: number, target: string, path: string): void {
  if (data.length === 0) return
  const offsets = data.offsets
  const slots = data.offset + data.length
  if (offsets === undefined || offsets.length < slots + 1) {
    throw new InvalidDataError(`offsets buffer has ${offsets?.length ?? 0} entries, needs ${slots + 1}`, path)
  }
  const off = offsetReader(offsets)
  let previous = off(data.offset)
  if (previous < 0) throw new InvalidDataError(`offset ${previous} at slot 0 is negative`, path)
  for (let j = data.offset + 1; j <= slots; j++) {
    const next = off(j)
    if (next < previous) throw new InvalidDataError(`offsets decrease at slot ${j - data.offset} (${previous} then ${next})`, path)
    previous = next
  }
  if (previous > limit) throw new InvalidDataError(`last offset ${previous} is beyond the ${target} length ${limit}`, path)
}

/** Views: 16 bytes per slot; long values must point inside a variadic buffer and repeat its first 4 bytes. */
function validateViews(data: Data, path: string, utf8: boolean): void {
  const slots = data.offset + data.length
  const views = (data.values ?? new Uint8Array(0)) as Uint8Array
  if (data.length > 0 && views.byteLength < slots * 16) throw new InvalidDataError(`views buffer has ${views.byteLength} bytes, needs ${slots * 16}`, path)
  const dv = new DataView(views.buffer, views.byteOffset, views.byteLength)
  const buffers = data.variadic
  for (let j = data.offset; j < slots; j++) {
    const i = j - data.offset
    if (!data.isValid(i)) continue
    const at = j * 16
    const length = dv.getInt32(at, true)
    if (length < 0) throw new InvalidDataError(`view ${i} has negative length ${length}`, path)
    if (length <= 12) {
      if (utf8 && !isValidUtf8(views, at + 4, at + 4 + length)) throw new InvalidDataError(`slot ${i} is not valid UTF-8`, path)
      continue
    }
    const index = dv.getInt32(at + 8, true)
    const start = dv.getInt32(at + 12, true)
    const buffer = buffers[index]
    if (buffer === undefined || index < 0) throw new InvalidDataError(`view ${i} refers to buffer ${index}, but there are ${buffers.length}`, path)
    if (start < 0 || start + length > buffer.byteLength) {
      throw new InvalidDataError(`view ${i} range [${start}, ${start + length}) is outside buffer ${index} of ${buffer.byteLength} bytes`, path)
    }
    for (let k = 0; k < 4; k++) if (views[at + 4 + k] !== buffer[start + k]) throw new InvalidDataError(`view ${i} prefix differs from its data`, path)
    if (utf8 && !isValidUtf8(buffer, start, start + length)) throw new InvalidDataError(`slot ${i} is not valid UTF-8`, path)
  }
}

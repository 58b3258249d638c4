import { DateUnit, InvalidDataError, IntervalUnit, Precision, Type, Data } from '@lightstream/core'
import type { DataType } from '@lightstream/core'
import { arrayOf, asObject, decodeHex, integerOf, stringOf, toBigInt, describe, type JsonPath } from './json-access'
import {
  boolsFromJson, byteValuesFromJson, concatValues, floatsFromJson, hexBytes, intsFromJson, utf8Bytes, type JsonValidity,
} from './json-buffers'
import type { JsonObject, JsonValue } from './parse-json-lossless'

/**
 * Data of the flat (childless) types from one integration JSON column: `DATA` holds one entry per slot
 * (null slots included, with arbitrary values); 64-bit integers are decimal strings; binary is hex;
 * decimals are unscaled integers as strings; intervals are objects; views are `VIEWS` plus
 * `VARIADIC_DATA_BUFFERS`. Returns undefined for the nested types.
 */

/**
 * @throws InvalidDataError for a value that does not fit the type or a malformed column.
 */
export function flatDataFromJson(type: DataType, col: JsonObject, count: number, validity: JsonValidity, path: JsonPath): Data | undefined {
  const base = { type, length: count, nullCount: validity.nullCount, validity: validity.bitmap }
  const data = (): JsonValue[] => arrayOf(col, 'DATA', path, count)
  switch (type.typeId) {
    case Type.Null: return new Data({ type, length: count })
    case Type.Bool: return new Data({ ...base, values: boolsFromJson(data(), path) })
    case Type.Int: return new Data({ ...base, values: intsFromJson(data(), type.bitWidth, type.signed, path) })
    case Type.Float: {
      const bits = type.precision === Precision.HALF ? 16 : type.precision === Precision.SINGLE ? 32 : 64
      return new Data({ ...base, values: floatsFromJson(data(), bits, path) })
    }
    case Type.Date: return new Data({ ...base, values: intsFromJson(data(), type.unit === DateUnit.DAY ? 32 : 64, true, path) })
    case Type.Time: return new Data({ ...base, values: intsFromJson(data(), type.bitWidth, true, path) })
    case Type.Timestamp:
    case Type.Duration: return new Data({ ...base, values: intsFromJson(data(), 64, true, path) })
    case Type.Interval: return new Data({ ...base, values: intervalsFromJson(data(), type.unit, path) })
    case Type.Decimal: return new Data({ ...base, values: decimalsFromJson(data(), type.bitWidth, path) })
    case Type.Binary:
    case Type.Utf8:
    case Type.LargeBinary:
    case Type.LargeUtf8: {
      const hex = type.typeId === Type.Binary || type.typeId === Type.LargeBinary
      const large = type.typeId === Type.LargeBinary || type.typeId === Type.LargeUtf8
      const { data: bytes, offsets } = concatValues(byteValuesFromJson(data(), hex, path), large, path)
      return new Data({ ...base, values: bytes, offsets })
    }
    case Type.FixedSizeBinary: {
      const width = type.byteWidth
      const values = data()
      const out = new Uint8Array(width * count)
      values.forEach((v, i) => {
        if (typeof v !== 'string' || v.length !== 2 * width) throw new InvalidDataError(`value ${i} must be ${width} bytes of hex, got ${describe(v)}`, path)
        decodeHex(v, out, i * width, path)
      })
      return new Data({ ...base, values: out })
    }
    case Type.BinaryView:
    case Type.Utf8View: {
      const variadic = arrayOf(col, 'VARIADIC_DATA_BUFFERS', path).map((b) => {
        if (typeof b !== 'string') throw new InvalidDataError('"VARIADIC_DATA_BUFFERS" entries must be hex strings', path)
        return hexBytes(b, path)
      })
      return new Data({ ...base, values: viewsFromJson(arrayOf(col, 'VIEWS', path, count), type.typeId === Type.Utf8View, path), variadic })
    }
    default: return undefined
  }
}

/**
 * Interval slots: YEAR_MONTH months (int32); DAY_TIME `{days, milliseconds}`; MONTH_DAY_NANO
 * `{months, days, nanoseconds}` with nanoseconds an int64 (bare number beyond 2^53, or a string).
 */
function intervalsFromJson(values: readonly JsonValue[], unit: IntervalUnit, path: JsonPath): Int32Array {
  if (unit === IntervalUnit.YEAR_MONTH) return intsFromJson(values, 32, true, path) as Int32Array
  const words = unit === IntervalUnit.DAY_TIME ? 2 : 4
  const out = new Int32Array(values.length * words)
  const view = new DataView(out.buffer)
  values.forEach((v, i) => {
    const o = asObject(v, path, `interval ${i}`)
    const int32 = (key: string): number => integerOf(o, key, path, -2147483648, 2147483647)
    if (words === 2) {
      out[2 * i] = int32('days')
      out[2 * i + 1] = int32('milliseconds')
      return
    }
    out[4 * i] = int32('months')
    out[4 * i + 1] = int32('days')
    const nanos = toBigInt(o['nanoseconds'], path)
    if (nanos < -(1n << 63n) || nanos >= 1n << 63n) throw new InvalidDataError(`interval ${i} nanoseconds ${nanos} do not fit an int64`, path)
    view.setBigInt64(16 * i + 8, nanos, true)
  })
  return out
}

const SMALL_INTEGER = /^-?\d{1,15}$/

/**
 * Unscaled decimal integers (strings) as little-endian two's complement of `bitWidth` bits. The
 * precision is not enforced (old producers wrote more digits than it allows); the width is.
 */
function decimalsFromJson(values: readonly JsonValue[], bitWidth: 32 | 64 | 128 | 256, path: JsonPath): Uint8Array {
  const width = bitWidth / 8
  const out = new Uint8Array(values.length * width)
  const view = new DataView(out.buffer)
  const bound = 1n << BigInt(bitWidth - 1)
  const words = width / 4
  values.forEach((v, i) => {
    // Fast path: values of up to 15 digits are exact doubles; write their two's complement words directly.
    const small = typeof v === 'string' && v.length <= 15 && SMALL_INTEGER.test(v) ? Number(v) : typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined
    if (small !== undefined && bitWidth > 32) {
      const hi = Math.floor(small / 4294967296)
      view.setUint32(i * width, small - hi * 4294967296, true)
      view.setInt32(i * width + 4, hi, true)
      for (let w = 2; w < words; w++) view.setInt32(i * width + 4 * w, hi < 0 ? -1 : 0, true)
      return
    }
    const x = toBigInt(v, path)
    if (x < -bound || x >= bound) throw new InvalidDataError(`decimal ${i} (${x}) does not fit ${bitWidth} bits`, path)
    if (bitWidth === 32) {
      view.setInt32(i * 4, Number(x), true)
      return
    }
    for (let limb = 0; limb < width / 8; limb++) view.setBigUint64(i * width + limb * 8, BigInt.asUintN(64, x >> BigInt(64 * limb)), true)
  })
  return out
}

/**
 * 16-byte view structs from `VIEWS`: `{SIZE, INLINED}` for values of up to 12 bytes (hex for binary,
 * text for utf8), else `{SIZE, PREFIX_HEX, BUFFER_INDEX, OFFSET}` referencing a variadic buffer.
 */
function viewsFromJson(values: readonly JsonValue[], utf8: boolean, path: JsonPath): Uint8Array {
  const out = new Uint8Array(values.length * 16)
  const view = new DataView(out.buffer)
  values.forEach((v, i) => {
    const o = asObject(v, path, `view ${i}`)
    const size = integerOf(o, 'SIZE', path, 0, 2147483647)
    const at = i * 16
    view.setInt32(at, size, true)
    if (size <= 12) {
      const text = stringOf(o, 'INLINED', path)
      const bytes = utf8 ? utf8Bytes(text) : hexBytes(text, path)
      if (bytes.length !== size) throw new InvalidDataError(`view ${i} declares SIZE ${size} but inlines ${bytes.length} bytes`, path)
      out.set(bytes, at + 4)
      return
    }
    const prefix = stringOf(o, 'PREFIX_HEX', path)
    if (prefix.length !== 8) throw new InvalidDataError(`view ${i} PREFIX_HEX must be 4 bytes of hex, got ${describe(prefix)}`, path)
    decodeHex(prefix, out, at + 4, path)
    view.setInt32(at + 8, integerOf(o, 'BUFFER_INDEX', path, 0, 2147483647), true)
    view.setInt32(at + 12, integerOf(o, 'OFFSET', path, 0, 2147483647), true)
  })
  return out
}

import { InvalidDataError, numberToFloat16 } from '@lightstream/core'
import { decodeHex, describe, kindOf, toBigInt, type JsonPath } from './json-access'
import type { JsonValue } from './parse-json-lossless'

/**
 * Arrow buffers from the value arrays of the integration JSON. Each function allocates exactly the
 * buffer the values need (so allocation is bounded by the size of the JSON text) and range-checks
 * every value: an integer that does not fit its width is an error, never a silent wrap.
 */

/** A validity bitmap and its null count. */
export interface JsonValidity {
  readonly bitmap: Uint8Array | null
  readonly nullCount: number
}

/**
 * The bitmap of a `VALIDITY` array of 0/1 (or booleans); absent means all valid.
 * @throws InvalidDataError for a wrong length or an entry other than 0, 1, true, false.
 */
export function validityFromJson(values: JsonValue | undefined, count: number, path: JsonPath): JsonValidity {
  if (values === undefined || values === null) return { bitmap: null, nullCount: 0 }
  if (!Array.isArray(values) || values.length !== count) {
    throw new InvalidDataError(`"VALIDITY" must be an array of ${count} entries, got ${Array.isArray(values) ? values.length : kindOf(values)}`, path)
  }
  const bitmap = new Uint8Array((count + 7) >> 3)
  let nulls = 0
  for (let i = 0; i < count; i++) {
    const v = values[i]
    if (v === 1 || v === true) bitmap[i >> 3]! |= 1 << (i & 7)
    else if (v === 0 || v === false) nulls++
    else throw new InvalidDataError(`"VALIDITY" entry ${i} must be 0 or 1, got ${describe(v)}`, path)
  }
  return { bitmap, nullCount: nulls }
}

/**
 * Bit-packed booleans from `true`/`false` (or 1/0).
 * @throws InvalidDataError for any other entry.
 */
export function boolsFromJson(values: readonly JsonValue[], path: JsonPath): Uint8Array {
  const bits = new Uint8Array((values.length + 7) >> 3)
  values.forEach((v, i) => {
    if (v === true || v === 1) bits[i >> 3]! |= 1 << (i & 7)
    else if (v !== false && v !== 0) throw new InvalidDataError(`boolean ${i} must be true or false, got ${describe(v)}`, path)
  })
  return bits
}

const LIMITS_32: Record<number, [number, number, number, number]> = {
  8: [-128, 127, 0, 255],
  16: [-32768, 32767, 0, 65535],
  32: [-2147483648, 2147483647, 0, 4294967295],
}
const INT_CLASSES = {
  8: [Uint8Array, Int8Array],
  16: [Uint16Array, Int16Array],
  32: [Uint32Array, Int32Array],
} as const

/**
 * Integers of 8, 16 or 32 bits (numbers, or decimal strings), or of 64 bits (decimal strings, safe
 * numbers or bigints) into the matching typed array.
 * @throws InvalidDataError for a non-integer or a value outside the width.
 */
export function intsFromJson(values: readonly JsonValue[], bitWidth: number, signed: boolean, path: JsonPath, what = 'value'):
  Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | BigInt64Array | BigUint64Array {
  const n = values.length
  if (bitWidth === 64) {
    const out = signed ? new BigInt64Array(n) : new BigUint64Array(n)
    const min = signed ? -(1n << 63n) : 0n
    const max = signed ? (1n << 63n) - 1n : (1n << 64n) - 1n
    for (let i = 0; i < n; i++) {
      const v = toBigInt(values[i], path)
      if (v < min || v > max) throw new InvalidDataError(`${what} ${i} (${v}) does not fit a ${signed ? '' : 'u'}int64`, path)
      out[i] = v
    }
    return out
  }
  const limits = LIMITS_32[bitWidth]
  const classes = INT_CLASSES[bitWidth as 8 | 16 | 32]
  if (limits === undefined || classes === undefined) throw new InvalidDataError(`unsupported integer width ${bitWidth}`, path)
  const [min, max] = signed ? [limits[0], limits[1]] : [limits[2], limits[3]]
  const out = new classes[signed ? 1 : 0](n)
  for (let i = 0; i < n; i++) {
    let v = values[i]
    if (typeof v === 'string' || typeof v === 'bigint') v = Number(toBigInt(v, path))
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new InvalidDataError(`${what} ${i} must be an integer in [${min}, ${max}], got ${describe(values[i])}`, path)
    }
    out[i] = v
  }
  return out
}

const SPECIAL_FLOATS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, inf: Infinity, '-inf': -Infinity, nan: NaN }

/**
 * Floats into a Uint16Array (half, bit patterns), Float32Array or Float64Array. Besides numbers, the
 * strings "NaN", "Infinity", "-Infinity" are accepted (plain JSON cannot write them).
 * @throws InvalidDataError for any other entry.
 */
export function floatsFromJson(values: readonly JsonValue[], bits: 16 | 32 | 64, path: JsonPath): Uint16Array | Float32Array | Float64Array {
  const n = values.length
  const out = bits === 16 ? new Uint16Array(n) : bits === 32 ? new Float32Array(n) : new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v = values[i]
    let x: number | undefined
    if (typeof v === 'number') x = v
    else if (typeof v === 'bigint') x = Number(v)
    else if (typeof v === 'string' && Object.hasOwn(SPECIAL_FLOATS, v)) x = SPECIAL_FLOATS[v]
    if (x === undefined) throw new InvalidDataError(`float ${i} must be a number, got ${describe(v)}`, path)
    out[i] = bits === 16 ? numberToFloat16(x) : x
  }
  return out
}

const encoder = new TextEncoder()

/**
 * The bytes of each value: hex text for binary, UTF-8 encoded text for strings.
 * @throws InvalidDataError for an entry that is not a string, or bad hex.
 */
export function byteValuesFromJson(values: readonly JsonValue[], hex: boolean, path: JsonPath): Uint8Array[] {
  return values.map((v, i) => {
    if (typeof v !== 'string') throw new InvalidDataError(`value ${i} must be a string, got ${kindOf(v)}`, path)
    return hex ? hexBytes(v, path) : encoder.encode(v)
  })
}

/** Bytes of hex text. @throws InvalidDataError for bad hex. */
export function hexBytes(text: string, path: JsonPath): Uint8Array {
  const out = new Uint8Array(text.length >> 1)
  decodeHex(text, out, 0, path)
  return out
}

/** UTF-8 bytes of a string (lone surrogates become U+FFFD). */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text)
}

/** The values laid end to end, and their offsets (length + 1 entries, 32- or 64-bit). */
export function concatValues(parts: readonly Uint8Array[], large: boolean, path: JsonPath): { data: Uint8Array; offsets: Int32Array | BigInt64Array } {
  let total = 0
  for (const p of parts) total += p.length
  if (!large && total > 2147483647) throw new InvalidDataError(`${total} bytes do not fit 32-bit offsets`, path)
  const data = new Uint8Array(total)
  const offsets = large ? new BigInt64Array(parts.length + 1) : new Int32Array(parts.length + 1)
  let at = 0
  parts.forEach((p, i) => {
    data.set(p, at)
    at += p.length
    if (large) (offsets as BigInt64Array)[i + 1] = BigInt(at)
    else (offsets as Int32Array)[i + 1] = at
  })
  return { data, offsets }
}

import { InvalidDataError } from '@lightstream/core'
import type { JsonObject, JsonValue } from './parse-json-lossless'
import { stringifyJson } from './stringify-json'

/**
 * Typed access to parsed integration JSON. Every accessor checks the shape it expects and throws
 * `InvalidDataError` naming where in the document the problem is, so malformed input never reaches
 * a typed-array constructor as garbage.
 */

/** Where a value sits in the document, for error messages (e.g. `batch 1: col.item`). */
export type JsonPath = string

/** The kind of a JSON value, for messages. */
export function kindOf(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/**
 * `value` as an object.
 * @throws InvalidDataError when it is not one.
 */
export function asObject(value: JsonValue | undefined, path: JsonPath, what: string): JsonObject {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidDataError(`${what} must be an object, got ${kindOf(value)}`, path)
  }
  return value
}

/**
 * `value` as an array.
 * @throws InvalidDataError when it is not one.
 */
export function asArray(value: JsonValue | undefined, path: JsonPath, what: string): JsonValue[] {
  if (!Array.isArray(value)) throw new InvalidDataError(`${what} must be an array, got ${kindOf(value)}`, path)
  return value
}

/**
 * The array under `key`, of exactly `length` elements when given.
 * @throws InvalidDataError when it is missing, not an array, or of another length.
 */
export function arrayOf(obj: JsonObject, key: string, path: JsonPath, length?: number): JsonValue[] {
  const a = asArray(obj[key], path, `"${key}"`)
  if (length !== undefined && a.length !== length) throw new InvalidDataError(`"${key}" has ${a.length} entries, expected ${length}`, path)
  return a
}

/**
 * The string under `key` (or `fallback` when absent and a fallback is given).
 * @throws InvalidDataError when it is missing or not a string.
 */
export function stringOf(obj: JsonObject, key: string, path: JsonPath, fallback?: string): string {
  const v = obj[key]
  if (v === undefined && fallback !== undefined) return fallback
  if (typeof v !== 'string') throw new InvalidDataError(`"${key}" must be a string, got ${kindOf(v)}`, path)
  return v
}

/**
 * The boolean under `key` (or `fallback` when absent).
 * @throws InvalidDataError when it is present and not a boolean, or missing without a fallback.
 */
export function booleanOf(obj: JsonObject, key: string, path: JsonPath, fallback?: boolean): boolean {
  const v = obj[key]
  if (v === undefined && fallback !== undefined) return fallback
  if (typeof v !== 'boolean') throw new InvalidDataError(`"${key}" must be true or false, got ${kindOf(v)}`, path)
  return v
}

/**
 * The integer under `key`, within `[min, max]` (or `fallback` when absent).
 * @throws InvalidDataError when it is missing, not an integer, or out of range.
 */
export function integerOf(obj: JsonObject, key: string, path: JsonPath, min: number, max: number, fallback?: number): number {
  const v = obj[key]
  if (v === undefined && fallback !== undefined) return fallback
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new InvalidDataError(`"${key}" must be an integer in [${min}, ${max}], got ${describe(v)}`, path)
  }
  return v
}

/** A short rendering of a JSON value for messages. */
export function describe(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing'
  const s = stringifyJson(value)
  return s.length > 40 ? `${s.slice(0, 37)}...` : s
}

const INTEGER_TEXT = /^[+-]?\d{1,80}$/

/**
 * An integer written as a decimal string (how the integration JSON writes 64-bit values), a safe
 * integer number, or a bigint (a bare integer beyond 2^53), as a bigint. Exact.
 * @throws InvalidDataError for anything else (fractions, text that is not an integer).
 */
export function toBigInt(value: JsonValue | undefined, path: JsonPath): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return BigInt(value)
  throw new InvalidDataError(`expected an integer (number or decimal string), got ${describe(value)}`, path)
}

const HEX_VALUE = new Int8Array(128).fill(-1)
for (let c = 0; c < 10; c++) HEX_VALUE[0x30 + c] = c
for (let c = 0; c < 6; c++) HEX_VALUE[0x41 + c] = HEX_VALUE[0x61 + c] = 10 + c

/**
 * Decode hexadecimal text (upper or lower case) into `out` at `at`; returns the number of bytes.
 * @throws InvalidDataError for an odd length or a non-hex character.
 */
export function decodeHex(hex: string, out: Uint8Array, at: number, path: JsonPath): number {
  const n = hex.length >> 1
  if ((hex.length & 1) !== 0) throw new InvalidDataError(`hex text has an odd length ${hex.length}`, path)
  for (let k = 0; k < n; k++) {
    const hi = HEX_VALUE[hex.charCodeAt(2 * k)] ?? -1
    const lo = HEX_VALUE[hex.charCodeAt(2 * k + 1)] ?? -1
    if (hi < 0 || lo < 0) throw new InvalidDataError(`not hexadecimal: ${describe(hex)}`, path)
    out[at + k] = (hi << 4) | lo
  }
  return n
}

/**
 * The strings of a JSON array.
 * @throws InvalidDataError when an element is not a string.
 */
export function stringsOf(values: readonly JsonValue[], path: JsonPath, what: string): string[] {
  return values.map((v, i) => {
    if (typeof v !== 'string') throw new InvalidDataError(`${what} ${i} must be a string, got ${kindOf(v)}`, path)
    return v
  })
}

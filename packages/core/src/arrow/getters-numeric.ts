import { EMPTY_BYTES, need, readInt64, readUint64, wordsOf } from './buffer-views'
import type { Data } from './data'
import type { FloatType, IntType } from './data-type'
import { Precision } from './type'
import { float16ToNumber } from './float16'
import type { RawGetter } from './value-getter'
import type { ValueOptions } from './value-options'

/**
 * Physical-slot readers for integers, floats and booleans. Each captures its typed array once; a read is
 * one indexed load (64-bit as numbers: two 32-bit loads, no bigint created).
 */

/** Int8…Uint64. 64-bit values are numbers (exact to 2^53) unless `useBigInt`. */
export function intGetter(data: Data, options: ValueOptions): RawGetter {
  return intReader(need(data.values, 'values', data, EMPTY_BYTES), data.type as IntType, options.useBigInt === true)
}

/** Reads integers of `type` from `values` (already the type's typed array class). */
export function intReader(values: ArrayBufferView, type: IntType, useBigInt: boolean): RawGetter {
  if (type.bitWidth !== 64 || useBigInt) {
    const v = values as Int32Array
    return (j) => v[j]
  }
  return int64NumberGetter(values, type.signed)
}

/** Reads an int64 buffer as numbers without creating bigints. */
export function int64NumberGetter(values: ArrayBufferView, signed = true): RawGetter {
  const words = wordsOf(values)
  return signed ? (j) => readInt64(words, j) : (j) => readUint64(words, j)
}

/** Float16 (decoded from its bits), Float32, Float64. */
export function floatGetter(data: Data): RawGetter {
  const values = need(data.values, 'values', data, EMPTY_BYTES)
  // By the precision, not `instanceof` (a prototype walk at every chunk's first read): Data holds Float16
  // values as a Uint16Array (see `valuesClass`).
  if ((data.type as FloatType).precision === Precision.HALF) {
    const half = values as Uint16Array
    return (j) => float16ToNumber(half[j]!)
  }
  const v = values as Float64Array
  return (j) => v[j]
}

/** Bit-packed booleans, LSB first. */
export function boolGetter(data: Data): RawGetter {
  const bits = need(data.values, 'values', data, EMPTY_BYTES) as Uint8Array
  return (j) => ((bits[j >> 3]! >> (j & 7)) & 1) === 1
}

import type { Data } from './data'
import type { DecimalType } from './data-type'
import { EMPTY_BYTES, need } from './buffer-views'
import type { RawGetter } from './value-getter'
import type { ValueOptions } from './value-options'
import { formatDecimal } from './decimal-text'

/**
 * Physical-slot readers for decimals: two's complement little-endian integers of 32, 64, 128 or 256
 * bits, scaled by 10^-scale. The default value is an exact decimal string; values that fit in 53 bits are
 * formatted from a number (no bigint arithmetic), wider ones through bigint.
 */

const TWO_32 = 4294967296

/** Decimal: exact string like `"-123.45"`, or the unscaled bigint with `useDecimalBigInt`. */
export function decimalGetter(data: Data, options: ValueOptions): RawGetter {
  const type = data.type as DecimalType
  const values = need(data.values, 'values', data, EMPTY_BYTES)
  const view = new DataView(values.buffer, values.byteOffset, values.byteLength)
  const width = type.bitWidth / 8
  const words = width / 4
  const scale = type.scale
  const big = (j: number): bigint => readBigDecimal(view, j * width, words)
  if (options.useDecimalBigInt) return big
  if (words === 1) return (j) => formatDecimal(view.getInt32(j * 4, true), scale)
  return (j) => {
    const pos = j * width
    const small = readSmallDecimal(view, pos, words)
    return formatDecimal(small === undefined ? readBigDecimal(view, pos, words) : small, scale)
  }
}

/**
 * The value at `pos` as a number when it fits in 53 bits (upper words are pure sign extension),
 * else undefined. O(words), no allocation.
 */
function readSmallDecimal(view: DataView, pos: number, words: number): number | undefined {
  const lo = view.getUint32(pos, true)
  const hi = view.getInt32(pos + 4, true)
  const fill = hi < 0 ? -1 : 0
  for (let w = 2; w < words; w++) if (view.getInt32(pos + 4 * w, true) !== fill) return undefined
  const value = hi * TWO_32 + lo
  return Number.isSafeInteger(value) ? value : undefined
}

/** The value at `pos` as a bigint, from 64-bit limbs, low limb first. */
export function readBigDecimal(view: DataView, pos: number, words: number): bigint {
  if (words === 1) return BigInt(view.getInt32(pos, true))
  const limbs = words / 2
  let value = view.getBigInt64(pos + 8 * (limbs - 1), true)
  for (let l = limbs - 2; l >= 0; l--) value = (value << 64n) | view.getBigUint64(pos + 8 * l, true)
  return value
}

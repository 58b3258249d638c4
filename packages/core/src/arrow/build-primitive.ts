import type { BuildContext } from './builder-context'
import { valuesClass } from './buffer-views'
import { Data } from './data'
import type { DecimalType, FixedSizeBinaryType, FloatType, IntType } from './data-type'
import { numberToFloat16 } from './float16'
import { toUnscaled } from './decimal-text'
import { Precision } from './type'
import { typeToString } from './type-to-string'

/**
 * Builders of the fixed-width types that are not temporal: booleans, integers, floats, decimals and
 * fixed-size binary. Each makes one pass over the values into freshly allocated, 64-byte aligned buffers.
 */

/** Bool from booleans. */
export function buildBool(type: Data['type'], values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const { validity, nullCount } = ctx.validity(values)
  const bits = ctx.alloc(Uint8Array, Math.ceil(n / 8))
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v == null) continue
    if (typeof v !== 'boolean') throw ctx.invalid(i, 'Bool', v)
    if (v) bits[i >> 3]! |= 1 << (i & 7)
  }
  return new Data({ type, length: n, nullCount, validity, values: bits })
}

/** Integers from numbers (integral, in range) or bigints (in range). */
export function buildInt(type: IntType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const { validity, nullCount } = ctx.validity(values)
  const out = ctx.alloc(valuesClass(type)!, n)
  const name = typeToString(type)
  if (type.bitWidth === 64) {
    const big = out as BigInt64Array
    for (let i = 0; i < n; i++) {
      const v = values[i]
      if (v == null) continue
      const b = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : undefined
      const fits = b !== undefined && (type.signed ? BigInt.asIntN(64, b) === b : BigInt.asUintN(64, b) === b)
      if (!fits) throw ctx.invalid(i, name, v)
      big[i] = b
    }
  } else {
    const max = type.signed ? 2 ** (type.bitWidth - 1) - 1 : 2 ** type.bitWidth - 1
    const min = type.signed ? -(2 ** (type.bitWidth - 1)) : 0
    const num = out as Int32Array
    for (let i = 0; i < n; i++) {
      const v = values[i]
      if (v == null) continue
      const x = typeof v === 'bigint' ? Number(v) : v
      if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) throw ctx.invalid(i, name, v)
      num[i] = x
    }
  }
  return new Data({ type, length: n, nullCount, validity, values: out })
}

/** Float16/32/64 from numbers (half floats rounded to nearest even). */
export function buildFloat(type: FloatType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const { validity, nullCount } = ctx.validity(values)
  const out = ctx.alloc(valuesClass(type)!, n) as Float64Array
  const half = type.precision === Precision.HALF
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v == null) continue
    if (typeof v !== 'number') throw ctx.invalid(i, typeToString(type), v)
    out[i] = half ? numberToFloat16(v) : v
  }
  return new Data({ type, length: n, nullCount, validity, values: out })
}

/**
 * Decimals from bigints (the unscaled value), strings or numbers (`"-1.25"` or `-1.25` with scale 2).
 * Values must fit the precision; fractional digits beyond the scale must be zeros.
 */
export function buildDecimal(type: DecimalType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const width = type.bitWidth / 8
  const { validity, nullCount } = ctx.validity(values)
  const bytes = ctx.alloc(Uint8Array, n * width)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const limit = 10n ** BigInt(type.precision)
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v == null) continue
    let u: bigint
    try {
      u = toUnscaled(v, type.scale)
    } catch {
      throw ctx.invalid(i, typeToString(type), v)
    }
    if (u >= limit || u <= -limit) throw ctx.invalid(i, `${typeToString(type)} (too many digits)`, v)
    if (width === 4) view.setInt32(i * 4, Number(u), true)
    else for (let l = 0; l < width / 8; l++) view.setBigUint64(i * width + 8 * l, BigInt.asUintN(64, u >> BigInt(64 * l)), true)
  }
  return new Data({ type, length: n, nullCount, validity, values: bytes })
}

/** Fixed-size binary from Uint8Arrays of exactly `byteWidth` bytes (copied in). */
export function buildFixedSizeBinary(type: FixedSizeBinaryType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const w = type.byteWidth
  const { validity, nullCount } = ctx.validity(values)
  const bytes = ctx.alloc(Uint8Array, n * w)
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v == null) continue
    if (!(v instanceof Uint8Array) || v.length !== w) throw ctx.invalid(i, typeToString(type), v)
    bytes.set(v, i * w)
  }
  return new Data({ type, length: n, nullCount, validity, values: bytes })
}

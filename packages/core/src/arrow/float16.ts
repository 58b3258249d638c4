/**
 * IEEE 754 half precision (binary16) conversion: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
 */

/** Decode the 16 bits of a half float, including subnormals, infinities and NaN. O(1). */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1
  const exponent = (bits >> 10) & 0x1f
  const fraction = bits & 0x3ff
  if (exponent === 0) return sign * fraction * 2 ** -24
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15)
}

const f64 = new Float64Array(1)
const words = new Uint32Array(f64.buffer)

/**
 * Encode a number as half-float bits, rounding to nearest even straight from the double (no double
 * rounding through float32); overflow becomes infinity, NaN a quiet NaN. O(1).
 */
export function numberToFloat16(value: number): number {
  if (Number.isNaN(value)) return 0x7e00
  f64[0] = value
  const hi = words[1]!
  const sign = (hi >>> 16) & 0x8000
  const e = ((hi >>> 20) & 0x7ff) - 1023 + 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    // Subnormal half (or zero): the value in units of 2^-24, rounded half to even. Reaching 1024 lands
    // exactly on the smallest normal's bit pattern.
    const scaled = Math.abs(value) * 16777216
    let m = Math.floor(scaled)
    const diff = scaled - m
    if (diff > 0.5 || (diff === 0.5 && (m & 1) === 1)) m++
    return sign | m
  }
  const mantissa = hi & 0xfffff
  const top = mantissa >>> 10
  const rest = mantissa & 0x3ff
  const sticky = rest > 0x200 || (rest === 0x200 && (words[0] !== 0 || (top & 1) === 1))
  // A carry out of the fraction correctly bumps the exponent (and may give infinity).
  return sign | (((e << 10) | top) + (sticky ? 1 : 0))
}

import { InvalidArgumentError } from '../errors'

/**
 * Decimal text ⇄ unscaled integer, exactly: `parseDecimal("-123.45", 2)` is `-12345n` and
 * `formatDecimal(-12345n, 2)` is `"-123.45"`.
 */

const DECIMAL_TEXT = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,10}))?$/

/** Largest number of digits a decimal can have (decimal256 holds 76). */
const MAX_DIGITS = 80

/**
 * Parse decimal text (optional sign, digits, optional fraction, optional exponent, as `String(number)`
 * produces) into the unscaled integer for `scale`. Exact; never rounds. O(digits).
 * @throws InvalidArgumentError when the text is not a decimal, has more fractional digits than `scale`
 * holds (non-zero digits would be lost), or has more than 80 digits.
 */
export function parseDecimal(text: string, scale: number): bigint {
  const m = DECIMAL_TEXT.exec(text.trim())
  const whole = m?.[2] ?? ''
  const fraction = m?.[3] ?? ''
  if (m === null || whole.length + fraction.length === 0) throw new InvalidArgumentError(`not a decimal number: ${JSON.stringify(text)}`)
  let digits = (whole + fraction).replace(/^0+(?=\d)/, '')
  // digits × 10^shift is the unscaled value.
  const shift = Number(m[4] ?? 0) - fraction.length + scale
  if (shift < 0) {
    const dropped = digits.slice(Math.max(0, digits.length + shift))
    if (/[^0]/.test(dropped)) throw new InvalidArgumentError(`${JSON.stringify(text)} has more fractional digits than scale ${scale} allows`)
    digits = digits.slice(0, Math.max(0, digits.length + shift)) || '0'
  } else if (digits !== '0') {
    if (digits.length + shift > MAX_DIGITS) throw new InvalidArgumentError(`${JSON.stringify(text)} has too many digits for a decimal`)
    digits += '0'.repeat(shift)
  }
  if (digits.length > MAX_DIGITS) throw new InvalidArgumentError(`${JSON.stringify(text)} has too many digits for a decimal`)
  const value = BigInt(digits)
  return m[1] === '-' ? -value : value
}

/**
 * The unscaled value of a decimal given as bigint (already unscaled), string or number (through its
 * shortest round-trip text, so `0.1` is exactly `"0.1"`).
 * @throws InvalidArgumentError as {@link parseDecimal}, or for other value kinds.
 */
export function toUnscaled(value: unknown, scale: number): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'string') return parseDecimal(value, scale)
  if (typeof value === 'number' && Number.isFinite(value)) return parseDecimal(String(value), scale)
  throw new InvalidArgumentError('a decimal value must be a bigint (unscaled), a string or a finite number')
}

/**
 * Largest |scale| written out in plain notation. Beyond it the text would be mostly zeros (and a scale from
 * untrusted metadata can be anything up to 2^31 - 1, which would make a string of gigabytes), so
 * {@link formatDecimal} switches to scientific notation. 128 covers every scale an int8 holds, the range
 * arrow-rs allows, and any scale that fits decimal256's 76 digits.
 */
const PLAIN_SCALE_LIMIT = 128

/**
 * Format an unscaled integer with `scale` digits after the point: `(-12345, 2)` → `"-123.45"`,
 * `(5, 3)` → `"0.005"`, `(7, -2)` → `"700"`. Exact for bigints and for safe-integer numbers. O(digits),
 * whatever the scale: when |scale| is over 128 the value is written in scientific notation with all its
 * digits, `(-12345, 200)` → `"-1.2345E-196"`, `(7, -200)` → `"7E+200"`, which {@link parseDecimal} reads
 * back exactly.
 */
export function formatDecimal(unscaled: number | bigint, scale: number): string {
  const negative = unscaled < 0
  let digits = (negative ? -unscaled : unscaled).toString()
  if (scale > PLAIN_SCALE_LIMIT || scale < -PLAIN_SCALE_LIMIT) {
    const exponent = digits.length - 1 - scale
    const mantissa = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`
    return `${negative ? '-' : ''}${mantissa}E${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`
  }
  if (scale > 0) {
    if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`
  } else if (scale < 0 && digits !== '0') {
    digits += '0'.repeat(-scale)
  }
  return negative ? `-${digits}` : digits
}

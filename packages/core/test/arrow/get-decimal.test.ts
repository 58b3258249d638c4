import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Data, decimal, formatDecimal, parseDecimal, InvalidArgumentError } from '@lightstream/core'
import { bitmap, intN, values } from './le'

describe('decimals', () => {
  it.each([32, 64, 128, 256] as const)('decimal%i reads exact strings and unscaled bigints, negatives included', (bits) => {
    const unscaled = [12345n, -12345n, 0n, -1n, 5n, null]
    const raw = unscaled.map((u) => u ?? 0n)
    const d = new Data({ type: decimal(9, 2, bits), length: 6, validity: bitmap(1, 1, 1, 1, 1, 0), values: intN(bits, ...raw) })
    expect(values(d)).toEqual(['123.45', '-123.45', '0.00', '-0.01', '0.05', null])
    expect(values(d, { useDecimalBigInt: true })).toEqual(unscaled)
  })

  it('is exact far beyond 2^53 for 128 and 256 bits', () => {
    const max128 = 10n ** 38n - 1n
    const big256 = -(10n ** 76n - 1n)
    const d128 = new Data({ type: decimal(38, 10, 128), length: 3, values: intN(128, max128, -max128, 2n ** 64n) })
    expect(values(d128)).toEqual([
      '9999999999999999999999999999.9999999999',
      '-9999999999999999999999999999.9999999999',
      '1844674407.3709551616',
    ])
    expect(d128.get(0, { useDecimalBigInt: true })).toBe(max128)
    const d256 = new Data({ type: decimal(76, 0, 256), length: 2, values: intN(256, big256, 2n ** 200n + 7n) })
    expect(values(d256)).toEqual([big256.toString(), (2n ** 200n + 7n).toString()])
    expect(values(d256, { useDecimalBigInt: true })).toEqual([big256, 2n ** 200n + 7n])
    const d64 = new Data({ type: decimal(18, 3, 64), length: 1, values: intN(64, -(10n ** 18n - 1n)) })
    expect(d64.get(0)).toBe('-999999999999999.999')
  })

  it('applies zero and negative scales, and reads at an offset', () => {
    const zero = new Data({ type: decimal(5, 0, 32), length: 2, offset: 1, values: intN(32, 99n, -42n, 7n) })
    expect(values(zero)).toEqual(['-42', '7'])
    const negative = new Data({ type: decimal(5, -3, 64), length: 2, values: intN(64, 12n, 0n) })
    expect(values(negative)).toEqual(['12000', '0'])
  })

  it('accepts BigUint64Array views of decimal bytes', () => {
    const bytes = intN(128, -7n)
    const d = new Data({ type: decimal(10, 1), length: 1, values: new BigUint64Array(bytes.buffer) })
    expect(d.get(0)).toBe('-0.7')
  })
})

describe('formatDecimal / parseDecimal', () => {
  it('format exactly', () => {
    expect(formatDecimal(-12345, 2)).toBe('-123.45')
    expect(formatDecimal(5n, 3)).toBe('0.005')
    expect(formatDecimal(-5n, 3)).toBe('-0.005')
    expect(formatDecimal(7, -2)).toBe('700')
    expect(formatDecimal(0, -2)).toBe('0')
  })
  it('switches to scientific notation past |scale| 128, in time and space bounded by the digits', () => {
    expect(formatDecimal(5n, 128)).toBe(`0.${'0'.repeat(127)}5`)
    expect(formatDecimal(7, -128)).toBe(`7${'0'.repeat(128)}`)
    expect(formatDecimal(5n, 129)).toBe('5E-129')
    expect(formatDecimal(-12345n, 200)).toBe('-1.2345E-196')
    expect(formatDecimal(7, -200)).toBe('7E+200')
    expect(formatDecimal(0, 300)).toBe('0E-300')
    // A scale from untrusted metadata: int32's extremes.
    expect(formatDecimal(123n, 2 ** 31 - 1)).toBe('1.23E-2147483645')
    expect(formatDecimal(-9n, -(2 ** 31))).toBe('-9E+2147483648')
  })
  it('reads its own text back exactly, plain or scientific (property)', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: -(10n ** 76n) + 1n, max: 10n ** 76n - 1n }),
      fc.oneof(fc.integer({ min: -300, max: 300 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
      (unscaled, scale) => {
        const text = formatDecimal(unscaled, scale)
        expect(text.length).toBeLessThanOrEqual(Math.min(Math.abs(scale), 128) + 100)
        expect(parseDecimal(text, scale)).toBe(unscaled)
      },
    ), { numRuns: 300, seed: 7 })
  })
  it('parse exactly, with exponents, and refuse lost digits', () => {
    expect(parseDecimal('-123.45', 2)).toBe(-12345n)
    expect(parseDecimal('1.5', 3)).toBe(1500n)
    expect(parseDecimal('1.500', 1)).toBe(15n)
    expect(parseDecimal('1e-7', 8)).toBe(10n)
    expect(parseDecimal('+.5', 1)).toBe(5n)
    expect(parseDecimal('12000', -3)).toBe(12n)
    expect(() => parseDecimal('1.25', 1)).toThrow(InvalidArgumentError)
    expect(() => parseDecimal('abc', 1)).toThrow(InvalidArgumentError)
    expect(() => parseDecimal('.', 1)).toThrow(InvalidArgumentError)
    expect(() => parseDecimal('1e999999', 0)).toThrow(InvalidArgumentError)
  })
})

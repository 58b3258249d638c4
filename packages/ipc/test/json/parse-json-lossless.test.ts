import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { InvalidArgumentError } from '@lightstream/core'
import { parseJsonLossless, type JsonValue } from '@lightstream/ipc'

/**
 * Plain-object copy of a parsed value (prototype-less objects → ordinary ones) for deep equality; with
 * `rounded`, bigints become the double JSON.parse would give.
 */
function plain(v: JsonValue, rounded = false): unknown {
  if (typeof v === 'bigint') return rounded ? Number(v) : v
  if (Array.isArray(v)) return v.map((x) => plain(x, rounded))
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, rounded)]))
  return v
}

describe('parseJsonLossless', () => {
  it('keeps integers beyond 2^53 exact as bigint, safe integers and fractions as numbers', () => {
    const v = parseJsonLossless('[9223372036854775807, -9223372036854775808, 9007199254740993, 9007199254740991, -0, 1.5, 1e3, 12345678901234567890.5]')
    expect(v).toEqual([9223372036854775807n, -9223372036854775808n, 9007199254740993n, 9007199254740991, -0, 1.5, 1000, 12345678901234567890.5])
    expect(Object.is((v as JsonValue[])[4], -0)).toBe(true)
  })

  it('keeps the bare MONTH_DAY_NANO nanoseconds of the integration JSON exact', () => {
    const v = parseJsonLossless('{"months": 1, "days": -2, "nanoseconds": 8820212087008106548}') as Record<string, JsonValue>
    expect(v['nanoseconds']).toBe(8820212087008106548n)
    // What JSON.parse would have produced instead: the low digits are lost.
    expect(BigInt((JSON.parse('{"n": 8820212087008106548}') as { n: number }).n)).not.toBe(8820212087008106548n)
  })

  it('decodes strings with escapes, including surrogate pairs', () => {
    expect(parseJsonLossless(String.raw`"a\"b\\c\/d\b\f\n\r\t\u00b5\u20ac\ud83d\ude00"`)).toBe('a"b\\c/d\b\f\n\r\t\u00b5\u20ac\u{1F600}')
    expect(parseJsonLossless('"plain µ矢 text"')).toBe('plain µ矢 text')
  })

  it('treats "__proto__" as an ordinary key (no prototype pollution)', () => {
    const v = parseJsonLossless('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, JsonValue>
    expect(Object.getPrototypeOf(v)).toBe(null)
    expect(plain(v['__proto__']!)).toEqual({ polluted: true })
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('agrees with JSON.parse on any JSON (up to the rounding JSON.parse does beyond 2^53)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value)
        expect(plain(parseJsonLossless(text), true)).toEqual(JSON.parse(text))
        const pretty = JSON.stringify(value, null, 2)
        expect(plain(parseJsonLossless(pretty), true)).toEqual(JSON.parse(pretty))
      }),
      { numRuns: 300 },
    )
  })

  it('parses every integer literal exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }), (n) => {
        const v = parseJsonLossless(`[${n}]`) as JsonValue[]
        expect(BigInt(v[0] as number | bigint)).toBe(n)
        expect(typeof v[0]).toBe(n >= -(2n ** 53n - 1n) && n <= 2n ** 53n - 1n ? 'number' : 'bigint')
      }),
    )
  })

  it.each([
    ['', 'unexpected end'],
    ['[1, 2', "expected ','"],
    ['{"a" 1}', "expected ':'"],
    ['{a: 1}', 'expected a string key'],
    ['[1,]', 'unexpected character'],
    ['01', 'unexpected text after'],
    ['"abc', 'unterminated string'],
    ['"a\\x"', 'bad escape'],
    ['"\\u12G4"', 'bad \\u escape'],
    ['"tab\there"', 'control character'],
    ['tru', 'unexpected character'],
    ['NaN', 'unexpected character'],
    ['-', 'malformed number'],
    ['[1] [2]', 'unexpected text after'],
  ])('rejects %j with InvalidArgumentError (%s)', (text, message) => {
    expect(() => parseJsonLossless(text)).toThrow(InvalidArgumentError)
    expect(() => parseJsonLossless(text)).toThrow(message)
  })

  it('bounds nesting depth (no stack overflow on hostile input)', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    expect(() => parseJsonLossless(deep)).toThrow(/nesting deeper than 512/)
    expect(parseJsonLossless('[[[1]]]', { maxDepth: 3 })).toEqual([[[1]]])
    expect(() => parseJsonLossless('[[[1]]]', { maxDepth: 2 })).toThrow(InvalidArgumentError)
  })

  it('rejects a non-string argument', () => {
    expect(() => parseJsonLossless(42 as unknown as string)).toThrow(InvalidArgumentError)
  })
})

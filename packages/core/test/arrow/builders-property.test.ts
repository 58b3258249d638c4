import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  Column, columnFromArray, decimal, float64, int32, int64, largeList, largeUtf8, list, listView, tableFromArrays, utf8, utf8View, validate,
  type DataType,
} from '@lightstream/core'

const int32s = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 })
const text = fc.string({ unit: 'binary', maxLength: 20 })

/** toArray as a plain array (a typed array result is converted for comparison). */
const plain = (col: Column) => Array.from(col.toArray() as ArrayLike<unknown>)

/** Build, check every read path and the structure, and compare with the input. */
function roundTrip(input: unknown[], type?: DataType) {
  const col = columnFromArray(input, type)
  validate(col.data[0]!, { utf8: true })
  expect(plain(col)).toEqual(input)
  expect([...col]).toEqual(input)
  return col
}

describe('columnFromArray → toArray equals the input (property)', () => {
  it('int32 with nulls', () => {
    fc.assert(fc.property(fc.array(nullable(int32s)), (input) => void roundTrip(input)))
  })

  it('float64 with nulls, int64 as bigint', () => {
    fc.assert(fc.property(fc.array(nullable(fc.double({ noNaN: true }))), (input) => void roundTrip(input, float64())))
    fc.assert(
      fc.property(fc.array(nullable(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))), (input) => {
        const col = columnFromArray(input, int64(), { useBigInt: true })
        expect(plain(col)).toEqual(input)
      }),
    )
  })

  it.each([['Utf8', utf8()], ['LargeUtf8', largeUtf8()], ['Utf8View', utf8View()], ['inferred', undefined]])('strings as %s', (_, type) => {
    fc.assert(fc.property(fc.array(nullable(text)), (input) => void roundTrip(input, type)))
  })

  it.each([['List', list], ['LargeList', largeList], ['ListView', listView]])('nested %s of int64 lists', (_, make) => {
    const type = make(list(int64()))
    fc.assert(
      fc.property(fc.array(nullable(fc.array(nullable(fc.array(nullable(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))))))), (input) => {
        const col = columnFromArray(input, type, { useBigInt: true })
        validate(col.data[0]!)
        expect(plain(col)).toEqual(input)
      }),
    )
  })

  it('inferred nested lists', () => {
    fc.assert(fc.property(fc.array(nullable(fc.array(nullable(fc.array(nullable(int32s)))))), (input) => {
      // All-null leaves infer as Null and read back as null, so the input round-trips either way.
      roundTrip(input)
    }))
  })

  it('structs of ints, strings and lists', () => {
    const row = fc.record({ a: nullable(int32s), b: nullable(text), c: nullable(fc.array(nullable(fc.boolean()))) })
    fc.assert(fc.property(fc.array(nullable(row), { minLength: 1 }).filter((rows) => rows.some((r) => r !== null)), (input) => {
      roundTrip(input)
    }))
  })

  it('decimals from random unscaled bigints', () => {
    fc.assert(
      fc.property(fc.array(nullable(fc.bigInt({ min: -(10n ** 76n) + 1n, max: 10n ** 76n - 1n }))), fc.integer({ min: -5, max: 80 }), (input, scale) => {
        const col = columnFromArray(input, decimal(76, scale, 256), { useDecimalBigInt: true })
        expect(plain(col)).toEqual(input)
        // The string form parses back to the same unscaled value.
        const strings = columnFromArray(input, decimal(76, scale, 256))
        const back = columnFromArray(plain(strings), decimal(76, scale, 256), { useDecimalBigInt: true })
        expect(plain(back)).toEqual(input)
      }),
    )
  })

  it('slices read the matching part of the input', () => {
    fc.assert(
      fc.property(fc.array(nullable(text), { minLength: 1 }), fc.nat(), fc.nat(), (input, a, b) => {
        const start = a % input.length
        const length = b % (input.length - start + 1)
        const sliced = new Column([columnFromArray(input, utf8()).data[0]!.slice(start, length)])
        expect(plain(sliced)).toEqual(input.slice(start, start + length))
        validate(sliced.data[0]!, { utf8: true })
      }),
    )
  })

  it('tables of differently chunked columns read back row by row', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(nullable(int32s), nullable(text)), { minLength: 1 }), fc.nat(), (rows, cut) => {
        const k = cut % (rows.length + 1)
        const ints = rows.map((r) => r[0])
        const a = new Column([columnFromArray(ints.slice(0, k), int32()).data[0]!, columnFromArray(ints.slice(k), int32()).data[0]!])
        const table = tableFromArrays({ a, b: rows.map((r) => r[1]) })
        validate(table)
        expect(table.toArray()).toEqual(rows.map(([x, y]) => ({ a: x, b: y })))
      }),
    )
  })
})

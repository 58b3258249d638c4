// Column.get reads a one-chunk column's first values without building its getter (src/arrow/quick-read.ts).
// These tests hold those reads to the getter's values, nulls, conversions and errors.
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import {
  Column, Data, InvalidDataError, dataFromArray, binary, bool, dictionary, EXTENSION_NAME_KEY, field, float16, float32, float64, int16, int32,
  int64, int8, registerExtensionType, uint64, uint8, unregisterExtensionType, utf8, type DataType, type ValueOptions,
} from '@lightstream/core'
import { bitmap, f64, i32, i64, i8, strings, u64 } from './le'

/** `reads` through a fresh column (the first ones quick) against the chunk's own getter. */
function expectSameReads(data: Data, reads: readonly number[], options: ValueOptions = {}): void {
  const column = new Column([data], options)
  const got = reads.map((i) => column.get(i))
  const getter = data.getter(options)
  expect(got).toEqual(reads.map((i) => getter(i)))
}

interface Case { type: DataType; value: fc.Arbitrary<unknown> }

const INT64_EDGES = [0n, 1n, -1n, 2n ** 53n - 1n, 2n ** 53n + 1n, 2n ** 53n + 3n, 2n ** 62n + 2n ** 10n + 1n, -(2n ** 63n), 2n ** 63n - 1n]
const CASES: Case[] = [
  { type: int8(), value: fc.integer({ min: -128, max: 127 }) },
  { type: uint8(), value: fc.integer({ min: 0, max: 255 }) },
  { type: int16(), value: fc.integer({ min: -32768, max: 32767 }) },
  { type: int32(), value: fc.integer() },
  { type: int64(), value: fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(...INT64_EDGES)) },
  { type: uint64(), value: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(2n ** 64n - 1n, 2n ** 53n + 1n)) },
  { type: float32(), value: fc.float({ noDefaultInfinity: false }) },
  { type: float64(), value: fc.double() },
  { type: float16(), value: fc.constantFrom(0, 1.5, -2, 65504) },
  { type: bool(), value: fc.boolean() },
  { type: utf8(), value: fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 6 })) },
  { type: binary(), value: fc.uint8Array({ maxLength: 12 }) },
  { type: dictionary(utf8(), int32()), value: fc.constantFrom('a', 'b', 'long enough to leave the short path', 'é') },
  { type: dictionary(utf8(), int8()), value: fc.constantFrom('x', 'y') },
  { type: dictionary(utf8(), int64()), value: fc.constantFrom('x', 'y') },
  { type: dictionary(float64(), int32()), value: fc.constantFrom(0.5, -3) },
]

describe('quick reads', () => {
  it('give the getter\'s values for every flat type, with nulls, slices and options (property)', () => {
    const arb = fc.constantFrom(...CASES).chain(({ type, value }) =>
      fc.record({
        type: fc.constant(type),
        values: fc.array(fc.option(value, { nil: null, freq: 4 }), { minLength: 1, maxLength: 60 }),
        slice: fc.nat(20),
        reads: fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        useBigInt: fc.boolean(),
      }),
    )
    fc.assert(
      fc.property(arb, ({ type, values, slice, reads, useBigInt }) => {
        const whole = dataFromArray(values, type)
        const data = whole.slice(Math.min(slice, whole.length - 1))
        expectSameReads(data, reads.map((r) => r % data.length), { useBigInt })
      }),
      { seed: 20261122, numRuns: 400 },
    )
  })

  it('round int64 beyond 2^53 to nearest, as the getter does', () => {
    const data = new Data({ type: int64(), length: INT64_EDGES.length, values: i64(...INT64_EDGES) })
    const column = new Column([data])
    expect(INT64_EDGES.map((_, i) => column.get(i))).toEqual(INT64_EDGES.map((v) => Number(v)))
    expect(column.get(4)).toBe(9007199254740992) // 2^53 + 1 rounds to even
    const unsigned = new Data({ type: uint64(), length: 2, values: u64(2n ** 64n - 1n, 2n ** 53n + 3n) })
    expect([new Column([unsigned]).get(0), new Column([unsigned]).get(1)]).toEqual([2 ** 64, 2 ** 53 + 4])
    expect(new Column([data], { useBigInt: true }).get(8)).toBe(2n ** 63n - 1n)
  })

  it('read dictionary indices out of range, and null dictionary values, as null', () => {
    // The dictionary is a slice: index 3 lies inside its buffers ('d') but outside its length.
    const abcd = strings('a', 'b', 'c', 'd')
    const dict = new Data({ type: utf8(), length: 4, validity: bitmap(1, 0, 1, 1), offsets: abcd.offsets, values: abcd.data }).slice(0, 3)
    const type = dictionary(utf8(), int8())
    const data = new Data({ type, length: 5, values: i8(0, 1, 2, 3, -1), dictionary: dict })
    const column = new Column([data])
    expect([0, 1, 2, 3, 4].map((i) => column.get(i))).toEqual(['a', null, 'c', null, null])
    // A dictionary with an offset: index 0 is its slot 1.
    const shifted = new Data({ type, length: 3, values: i8(0, 1, 2), dictionary: dict.slice(1, 2) })
    expect([0, 1, 2].map((i) => new Column([shifted]).get(i))).toEqual([null, 'c', null])
  })

  it('report a short values buffer as the getter does, not read it', () => {
    const ints = new Data({ type: int32(), length: 3, values: i32(1, 2) })
    expect(() => new Column([ints]).get(0)).toThrow(/values buffer has 2 elements, needs 3/)
    const short = new Data({ type: float64(), length: 3, values: f64(1, 2) })
    expect(() => new Column([short]).get(0)).toThrow(InvalidDataError)
    expect(() => new Column([short]).get(0)).toThrow(/values buffer has 2 elements, needs 3/)
    const bits = new Data({ type: bool(), length: 9, values: new Uint8Array([0xff]) })
    expect(() => new Column([bits]).get(0)).toThrow(/needs 2/)
  })

  it('report a dictionary chunk without its dictionary', () => {
    const data = new Data({ type: dictionary(utf8(), int32()), length: 1, values: i32(0) })
    expect(() => new Column([data]).get(0)).toThrow(/has no dictionary/)
  })

  it('keep reading correctly after the getter is built', () => {
    const data = new Data({ type: int32(), length: 40, values: i32(...Array.from({ length: 40 }, (_, i) => i * 3)) })
    const column = new Column([data])
    expect(Array.from({ length: 40 }, (_, i) => column.get(39 - i))).toEqual(Array.from({ length: 40 }, (_, i) => (39 - i) * 3))
  })
})

describe('quick reads and extension types', () => {
  afterEach(() => unregisterExtensionType('test.cents'))

  it('are not used for an extension field: its conversion applies from the first read', () => {
    registerExtensionType({ name: 'test.cents', toValue: (v) => `${String(v)}c` })
    const data = new Data({ type: int32(), length: 2, values: i32(5, 7) })
    const column = new Column([data], {}, field('price', int32(), true, { [EXTENSION_NAME_KEY]: 'test.cents' }))
    expect([column.get(0), column.get(1)]).toEqual(['5c', '7c'])
  })
})


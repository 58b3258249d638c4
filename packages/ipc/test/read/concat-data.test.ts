/**
 * The concatenation behind delta dictionaries, tested directly (it is internal: deltas of every value type
 * would otherwise need a hand-written body per type). Chunks come from core's builders; each is also
 * concatenated as a slice, so parts with a non-zero offset are covered.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  IntervalUnit, TimeUnit, UnionMode, binary, binaryView, bool, dataFromArray, dateDay, decimal, dictionary, duration, field,
  fixedSizeBinary, fixedSizeList, float16, float64, int16, int32, int64, int8, interval, largeBinary, largeUtf8, list, map,
  nullType, runEndEncoded, struct, time, timestamp, uint8, union, utf8, utf8View, validate, type Data, type DataType,
} from '@lightstream/core'
import { defaultAllocator } from '@lightstream/core-buffer'
import { concatData } from '../../src/read/concat-data'

function values(d: Data): unknown[] {
  return Array.from({ length: d.length }, (_, i) => d.get(i, { useBigInt: true }))
}

function check(parts: Data[]): Data {
  const counter = { bytes: 0 }
  const joined = concatData(parts, defaultAllocator, counter)
  validate(joined)
  expect(values(joined)).toEqual(parts.flatMap(values))
  expect(joined.length).toBe(parts.reduce((n, p) => n + p.length, 0))
  return joined
}

const longText = 'a string longer than twelve bytes'
const cases: [string, DataType, unknown[], unknown[]][] = [
  ['null', nullType(), [null, null], [null]],
  ['bool', bool(), [true, null, false, true, true, false, true, false, true], [false, true, null]],
  ['int8', int8(), [1, -2, null], [3]],
  ['uint8', uint8(), [250, null], [1, 2, 3]],
  ['int16', int16(), [1000, null, -7], [8]],
  ['int64', int64(), [1n, null, -(2n ** 60n)], [5n]],
  ['float16', float16(), [1.5, null], [-2]],
  ['float64', float64(), [0.5, null, 1e300], [Number.NaN]],
  ['decimal128', decimal(20, 2), ['12.34', null], ['-0.01']],
  ['decimal256', decimal(40, 0, 256), ['1', '-99999999999999999999999999999999'], [null]],
  ['date32', dateDay(), [0, 86_400_000, null], [-86_400_000]],
  ['time64', time(TimeUnit.NANOSECOND), [1n, null], [2n]],
  ['timestamp', timestamp(TimeUnit.MICROSECOND, 'UTC'), [1n, null], [2n]],
  ['duration', duration(TimeUnit.SECOND), [10n], [null, 20n]],
  ['interval ym', interval(IntervalUnit.YEAR_MONTH), [12, null], [-1]],
  ['interval mdn', interval(IntervalUnit.MONTH_DAY_NANO), [{ months: 1, days: 2, nanoseconds: 3n }, null], [{ months: -1, days: 0, nanoseconds: -5n }]],
  ['fixed size binary', fixedSizeBinary(3), [Uint8Array.of(1, 2, 3), null], [Uint8Array.of(4, 5, 6)]],
  ['utf8', utf8(), ['a', null, 'bcd', ''], ['é', 'f']],
  ['large utf8', largeUtf8(), ['x', null], ['yz']],
  ['binary', binary(), [Uint8Array.of(1), null], [Uint8Array.of(2, 3)]],
  ['large binary', largeBinary(), [Uint8Array.of(9)], [null, Uint8Array.of()]],
  ['utf8 view', utf8View(), ['short', longText, null], [`${longText}!`, 'tiny', longText]],
  ['binary view', binaryView(), [new Uint8Array(20).fill(7), null], [new Uint8Array(16).fill(1), Uint8Array.of(1)]],
  ['list', list(int32()), [[1, 2], null, []], [[3], [4, null]]],
  ['list of utf8', list(utf8()), [['a'], ['b', 'c']], [null, ['d']]],
  ['fixed size list', fixedSizeList(int16(), 2), [[1, 2], null], [[3, 4], [5, null]]],
  ['struct', struct({ a: int32(), b: utf8() }), [{ a: 1, b: 'x' }, null, { a: null, b: 'y' }], [{ a: 3, b: null }]],
  ['map', map(utf8(), int32()), [[['k', 1]], null], [[['a', 2], ['b', 3]]]],
  ['sparse union', union(UnionMode.Sparse, [int32(), utf8()]), [1, 'a', null], ['b', 2]],
  ['dense union', union(UnionMode.Dense, [int32(), utf8()]), [1, 'a', 2], ['b', null, 3]],
  ['run-end encoded', runEndEncoded(int32(), utf8()), ['a', 'a', 'b', null, null], ['b', 'b', 'c']],
  ['run-end encoded int16', runEndEncoded(int16(), int32()), [1, 1, 2], [2, 2, 3]],
  ['run-end encoded int64', runEndEncoded(int64(), int32()), [7, 7], [7, 8]],
  ['list view', { typeId: 25, child: field('item', int32()) } as DataType, [[1, 2], null, []], [[3]]],
  ['large list view', { typeId: 26, child: field('item', utf8()) } as DataType, [['a']], [['b', 'c'], null]],
]

describe('concatData (delta dictionaries)', () => {
  for (const [name, type, a, b] of cases) {
    it(`${name}: whole chunks, then slices of them`, () => {
      const da = dataFromArray(a, type)
      const db = dataFromArray(b, type)
      check([da, db])
      check([da, db, da])
      if (da.length >= 2) check([da.slice(1), db])
      if (db.length >= 2) check([da, db.slice(1, db.length - 1)])
      check([da.slice(0, 0), db])
      check([da, db.slice(db.length)])
    })
  }

  it('nested dictionary indices: joined, sharing the dictionary in force', () => {
    // Inside a delta, inner dictionary-encoded values index the inner dictionary in force, the same for both parts.
    const whole = dataFromArray(['a', 'b', 'a', null, 'b', 'c'], dictionary(utf8(), int8()))
    const joined = check([whole.slice(0, 4), whole.slice(4)])
    expect(joined.dictionary).toBe(whole.dictionary)
  })

  it('counts the bytes it allocates', () => {
    const counter = { bytes: 0 }
    concatData([dataFromArray([1, 2], int32()), dataFromArray([3], int32())], defaultAllocator, counter)
    expect(counter.bytes).toBe(12)
  })

  it('keeps every value of random utf8 and list chunks (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.option(fc.string(), { nil: null }), { maxLength: 20 }),
      fc.array(fc.option(fc.string(), { nil: null }), { maxLength: 20 }),
      fc.nat(5),
      (a, b, cut) => {
        const da = dataFromArray(a, utf8())
        check([da.slice(Math.min(cut, da.length)), dataFromArray(b, utf8())])
      },
    ))
    fc.assert(fc.property(
      fc.array(fc.option(fc.array(fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: null }), { maxLength: 5 }), { nil: null }), { maxLength: 12 }),
      fc.array(fc.option(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 5 }), { nil: null }), { maxLength: 12 }),
      (a, b) => {
        check([dataFromArray(a, list(int32())), dataFromArray(b, list(int32()))])
      },
    ))
  })
})

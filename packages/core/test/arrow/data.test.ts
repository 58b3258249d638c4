import { describe, expect, it } from 'vitest'
import {
  CHECKED_INIT, Data, IntervalUnit, InvalidArgumentError, InvalidDataError, OutOfRangeError, UnionMode, decimal, int32, int64, interval, largeUtf8, list, listView, map,
  nullType, union, utf8, utf8View, dictionary,
} from '@lightstream/core'
import { bitmap, i32, i64, strings } from './le'

describe('Data construction', () => {
  it('views the given buffers without copying, re-viewing bytes as the type class', () => {
    const bytes = i32(1, 2, 3)
    const d = new Data({ type: int32(), length: 3, values: bytes })
    expect(d.values).toBeInstanceOf(Int32Array)
    expect(d.values!.buffer).toBe(bytes.buffer)
    expect([d.get(0), d.get(1), d.get(2)]).toEqual([1, 2, 3])
    const s = strings('ab', 'c')
    const u = new Data({ type: largeUtf8(), length: 2, values: s.data, offsets: i64(0, 2, 3) })
    expect(u.offsets).toBeInstanceOf(BigInt64Array)
    expect([u.get(0), u.get(1)]).toEqual(['ab', 'c'])
  })

  it('copies only a misaligned buffer, which no typed array can view', () => {
    const backing = new Uint8Array(13)
    backing.set(i32(7, 8, 9), 1)
    const d = new Data({ type: int32(), length: 3, values: backing.subarray(1) })
    expect(d.values!.buffer).not.toBe(backing.buffer)
    expect([d.get(0), d.get(2)]).toEqual([7, 9])
  })

  it('counts nulls lazily from the bitmap and trusts a given count', () => {
    const validity = bitmap(1, 0, 1, 0, 0)
    const lazy = new Data({ type: int32(), length: 5, validity, values: i32(1, 2, 3, 4, 5) })
    expect(lazy.nullCount).toBe(3)
    const given = new Data({ type: int32(), length: 5, validity, values: i32(1, 2, 3, 4, 5), nullCount: 3 })
    expect(given.nullCount).toBe(3)
    expect(new Data({ type: int32(), length: 2, values: i32(1, 2) }).nullCount).toBe(0)
    expect(new Data({ type: nullType(), length: 4 }).nullCount).toBe(4)
    // A declared null count of 0 makes the bitmap irrelevant; an empty bitmap means all valid.
    expect(new Data({ type: int32(), length: 2, values: i32(1, 2), validity: bitmap(0, 0), nullCount: 0 }).get(0)).toBe(1)
    expect(new Data({ type: int32(), length: 2, values: i32(1, 2), validity: new Uint8Array(0) }).validity).toBeUndefined()
    expect(new Data({ type: union(UnionMode.Sparse, []), length: 0, validity: bitmap(1) }).validity).toBeUndefined()
  })

  it('reads nulls through isValid and get', () => {
    const d = new Data({ type: int32(), length: 3, validity: bitmap(1, 0, 1), values: i32(10, 20, 30) })
    expect([d.isValid(0), d.isValid(1), d.isValid(2)]).toEqual([true, false, true])
    expect([d.get(0), d.get(1), d.get(2)]).toEqual([10, null, 30])
    expect(new Data({ type: nullType(), length: 2 }).isValid(0)).toBe(false)
    expect(new Data({ type: nullType(), length: 2 }).get(1)).toBeNull()
  })

  it('slices in O(1), sharing buffers and moving the offset (validity and values together)', () => {
    const d = new Data({ type: int32(), length: 10, validity: bitmap(1, 1, 1, 0, 1, 1, 1, 1, 0, 1), values: i32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9) })
    const s = d.slice(3, 6)
    expect(s.values).toBe(d.values)
    expect(s.validity).toBe(d.validity)
    expect(s.offset).toBe(3)
    expect(Array.from({ length: 6 }, (_, i) => s.get(i))).toEqual([null, 4, 5, 6, 7, null])
    expect(s.nullCount).toBe(2)
    const s2 = s.slice(1, 3)
    expect(s2.offset).toBe(4)
    expect([s2.get(0), s2.get(1), s2.get(2)]).toEqual([4, 5, 6])
    expect(s2.nullCount).toBe(0)
    expect(d.slice(8).length).toBe(2)
    expect(() => d.slice(5, 6)).toThrow(OutOfRangeError)
    expect(() => d.slice(-1, 2)).toThrow(OutOfRangeError)
  })

  it('checks get indices and constructor arguments', () => {
    const d = new Data({ type: int32(), length: 2, values: i32(1, 2) })
    expect(() => d.get(2)).toThrow(OutOfRangeError)
    expect(() => d.get(-1)).toThrow(OutOfRangeError)
    expect(() => d.get(0.5)).toThrow(OutOfRangeError)
    expect(() => new Data({ type: int32(), length: -1 })).toThrow(InvalidArgumentError)
    expect(() => new Data({ type: int32(), length: 1, offset: 1.5 })).toThrow(InvalidArgumentError)
    expect(() => new Data({ type: int32(), length: 1, nullCount: -2 })).toThrow(InvalidArgumentError)
    expect(() => new Data({ type: undefined as never, length: 1 })).toThrow(InvalidArgumentError)
  })

  it('caches one getter per option set', () => {
    const d = new Data({ type: int64(), length: 1, values: i64(5) })
    expect(d.getter()).toBe(d.getter({}))
    expect(d.getter({ useBigInt: true })).toBe(d.getter({ useBigInt: true }))
    expect(d.getter({ useBigInt: true })).not.toBe(d.getter())
    expect(d.getter()(0)).toBe(5)
    expect(d.getter({ useBigInt: true })(0)).toBe(5n)
  })

  it('reports a missing buffer as InvalidDataError, and tolerates it when empty', () => {
    expect(() => new Data({ type: utf8(), length: 2, values: new Uint8Array(0) }).get(0)).toThrow(InvalidDataError)
    expect(new Data({ type: utf8(), length: 0 }).getter()).toBeTypeOf('function')
  })

  it('reads corrupt data without raw errors or unbounded allocation', () => {
    const short = new Data({ type: decimal(10, 2), length: 2, values: new Uint8Array(16) })
    expect(() => short.get(0)).toThrow(InvalidDataError)
    const mdn = new Data({ type: interval(IntervalUnit.MONTH_DAY_NANO), length: 2, values: i32(1, 2, 3, 4) })
    expect(() => mdn.get(1)).toThrow(InvalidDataError)
    const views = new Data({ type: utf8View(), length: 2, values: new Uint8Array(16) })
    expect(() => views.get(0)).toThrow(InvalidDataError)
    const child = new Data({ type: int32(), length: 1, values: i32(1) })
    const huge = new Data({ type: list(int32()), length: 1, offsets: i32(0, 2 ** 31 - 1), children: [child] })
    expect(() => huge.get(0)).toThrow(/outside its child of length 1/)
    const negative = new Data({ type: listView(int32()), length: 1, offsets: i32(0), sizes: i32(-5), children: [child] })
    expect(() => negative.get(0)).toThrow(InvalidDataError)
    const m = map(utf8(), int32())
    const entries = new Data({ type: m.child.type, length: 0, children: [new Data({ type: utf8(), length: 0 }), new Data({ type: int32(), length: 0 })] })
    expect(() => new Data({ type: m, length: 1, offsets: i32(0, 1e9), children: [entries] }).get(0)).toThrow(InvalidDataError)
  })
})

describe('Data built from a checked init (the IPC reader\'s flat columns)', () => {
  const s = strings('ab', '', 'cde')
  const words = new Data({ type: utf8(), length: 3, values: s.data, offsets: new Int32Array(s.offsets.buffer, s.offsets.byteOffset, 4) })
  const inits = {
    'int32 with nulls': { type: int32(), length: 3, nullCount: 1, validity: bitmap(1, 0, 1), values: new Int32Array([4, 5, 6]), offsets: null },
    'int64 without nulls': { type: int64(), length: 2, nullCount: 0, validity: null, values: new BigInt64Array([7n, -8n]), offsets: null },
    utf8: { type: utf8(), length: 3, nullCount: 0, validity: null, values: s.data, offsets: words.offsets! },
    'dictionary<int32, utf8>': { type: dictionary(utf8(), int32()), length: 2, nullCount: 0, validity: null, values: new Int32Array([2, 0]), offsets: null, dictionary: words },
  }
  for (const [name, init] of Object.entries(inits)) {
    it(`${name}: the same fields and values as the checking constructor makes`, () => {
      const checked = new Data(init, CHECKED_INIT)
      const plain = new Data(init)
      expect(Object.keys(checked)).toEqual(Object.keys(plain))
      for (const key of Object.keys(plain)) expect((checked as unknown as Record<string, unknown>)[key], key).toBe((plain as unknown as Record<string, unknown>)[key])
      expect(Array.from({ length: init.length }, (_, i) => checked.get(i))).toEqual(Array.from({ length: init.length }, (_, i) => plain.get(i)))
      expect(checked.nullCount).toBe(init.nullCount)
    })
  }
})

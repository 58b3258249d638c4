import { afterEach, describe, expect, it } from 'vitest'
import {
  Column, Data, InvalidArgumentError, OutOfRangeError, EXTENSION_NAME_KEY, EXTENSION_METADATA_KEY, dateDay, field, fixedSizeBinary, float16, float32, float64,
  int32, int64, int8, registerExtensionType, getExtensionType, unregisterExtensionType, time, TimeUnit, timestamp, utf8, uint16,
} from '@lightstream/core'
import { bitmap, f64, i32, i64, i8, strings, u16 } from './le'

const chunk = (...v: number[]) => new Data({ type: int32(), length: v.length, values: i32(...v) })

describe('Column across chunks', () => {
  const col = new Column([chunk(0, 1, 2), chunk(), chunk(3), chunk(4, 5, 6, 7)])

  it('has the total length and reads through get and at', () => {
    expect(col.length).toBe(8)
    expect(col.type).toEqual(int32())
    expect(Array.from({ length: 8 }, (_, i) => col.get(i))).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect([col.at(-1), col.at(-8), col.at(3.7), col.at(8), col.at(-9)]).toEqual([7, 0, 3, undefined, undefined])
    expect(() => col.get(8)).toThrow(OutOfRangeError)
    expect(() => col.get(-1)).toThrow(OutOfRangeError)
  })

  it('iterates chunk by chunk, skipping empty chunks', () => {
    expect([...col]).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect([...new Column([chunk()])]).toEqual([])
  })

  it('counts nulls over the chunks', () => {
    const nulls = new Column([new Data({ type: int32(), length: 3, validity: bitmap(1, 0, 0), values: i32(1, 2, 3) }), chunk(1)])
    expect(nulls.nullCount).toBe(2)
    expect(nulls.toArray()).toEqual([1, null, null, 1])
  })

  it('needs chunks or a field, of one type', () => {
    expect(() => new Column([])).toThrow(InvalidArgumentError)
    expect(new Column([], {}, field('x', utf8())).length).toBe(0)
    expect(() => new Column([chunk(1), new Data({ type: utf8(), length: 0 })])).toThrow(InvalidArgumentError)
  })
})

describe('Column.toArray', () => {
  it('returns a zero-copy view for one null-free numeric chunk (respecting the offset)', () => {
    const bytes = i32(9, 1, 2, 3)
    const d = new Data({ type: int32(), length: 3, offset: 1, values: bytes })
    const out = new Column([d]).toArray()
    expect(out).toBeInstanceOf(Int32Array)
    expect(Array.from(out as Int32Array)).toEqual([1, 2, 3])
    expect((out as Int32Array).buffer).toBe(bytes.buffer)
    const fbytes = f64(0.5, 1.5)
    const f = new Column([new Data({ type: float64(), length: 2, values: fbytes })]).toArray() as Float64Array
    expect(f).toBeInstanceOf(Float64Array)
    expect(f.buffer).toBe(fbytes.buffer)
    expect(Array.from(f)).toEqual([0.5, 1.5])
    const t = new Column([new Data({ type: time(TimeUnit.SECOND), length: 1, values: i32(5) })]).toArray()
    expect(t).toBeInstanceOf(Int32Array)
  })

  it('returns a view of BigInt64Array with useBigInt and a Float64Array copy of numbers otherwise', () => {
    const bytes = i64(1, -2)
    const d = new Data({ type: int64(), length: 2, values: bytes })
    const big = new Column([d], { useBigInt: true }).toArray()
    expect(big).toBeInstanceOf(BigInt64Array)
    expect((big as BigInt64Array).buffer).toBe(bytes.buffer)
    const num = new Column([d]).toArray()
    expect(num).toBeInstanceOf(Float64Array)
    expect(Array.from(num as Float64Array)).toEqual([1, -2])
    expect((num as Float64Array).buffer).not.toBe(bytes.buffer)
    const ts = new Column([new Data({ type: timestamp(TimeUnit.SECOND), length: 1, values: i64(2) })]).toArray()
    expect(Array.from(ts as Float64Array)).toEqual([2000])
    const half = new Column([new Data({ type: float16(), length: 1, values: u16(0x3c00) })]).toArray()
    expect(Array.from(half as Float64Array)).toEqual([1])
    const days = new Column([new Data({ type: dateDay(), length: 1, values: i32(1) })], { useDate: true }).toArray()
    expect(days).toEqual([new Date(86_400_000)])
  })

  it('copies several null-free chunks into one typed array of the same class', () => {
    const a = chunk(1, 2)
    const b = chunk(3)
    const out = new Column([a, b.slice(0)]).toArray()
    expect(out).toBeInstanceOf(Int32Array)
    expect(Array.from(out as Int32Array)).toEqual([1, 2, 3])
    expect((out as Int32Array).buffer).not.toBe(a.values!.buffer)
    const f = new Column([new Data({ type: float32(), length: 1, values: new Float32Array([0.5]) }), new Data({ type: float32(), length: 1, values: new Float32Array([2]) })])
    expect(f.toArray()).toEqual(new Float32Array([0.5, 2]))
    const u = new Column([new Data({ type: uint16(), length: 1, values: u16(65535) })]).toArray()
    expect(u).toEqual(new Uint16Array([65535]))
  })

  it('returns a JS array when there are nulls or values are not numbers', () => {
    const nullable = new Data({ type: int8(), length: 3, validity: bitmap(1, 0, 1), values: i8(1, 2, 3) })
    expect(new Column([nullable]).toArray()).toEqual([1, null, 3])
    const s = strings('a', 'b')
    expect(new Column([new Data({ type: utf8(), length: 2, values: s.data, offsets: s.offsets })]).toArray()).toEqual(['a', 'b'])
  })
})

describe('Column with an extension field', () => {
  afterEach(() => unregisterExtensionType('test.hex'))
  const bytes = new Uint8Array([0xab, 0xcd, 0x01, 0x02])
  const storage = new Data({ type: fixedSizeBinary(2), length: 2, validity: bitmap(1, 1), values: bytes })
  const f = field('id', fixedSizeBinary(2), true, { [EXTENSION_NAME_KEY]: 'test.hex', [EXTENSION_METADATA_KEY]: 'upper' })

  it('reads unregistered extensions as their storage', () => {
    const col = new Column([storage], {}, f)
    expect(Array.from(col.get(0) as Uint8Array)).toEqual([0xab, 0xcd])
  })

  it('applies a registered toValue with the extension metadata', () => {
    registerExtensionType({
      name: 'test.hex',
      storageType: fixedSizeBinary(2),
      toValue: (v, metadata) => {
        const hex = Array.from(v as Uint8Array, (b) => b.toString(16).padStart(2, '0')).join('')
        return metadata === 'upper' ? hex.toUpperCase() : hex
      },
    })
    expect(getExtensionType('test.hex')?.name).toBe('test.hex')
    const col = new Column([storage], {}, f)
    expect([...col]).toEqual(['ABCD', '0102'])
    expect(col.toArray()).toEqual(['ABCD', '0102'])
    expect(() => registerExtensionType({ name: '' })).toThrow(InvalidArgumentError)
  })
})

import { describe, expect, it } from 'vitest'
import { Data, bool, float16, float32, float64, int16, int32, int64, int8, numberToFloat16, float16ToNumber, uint16, uint32, uint64, uint8 } from '@lightstream/core'
import { bitmap, f32, f64, i16, i32, i64, i8, u16, u32, u64, values } from './le'

describe('integers', () => {
  it('read every width, signed and unsigned, with nulls', () => {
    const v = bitmap(1, 0, 1)
    expect(values(new Data({ type: int8(), length: 3, validity: v, values: i8(-128, 0, 127) }))).toEqual([-128, null, 127])
    expect(values(new Data({ type: uint8(), length: 3, validity: v, values: new Uint8Array([255, 0, 1]) }))).toEqual([255, null, 1])
    expect(values(new Data({ type: int16(), length: 3, validity: v, values: i16(-32768, 0, 32767) }))).toEqual([-32768, null, 32767])
    expect(values(new Data({ type: uint16(), length: 3, validity: v, values: u16(65535, 0, 1) }))).toEqual([65535, null, 1])
    expect(values(new Data({ type: int32(), length: 3, validity: v, values: i32(-(2 ** 31), 0, 2 ** 31 - 1) }))).toEqual([-(2 ** 31), null, 2 ** 31 - 1])
    expect(values(new Data({ type: uint32(), length: 3, validity: v, values: u32(2 ** 32 - 1, 0, 7) }))).toEqual([2 ** 32 - 1, null, 7])
  })

  it('read 64-bit as numbers by default (exact to 2^53) and as bigint with useBigInt', () => {
    const big = 2n ** 53n + 1n
    const d = new Data({ type: int64(), length: 5, validity: bitmap(1, 1, 1, 0, 1), values: i64(-1, 2 ** 53 - 1, -(2 ** 53 - 1), 0, big) })
    expect(values(d)).toEqual([-1, 2 ** 53 - 1, -(2 ** 53 - 1), null, 2 ** 53])
    expect(values(d, { useBigInt: true })).toEqual([-1n, 2n ** 53n - 1n, -(2n ** 53n - 1n), null, big])
    const u = new Data({ type: uint64(), length: 2, values: u64(2n ** 64n - 1n, 2n ** 32n) })
    expect(values(u)).toEqual([2 ** 64, 2 ** 32])
    expect(values(u, { useBigInt: true })).toEqual([2n ** 64n - 1n, 2n ** 32n])
  })

  it('apply the offset of a slice to values and validity', () => {
    const d = new Data({ type: int64(), length: 4, offset: 2, validity: bitmap(0, 0, 1, 0, 1, 1), values: i64(9, 9, 10, 11, 12, 13) })
    expect(values(d)).toEqual([10, null, 12, 13])
    expect(values(d.slice(1, 2), { useBigInt: true })).toEqual([null, 12n])
  })
})

describe('floats', () => {
  it('read float32 and float64 with nulls', () => {
    expect(values(new Data({ type: float32(), length: 3, validity: bitmap(1, 1, 0), values: f32(1.5, -0.25, 9) }))).toEqual([1.5, -0.25, null])
    expect(values(new Data({ type: float64(), length: 3, values: f64(Math.PI, -Infinity, NaN) }))).toEqual([Math.PI, -Infinity, NaN])
  })

  it('decode float16 including subnormals, infinities, NaN and signed zero', () => {
    const bits = [0x3c00, 0xc000, 0x7bff, 0x0400, 0x0001, 0x03ff, 0x7c00, 0xfc00, 0x7e00, 0x8000, 0x3555]
    const d = new Data({ type: float16(), length: bits.length, values: u16(...bits) })
    expect(values(d)).toEqual([1, -2, 65504, 2 ** -14, 2 ** -24, 1023 * 2 ** -24, Infinity, -Infinity, NaN, -0, 0.333251953125])
    expect(Object.is(d.get(9), -0)).toBe(true)
  })

  it('encode float16 with round-to-nearest-even, overflow and NaN', () => {
    expect(numberToFloat16(1)).toBe(0x3c00)
    expect(numberToFloat16(65504)).toBe(0x7bff)
    expect(numberToFloat16(65520)).toBe(0x7c00) // halfway to the next step rounds to even: infinity
    expect(numberToFloat16(1e6)).toBe(0x7c00)
    expect(numberToFloat16(-Infinity)).toBe(0xfc00)
    expect(numberToFloat16(NaN)).toBe(0x7e00)
    expect(numberToFloat16(2 ** -24)).toBe(0x0001)
    expect(numberToFloat16(2 ** -25)).toBe(0x0000) // tie to even (0)
    expect(numberToFloat16(3 * 2 ** -25)).toBe(0x0002) // tie to even (2)
    expect(numberToFloat16(-0)).toBe(0x8000)
    expect(numberToFloat16(1 + 2 ** -11)).toBe(0x3c00) // tie: stays even
    expect(numberToFloat16(1 + 3 * 2 ** -11)).toBe(0x3c02) // tie: rounds up to even
    expect(numberToFloat16(1 + 2 ** -11 + 2 ** -40)).toBe(0x3c01) // above the tie (sticky low bits)
    const mismatches: number[] = []
    for (let h = 0; h < 0x10000; h++) {
      const x = float16ToNumber(h)
      if (!Number.isNaN(x) && numberToFloat16(x) !== h) mismatches.push(h)
    }
    expect(mismatches).toEqual([])
  })
})

describe('booleans', () => {
  it('read bit-packed values LSB first with offset and nulls', () => {
    const d = new Data({ type: bool(), length: 10, validity: bitmap(1, 1, 1, 1, 1, 1, 1, 1, 1, 0), values: new Uint8Array([0b10100101, 0b00000011]) })
    expect(values(d)).toEqual([true, false, true, false, false, true, false, true, true, null])
    expect(values(d.slice(7, 2))).toEqual([true, true])
  })
})

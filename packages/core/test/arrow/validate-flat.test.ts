import { describe, expect, it } from 'vitest'
import {
  Data, RecordBatch, binaryView, bool, columnFromArray, decimal, field, fixedSizeBinary, int32, int64, interval, IntervalUnit, largeUtf8, schema,
  time, TimeUnit, Type, utf8, utf8View, validate,
} from '@lightstream/core'
import { bitmap, concat, i32, i64, intN, strings, view } from './le'
import { expectInvalid, expectValid } from './validate-helpers'

const enc = new TextEncoder()

describe('validate: shared checks', () => {
  const ok = new Data({ type: int32(), length: 3, validity: bitmap(1, 0, 1), values: i32(1, 2, 3) })
  it('passes valid data', () => expectValid(ok))
  it('null count above the length', () => {
    expectInvalid(new Data({ type: int32(), length: 2, validity: bitmap(0, 0), nullCount: 3, values: i32(1, 2) }), 'col', /null count 3 is outside \[0, 2\]/)
  })
  it('null count that contradicts the bitmap', () => {
    expectInvalid(new Data({ type: int32(), length: 3, validity: bitmap(1, 0, 1), nullCount: 2, values: i32(1, 2, 3) }), 'col', /does not match the 1 nulls/)
  })
  it('validity bitmap too short for offset + length', () => {
    expectInvalid(new Data({ type: int32(), length: 3, offset: 7, validity: bitmap(1), values: i32(0, 0, 0, 0, 0, 0, 0, 1, 2, 3) }), 'col', /validity bitmap has 1 bytes, needs 2/)
  })
  it('wrong number of children', () => {
    expectInvalid(new Data({ type: int32(), length: 0, children: [ok] }), 'col', /needs 0 children, has 1/)
  })
})

describe('validate: record batches', () => {
  const s = schema([field('a', int32(), false), field('b', utf8())])
  const good = new RecordBatch(s, [columnFromArray([1, 2], int32()).data[0]!, columnFromArray(['x', null], utf8()).data[0]!])
  it('passes a valid batch', () => expect(() => validate(good)).not.toThrow())
  it('column type differs from the field', () => {
    expectInvalid(new RecordBatch(s, [columnFromArray([1n, 2n], int64()).data[0]!, good.columns[1]!]), 'a', /Int64 differs from the field type Int32/)
  })
  it('column length differs from the row count', () => {
    expectInvalid(new RecordBatch(s, [good.columns[0]!, good.columns[1]!], 3), 'a', /length 2 differs from the batch's 3 rows/)
  })
  it('nulls in a non-nullable field', () => {
    expectInvalid(new RecordBatch(s, [columnFromArray([1, null], int32()).data[0]!, good.columns[1]!]), 'a', /non-nullable field has 1 nulls/)
  })
  it('wrong column count (a batch built around the constructor check)', () => {
    const bad = Object.assign(Object.create(RecordBatch.prototype) as RecordBatch, { schema: s, columns: [good.columns[0]!], numRows: 2 })
    expect(() => validate(bad)).toThrow(/1 columns for 2 fields/)
  })
  it('names an unnamed column by index', () => {
    const unnamed = schema([field('', int32())])
    expectInvalid(new RecordBatch(unnamed, [new Data({ type: int32(), length: 2, values: i32(1) })]), '[0]', /values buffer has 1 elements/)
  })
})

describe('validate: fixed-width layouts', () => {
  it('passes valid fixed-width data', () => {
    expectValid(new Data({ type: decimal(10, 2, 64), length: 2, values: intN(64, 1n, 2n) }))
    expectValid(new Data({ type: bool(), length: 9, values: new Uint8Array(2) }))
  })
  it('values buffer too short for offset + length', () => {
    expectInvalid(new Data({ type: int32(), length: 2, offset: 1, values: i32(1, 2) }), 'col', /values buffer has 2 elements of Int32, needs 3/)
    expectInvalid(new Data({ type: interval(IntervalUnit.DAY_TIME), length: 2, values: i32(1, 2, 3) }), 'col', /has 3 elements of Interval<DayTime>, needs 4/)
    expectInvalid(new Data({ type: fixedSizeBinary(4), length: 2, values: new Uint8Array(7) }), 'col', /needs 8/)
    expectInvalid(new Data({ type: int32(), length: 1 }), 'col', /has 0 elements/)
  })
  it('bool bitmap too short', () => {
    expectInvalid(new Data({ type: bool(), length: 9, values: new Uint8Array(1) }), 'col', /values bitmap has 1 bytes, needs 2/)
  })
  it('decimal widths, precision and buffer size', () => {
    expectInvalid(new Data({ type: { typeId: Type.Decimal, precision: 5, scale: 0, bitWidth: 48 as 32 }, length: 0 }), 'col', /invalid decimal bit width 48/)
    expectInvalid(new Data({ type: { typeId: Type.Decimal, precision: 10, scale: 0, bitWidth: 32 }, length: 0 }), 'col', /precision 10 is outside 1\.\.9/)
    expectInvalid(new Data({ type: decimal(10, 2), length: 2, values: intN(128, 1n) }), 'col', /values buffer has 16 bytes, needs 32/)
  })
  it('invalid type parameters', () => {
    expectInvalid(new Data({ type: { typeId: Type.Int, bitWidth: 12 as 8, signed: true }, length: 0 }), 'col', /invalid integer bit width 12/)
    expectInvalid(new Data({ type: { typeId: Type.Float, precision: 7 as 0 }, length: 0 }), 'col', /invalid float precision 7/)
    expectInvalid(new Data({ type: { ...time(TimeUnit.SECOND), bitWidth: 64 }, length: 0 }), 'col', /time unit 0 cannot be 64-bit/)
  })
})

describe('validate: variable-size binary', () => {
  const { data, offsets } = strings('ab', 'cde')
  it('passes valid strings', () => expectValid(new Data({ type: utf8(), length: 2, values: data, offsets }), { utf8: true }))
  it('offsets buffer too short', () => {
    expectInvalid(new Data({ type: utf8(), length: 3, values: data, offsets }), 'col', /offsets buffer has 3 entries, needs 4/)
  })
  it('negative first offset', () => {
    expectInvalid(new Data({ type: utf8(), length: 1, values: data, offsets: i32(-1, 2) }), 'col', /offset -1 at slot 0 is negative/)
  })
  it('decreasing offsets', () => {
    expectInvalid(new Data({ type: utf8(), length: 2, values: data, offsets: i32(0, 3, 2) }), 'col', /offsets decrease at slot 2 \(3 then 2\)/)
  })
  it('last offset beyond the data (32- and 64-bit)', () => {
    expectInvalid(new Data({ type: utf8(), length: 2, values: data, offsets: i32(0, 2, 9) }), 'col', /last offset 9 is beyond the data buffer length 5/)
    expectInvalid(new Data({ type: largeUtf8(), length: 1, values: data, offsets: i64(0, 2n ** 40n) }), 'col', /last offset 1099511627776 is beyond/)
    expectValid(new Data({ type: largeUtf8(), length: 2, values: data, offsets: i64(0, 2, 5) }), { utf8: true })
  })
  it('invalid UTF-8 only with the utf8 option, and only in valid slots', () => {
    const bad = new Uint8Array([0x61, 0xc3, 0x28, 0xed, 0xa0, 0x80])
    const d = new Data({ type: utf8(), length: 3, validity: bitmap(1, 1, 0), values: bad, offsets: i32(0, 1, 3, 6) })
    expectValid(d)
    expectInvalid(d, 'col', /slot 1 is not valid UTF-8/, { utf8: true })
    expectValid(new Data({ type: utf8(), length: 3, validity: bitmap(1, 0, 0), values: bad, offsets: i32(0, 1, 3, 6) }), { utf8: true })
  })
})

describe('validate: views', () => {
  const long = enc.encode('a long value over twelve')
  const good = () => concat(view(3, enc.encode('abc')), view(long.length, long, 0, 0))
  it('passes valid views', () => expectValid(new Data({ type: utf8View(), length: 2, values: good(), variadic: [long] }), { utf8: true }))
  it('views buffer too short', () => {
    expectInvalid(new Data({ type: binaryView(), length: 3, values: good(), variadic: [long] }), 'col', /views buffer has 32 bytes, needs 48/)
  })
  it('negative length', () => {
    expectInvalid(new Data({ type: binaryView(), length: 1, values: view(-1, new Uint8Array(0)) }), 'col', /view 0 has negative length -1/)
  })
  it('buffer index out of range', () => {
    expectInvalid(new Data({ type: binaryView(), length: 1, values: view(long.length, long, 1, 0), variadic: [long] }), 'col', /refers to buffer 1, but there are 1/)
  })
  it('range outside the buffer', () => {
    expectInvalid(new Data({ type: binaryView(), length: 1, values: view(long.length, long, 0, 5), variadic: [long] }), 'col', /range \[5, 29\) is outside buffer 0 of 24 bytes/)
  })
  it('prefix that differs from the data', () => {
    const v = view(long.length, enc.encode('zzzz'), 0, 0)
    expectInvalid(new Data({ type: binaryView(), length: 1, values: v, variadic: [long] }), 'col', /prefix differs/)
  })
  it('invalid UTF-8 inline and referenced', () => {
    expectInvalid(new Data({ type: utf8View(), length: 1, values: view(1, new Uint8Array([0xff])) }), 'col', /slot 0 is not valid UTF-8/, { utf8: true })
    const bad = concat(enc.encode('abcd'), new Uint8Array(9).fill(0x80))
    expectInvalid(new Data({ type: utf8View(), length: 1, values: view(13, bad, 0, 0), variadic: [bad] }), 'col', /slot 0 is not valid UTF-8/, { utf8: true })
  })
})

import { describe, expect, it } from 'vitest'
import { Data, binary, binaryView, fixedSizeBinary, largeBinary, largeUtf8, utf8, utf8View } from '@lightstream/core'
import { bitmap, concat, i32, i64, strings, values, view } from './le'

const enc = new TextEncoder()

describe('binary and strings with 32-bit offsets', () => {
  it('read Utf8 (ASCII, multi-byte, empty, long) with nulls and slices', () => {
    const words = ['héllo', '', 'x', 'a much longer ascii string here', '日本語🙂', 'z']
    const { data, offsets } = strings(...words)
    const d = new Data({ type: utf8(), length: 6, validity: bitmap(1, 1, 0, 1, 1, 1), values: data, offsets })
    expect(values(d)).toEqual(['héllo', '', null, 'a much longer ascii string here', '日本語🙂', 'z'])
    expect(values(d.slice(3, 2))).toEqual(['a much longer ascii string here', '日本語🙂'])
  })

  it('read Binary as views into the data buffer (no copy)', () => {
    const data = new Uint8Array([1, 2, 3, 4, 5])
    const d = new Data({ type: binary(), length: 3, values: data, offsets: i32(0, 2, 2, 5) })
    const v = d.get(2) as Uint8Array
    expect(Array.from(v)).toEqual([3, 4, 5])
    expect(v.buffer).toBe(data.buffer)
    expect(Array.from(d.get(1) as Uint8Array)).toEqual([])
  })

  it('read offsets that do not start at zero', () => {
    const data = enc.encode('__abcdef')
    const d = new Data({ type: utf8(), length: 2, values: data, offsets: i32(2, 5, 8) })
    expect(values(d)).toEqual(['abc', 'def'])
  })
})

describe('binary and strings with 64-bit offsets', () => {
  it('read LargeUtf8 and LargeBinary', () => {
    const data = enc.encode('onetwothree')
    const s = new Data({ type: largeUtf8(), length: 3, offset: 1, validity: bitmap(1, 1, 0, 1), values: data, offsets: i64(0, 3, 6, 6, 11) })
    expect(values(s)).toEqual(['two', null, 'three'])
    const b = new Data({ type: largeBinary(), length: 1, values: data, offsets: i64(3, 6) })
    expect(new TextDecoder().decode(b.get(0) as Uint8Array)).toBe('two')
  })
})

describe('view layouts', () => {
  it('read Utf8View inline (≤ 12 bytes) and referenced values across variadic buffers', () => {
    const long1 = enc.encode('this is longer than twelve')
    const long2 = enc.encode('another long string value')
    const buf0 = concat(new Uint8Array(3), long1)
    const buf1 = long2
    const views = concat(
      view(5, enc.encode('short')),
      view(12, enc.encode('exactly12byt')),
      view(long1.length, long1, 0, 3),
      view(0, new Uint8Array(0)),
      view(long2.length, long2, 1, 0),
    )
    const d = new Data({ type: utf8View(), length: 5, validity: bitmap(1, 1, 1, 0, 1), values: views, variadic: [buf0, buf1] })
    expect(values(d)).toEqual(['short', 'exactly12byt', 'this is longer than twelve', null, 'another long string value'])
    expect(values(d.slice(2, 1))).toEqual(['this is longer than twelve'])
  })

  it('read BinaryView values as views into the views or variadic buffers', () => {
    const long = new Uint8Array(20).map((_, i) => i)
    const views = concat(view(3, new Uint8Array([9, 8, 7])), view(20, long, 0, 0))
    const d = new Data({ type: binaryView(), length: 2, values: views, variadic: [long] })
    const inline = d.get(0) as Uint8Array
    expect(Array.from(inline)).toEqual([9, 8, 7])
    expect(inline.buffer).toBe(d.values!.buffer)
    const ref = d.get(1) as Uint8Array
    expect(ref.buffer).toBe(long.buffer)
    expect(Array.from(ref)).toEqual(Array.from(long))
  })
})

describe('fixed-size binary', () => {
  it('reads fixed-width slices with nulls and offset', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])
    const d = new Data({ type: fixedSizeBinary(2), length: 3, offset: 1, validity: bitmap(1, 1, 0, 1), values: bytes })
    expect(values(d).map((v) => (v === null ? null : Array.from(v as Uint8Array)))).toEqual([[3, 4], null, [7, 8]])
    expect((d.get(0) as Uint8Array).buffer).toBe(bytes.buffer)
  })
})

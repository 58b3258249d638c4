import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isValidUtf8 } from '@lightstream/core'
import { decodeUtf8 } from '../../src/arrow/utf8'

const check = (...bytes: number[]) => isValidUtf8(new Uint8Array(bytes), 0, bytes.length)

describe('isValidUtf8', () => {
  it('accepts well-formed text of every length class', () => {
    expect(check()).toBe(true)
    expect(check(0x41, 0xc3, 0xa9, 0xe6, 0x97, 0xa5, 0xf0, 0x9f, 0x99, 0x82)).toBe(true)
    expect(check(0xf4, 0x8f, 0xbf, 0xbf)).toBe(true) // U+10FFFF
  })
  it('rejects overlong forms, surrogates, values above U+10FFFF, stray and truncated bytes', () => {
    expect(check(0xc0, 0x80)).toBe(false)
    expect(check(0xe0, 0x80, 0x80)).toBe(false)
    expect(check(0xf0, 0x80, 0x80, 0x80)).toBe(false)
    expect(check(0xed, 0xa0, 0x80)).toBe(false)
    expect(check(0xf4, 0x90, 0x80, 0x80)).toBe(false)
    expect(check(0x80)).toBe(false)
    expect(check(0xff)).toBe(false)
    expect(check(0xe6, 0x97)).toBe(false)
    expect(check(0xc3, 0x41)).toBe(false)
  })
  it('checks only the given range', () => {
    expect(isValidUtf8(new Uint8Array([0xff, 0x41, 0xff]), 1, 2)).toBe(true)
    expect(isValidUtf8(new Uint8Array([0xe6, 0x97, 0xa5]), 0, 2)).toBe(false)
  })
  it('agrees with a fatal TextDecoder on random bytes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        let ok = true
        try {
          decoder.decode(bytes)
        } catch {
          ok = false
        }
        expect(isValidUtf8(bytes, 0, bytes.length)).toBe(ok)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('decodeUtf8', () => {
  const reference = new TextDecoder()
  it('builds ASCII values of every short length exactly', () => {
    const bytes = new TextEncoder().encode('the quick brown fox jumps over the lazy dog')
    for (let start = 0; start < 3; start++) {
      for (let n = 0; n <= 20; n++) expect(decodeUtf8(bytes, start, start + n)).toBe('the quick brown fox jumps over the lazy dog'.slice(start, start + n))
    }
  })
  it('agrees with TextDecoder on random ranges of mostly-ASCII and arbitrary bytes', () => {
    const byte = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xff }))
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), fc.nat(), fc.nat(), (values, a, b) => {
        const bytes = new Uint8Array(values)
        const start = values.length === 0 ? 0 : a % (values.length + 1)
        const end = start + (b % (values.length - start + 1))
        expect(decodeUtf8(bytes, start, end)).toBe(reference.decode(bytes.subarray(start, end)))
      }),
      { numRuns: 2000, seed: 7 },
    )
  })
})

import { describe, expect, it } from 'vitest'
import { TlvEncoder, decodeTlv, encodeTlv, type TlvOptions } from '@lightstream/tlv'
import { LAYOUTS, ascii, layoutName, plain, referenceEncode } from './support'

const hi = ascii('hi')

/** Hand-built wire bytes: tag 7 (or a wide tag) with payload "hi", one case per layout. */
const cases: Array<{ options: TlvOptions; tag: number; bytes: number[] }> = [
  { options: {}, tag: 7, bytes: [7, 2, 0, 0, 0, 0x68, 0x69] },
  { options: { tagWidth: 1, lengthWidth: 1 }, tag: 7, bytes: [7, 2, 0x68, 0x69] },
  { options: { tagWidth: 1, lengthWidth: 2 }, tag: 7, bytes: [7, 2, 0, 0x68, 0x69] },
  { options: { tagWidth: 1, lengthWidth: 8 }, tag: 7, bytes: [7, 2, 0, 0, 0, 0, 0, 0, 0, 0x68, 0x69] },
  { options: { tagWidth: 2, lengthWidth: 1 }, tag: 0x0107, bytes: [0x07, 0x01, 2, 0x68, 0x69] },
  { options: { tagWidth: 2, lengthWidth: 2 }, tag: 0xbeef, bytes: [0xef, 0xbe, 2, 0, 0x68, 0x69] },
  { options: { tagWidth: 2, lengthWidth: 4 }, tag: 0x0107, bytes: [0x07, 0x01, 2, 0, 0, 0, 0x68, 0x69] },
  { options: { tagWidth: 2, lengthWidth: 8 }, tag: 0xffff, bytes: [0xff, 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0x68, 0x69] },
  { options: { tagWidth: 4, lengthWidth: 1 }, tag: 0xdeadbeef, bytes: [0xef, 0xbe, 0xad, 0xde, 2, 0x68, 0x69] },
  { options: { tagWidth: 4, lengthWidth: 2 }, tag: 0x01020304, bytes: [4, 3, 2, 1, 2, 0, 0x68, 0x69] },
  { options: { tagWidth: 4, lengthWidth: 4 }, tag: 0xffffffff, bytes: [0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0x68, 0x69] },
  { options: { tagWidth: 4, lengthWidth: 8 }, tag: 7, bytes: [7, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0x68, 0x69] },
]

describe('wire format: hand-built bytes for every layout', () => {
  it('covers all twelve layouts', () => {
    expect(new Set(cases.map((c) => layoutName(c.options))).size).toBe(LAYOUTS.length)
  })

  for (const { options, tag, bytes } of cases) {
    describe(layoutName(options), () => {
      it(`encodeTlv(tag ${tag}, "hi") gives the exact bytes`, () => {
        expect(Array.from(encodeTlv({ tag, payload: hi }, options))).toEqual(bytes)
      })

      it('TlvEncoder emits [header, payload] with the payload not copied', () => {
        const parts = new TlvEncoder(options).encode({ tag, payload: hi }, 0)
        expect(parts).toHaveLength(2)
        expect(Array.from(parts[0]!)).toEqual(bytes.slice(0, bytes.length - 2))
        expect(parts[1]).toBe(hi)
      })

      it('decodeTlv reads the exact bytes back', () => {
        expect(plain(decodeTlv(Uint8Array.from(bytes), options))).toEqual([{ tag, payload: [0x68, 0x69] }])
      })

      it('agrees with the DataView reference encoder', () => {
        expect(Array.from(referenceEncode([{ tag, payload: hi }], options))).toEqual(bytes)
      })
    })
  }
})

describe('wire format: the default layout in detail', () => {
  it('writes the length little-endian over all four bytes', () => {
    const payload = new Uint8Array(0x010203)
    const bytes = encodeTlv({ tag: 0xab, payload })
    expect(Array.from(bytes.subarray(0, 5))).toEqual([0xab, 0x03, 0x02, 0x01, 0x00])
    expect(bytes.length).toBe(5 + 0x010203)
  })

  it('an empty payload is just the 5-byte header; tag 255 is the largest', () => {
    expect(Array.from(encodeTlv({ tag: 255, payload: new Uint8Array(0) }))).toEqual([255, 0, 0, 0, 0])
    expect(new TlvEncoder().encode({ tag: 0, payload: new Uint8Array(0) }, 0).map((p) => Array.from(p))).toEqual([
      [0, 0, 0, 0, 0],
    ])
  })

  it('frames follow each other with no padding', () => {
    const bytes = encodeTlv([
      { tag: 1, payload: Uint8Array.of(0xaa) },
      { tag: 2, payload: new Uint8Array(0) },
      { tag: 3, payload: Uint8Array.of(0xbb, 0xcc, 0xdd) },
    ])
    expect(Array.from(bytes)).toEqual([1, 1, 0, 0, 0, 0xaa, 2, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0xbb, 0xcc, 0xdd])
  })

  it('decodes a length byte with the high bit set as unsigned', () => {
    const bytes = new Uint8Array(5 + 0x80)
    bytes.set([9, 0x80, 0, 0, 0])
    const [frame] = decodeTlv(bytes)
    expect(frame?.tag).toBe(9)
    expect(frame?.payload.length).toBe(0x80)
  })
})

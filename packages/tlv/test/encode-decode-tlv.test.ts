import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FrameTooLargeError, InvalidArgumentError, TruncatedInputError, type Allocator } from '@lightstream/core'
import { decodeTlv, encodeTlv, type TlvFrame } from '@lightstream/tlv'
import { LAYOUTS, arbFrames, ascii, layoutName, plain, referenceEncode } from './support'

describe('encodeTlv / decodeTlv round trips (property)', () => {
  for (const layout of LAYOUTS) {
    it(`decodeTlv(encodeTlv(frames)) = frames and matches the reference bytes (${layoutName(layout)})`, () => {
      fc.assert(
        fc.property(arbFrames(layout), (frames) => {
          const bytes = encodeTlv(frames, layout)
          expect(bytes).toEqual(referenceEncode(frames, layout))
          expect(plain(decodeTlv(bytes, layout))).toEqual(plain(frames))
        }),
        { numRuns: 60 },
      )
    })
  }

  it('every proper prefix of a non-empty encoding is TruncatedInputError (default layout)', () => {
    fc.assert(
      fc.property(arbFrames({}, 5), fc.nat(), (frames, pick) => {
        const bytes = encodeTlv(frames)
        fc.pre(bytes.length > 0)
        const lastFrameStart = bytes.length - 5 - frames[frames.length - 1]!.payload.length
        // Any cut strictly inside the last frame leaves a tail that cannot be a frame.
        const cutAt = lastFrameStart + 1 + (pick % (bytes.length - lastFrameStart - 1 || 1))
        fc.pre(cutAt < bytes.length)
        expect(() => decodeTlv(bytes.subarray(0, cutAt))).toThrow(TruncatedInputError)
      }),
    )
  })

  it('arbitrary bytes decode to frames or fail with a coded error, never a raw TypeError/RangeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(...LAYOUTS), (bytes, layout) => {
        try {
          const frames = decodeTlv(bytes, { ...layout, maxPayloadLength: 32 })
          expect(encodeTlv(frames, layout)).toEqual(bytes) // decoding is exact: re-encoding gives the input
        } catch (err) {
          expect(err).toSatisfy((e) => e instanceof TruncatedInputError || e instanceof FrameTooLargeError)
        }
      }),
    )
  })
})

describe('decodeTlv', () => {
  it('returns views of the input (same ArrayBuffer, no copy)', () => {
    const bytes = encodeTlv([
      { tag: 1, payload: ascii('abc') },
      { tag: 2, payload: ascii('defg') },
    ])
    const [a, b] = decodeTlv(bytes)
    expect(a!.payload.buffer).toBe(bytes.buffer)
    expect(b!.payload.buffer).toBe(bytes.buffer)
    expect(b!.payload.byteOffset).toBe(bytes.byteOffset + 8 + 5)
  })

  it('decodes zero frames from empty input, and empty payloads, and tag 255', () => {
    expect(decodeTlv(new Uint8Array(0))).toEqual([])
    expect(plain(decodeTlv(Uint8Array.of(255, 0, 0, 0, 0, 0, 0, 0, 0, 0)))).toEqual([
      { tag: 255, payload: [] },
      { tag: 0, payload: [] },
    ])
  })

  it('raises FrameTooLargeError from a header even when the payload is missing', () => {
    expect(() => decodeTlv(Uint8Array.of(1, 0xff, 0xff, 0xff, 0x7f))).toThrow(FrameTooLargeError)
    expect(() => decodeTlv(Uint8Array.of(1, 11, 0, 0, 0), { maxPayloadLength: 10 })).toThrow(FrameTooLargeError)
  })

  it('names the truncation: inside a header or inside a payload', () => {
    expect(() => decodeTlv(Uint8Array.of(1, 0, 0, 0, 0, 7, 2))).toThrow(/inside a TLV header: 2 of 5 bytes/)
    expect(() => decodeTlv(Uint8Array.of(7, 3, 0, 0, 0, 1))).toThrow(/tag 7: 1 of 3 payload bytes/)
  })

  it('rejects input that is not a Uint8Array, and bad options', () => {
    expect(() => decodeTlv([1, 0, 0, 0, 0] as never)).toThrow(InvalidArgumentError)
    expect(() => decodeTlv(new Uint8Array(0), { tagWidth: 8 as never })).toThrow(InvalidArgumentError)
  })
})

describe('encodeTlv', () => {
  it('accepts one frame, an array, or any iterable (a generator is read once)', () => {
    const frames: TlvFrame[] = [
      { tag: 1, payload: Uint8Array.of(1) },
      { tag: 2, payload: Uint8Array.of(2, 2) },
    ]
    function* gen(): Generator<TlvFrame> {
      yield* frames
    }
    const expected = Array.from(referenceEncode(frames))
    expect(Array.from(encodeTlv(frames))).toEqual(expected)
    expect(Array.from(encodeTlv(gen()))).toEqual(expected)
    expect(Array.from(encodeTlv(new Set(frames)))).toEqual(expected)
    expect(Array.from(encodeTlv(frames[0]!))).toEqual(expected.slice(0, 6))
    expect(encodeTlv([]).length).toBe(0)
  })

  it('copies payloads once into one allocation from the given allocator', () => {
    const sizes: number[] = []
    const allocator: Allocator = {
      alloc(n) {
        sizes.push(n)
        return new Uint8Array(n)
      },
    }
    const payload = Uint8Array.of(9, 9)
    const out = encodeTlv([{ tag: 1, payload }, { tag: 2, payload }], { allocator })
    expect(sizes).toEqual([14])
    expect(out.buffer).not.toBe(payload.buffer)
    payload[0] = 0
    expect(out[5]).toBe(9) // a copy: later changes to the payload do not show
  })

  it('validates every frame before allocating anything', () => {
    let allocations = 0
    const allocator: Allocator = {
      alloc(n) {
        allocations++
        return new Uint8Array(n)
      },
    }
    const frames = [{ tag: 1, payload: new Uint8Array(3) }, { tag: 256, payload: new Uint8Array(1) }]
    expect(() => encodeTlv(frames, { allocator })).toThrow(InvalidArgumentError)
    expect(() => encodeTlv([{ tag: 1, payload: new Uint8Array(11) }], { allocator, maxPayloadLength: 10 })).toThrow(
      FrameTooLargeError,
    )
    expect(allocations).toBe(0)
  })

  it('rejects something that is neither a frame nor an iterable', () => {
    expect(() => encodeTlv(null as never)).toThrow(InvalidArgumentError)
    expect(() => encodeTlv(42 as never)).toThrow(InvalidArgumentError)
    expect(() => encodeTlv([42] as never)).toThrow(InvalidArgumentError)
  })
})

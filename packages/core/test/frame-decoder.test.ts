import { NEED_MORE, TruncatedInputError, isNeedMore, type DecodeResult, type FrameDecoder } from '@lightstream/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

describe('NEED_MORE and isNeedMore', () => {
  it('NEED_MORE is a frozen answer with no size hint', () => {
    expect(NEED_MORE.needMore).toBe(true)
    expect(NEED_MORE.needed).toBeUndefined()
    expect(Object.isFrozen(NEED_MORE)).toBe(true)
    expect(() => {
      ;(NEED_MORE as { needed?: number }).needed = 3
    }).toThrow(TypeError)
  })

  it('recognises the shared answer and a decoder\'s own with a hint', () => {
    expect(isNeedMore(NEED_MORE)).toBe(true)
    const hinted: DecodeResult<string> = { needMore: true, needed: 12 }
    expect(isNeedMore(hinted)).toBe(true)
  })

  it('says no for decoded frames, whatever the frame is', () => {
    for (const frame of [new Uint8Array(0), 0, '', null, undefined, false, { needMore: true }]) {
      expect(isNeedMore({ frame, consumed: 1 })).toBe(false)
    }
  })
})

// The @example at the top of packages/core/src/index.ts, copied verbatim, then driven for real.
const decoder: FrameDecoder<Uint8Array> = {
  decode(bytes) {
    if (bytes.length < 2) return NEED_MORE
    const size = 2 + ((bytes[0]! << 8) | bytes[1]!)
    if (bytes.length < size) return { needMore: true, needed: size }
    return { frame: bytes.subarray(2, size), consumed: size }
  },
}

/** A minimal driver: buffer chunks, decode while frames come, throw TruncatedInputError on leftovers. */
function decodeAll(chunks: Iterable<Uint8Array>): Uint8Array[] {
  const frames: Uint8Array[] = []
  let pending = new Uint8Array(0)
  for (const chunk of chunks) {
    const joined = new Uint8Array(pending.length + chunk.length)
    joined.set(pending)
    joined.set(chunk, pending.length)
    pending = joined
    for (;;) {
      const result = decoder.decode(pending)
      if (isNeedMore(result)) {
        if (result.needed !== undefined) expect(result.needed).toBeGreaterThan(pending.length)
        break
      }
      frames.push(result.frame)
      pending = pending.subarray(result.consumed)
    }
  }
  if (pending.length > 0) throw new TruncatedInputError(`${pending.length} bytes left inside a frame`)
  return frames
}

function encode(payloads: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(payloads.reduce((n, p) => n + 2 + p.length, 0))
  let pos = 0
  for (const p of payloads) {
    out[pos] = p.length >> 8
    out[pos + 1] = p.length & 0xff
    out.set(p, pos + 2)
    pos += 2 + p.length
  }
  return out
}

function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const parts: Uint8Array[] = []
  let start = 0
  for (const p of [...points, bytes.length]) {
    parts.push(bytes.subarray(start, p))
    start = p
  }
  return parts
}

describe('the @packageDocumentation example of @lightstream/core', () => {
  it('decodes one frame as a view of its input, and asks for the exact size it needs', () => {
    const bytes = Uint8Array.of(0, 3, 7, 8, 9, 0xff)
    const result = decoder.decode(bytes)
    expect(isNeedMore(result)).toBe(false)
    if (isNeedMore(result)) return
    expect([...result.frame]).toEqual([7, 8, 9])
    expect(result.consumed).toBe(5)
    expect(result.frame.buffer).toBe(bytes.buffer)
    expect(decoder.decode(Uint8Array.of(0))).toBe(NEED_MORE)
    expect(decoder.decode(Uint8Array.of(1, 0, 5))).toEqual({ needMore: true, needed: 258 })
  })

  it('decodes the same frames whole, 1 byte at a time and at random chunkings', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (payloads, cuts) => {
        const bytes = encode(payloads)
        const expected = payloads.map((p) => [...p])
        expect(decodeAll([bytes]).map((f) => [...f])).toEqual(expected)
        expect(decodeAll([...bytes].map((b) => Uint8Array.of(b))).map((f) => [...f])).toEqual(expected)
        expect(decodeAll(chunk(bytes, cuts)).map((f) => [...f])).toEqual(expected)
      }),
      { numRuns: 150 },
    )
  })

  it('leaves a cut-off frame to the driver, which reports it as truncated', () => {
    expect(() => decodeAll([Uint8Array.of(0, 4, 1, 2)])).toThrow(TruncatedInputError)
  })
})

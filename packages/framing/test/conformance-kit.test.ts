import { ConformanceError, InvalidArgumentError, InvalidFrameError, NEED_MORE, type FrameDecoder } from '@lightstream/core'
import { LengthPrefixedDecoder } from '@lightstream/framing'
import { checkFrameDecoder, chunkEvery, framesEqual, randomChunks, seededRandom, splitAt } from '@lightstream/framing/testing'
import { describe, expect, it } from 'vitest'
import { newlineDecoder } from './helpers'

/** `[len u8][payload]` frames: 3 frames of 1, 4 and 0 bytes, then one of 6. */
const input = Uint8Array.of(1, 10, 4, 20, 21, 22, 23, 0, 6, 30, 31, 32, 33, 34, 35)
const expected = [Uint8Array.of(10), Uint8Array.of(20, 21, 22, 23), new Uint8Array(0), Uint8Array.of(30, 31, 32, 33, 34, 35)]

async function conformanceError(promise: Promise<unknown>): Promise<ConformanceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(ConformanceError)
  expect((error as ConformanceError).code).toBe('ERR_CONFORMANCE')
  return error as ConformanceError
}

describe('checkFrameDecoder passes correct decoders', () => {
  it('accepts a correct decoder and reports what it ran', async () => {
    const report = await checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder({ width: 1 }), input, expected, randomRuns: 10 })
    expect(report).toEqual({ runs: 1 + 2 + 2 + 2 * (input.length + 1) + 2 * 10 + 1, frames: 4 }) // + whole-frame chunks (frameLength)
  })

  it('accepts an unhinted decoder with a finish (newline-delimited)', async () => {
    const lines = new TextEncoder().encode('alpha\nbeta\n\ngamma')
    const report = await checkFrameDecoder({ createDecoder: newlineDecoder, input: lines, equals: framesEqual })
    expect(report.frames).toBe(4)
  })

  it('skips the every-split runs when asked, and by default for inputs above 8 KiB', async () => {
    const small = await checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder({ width: 1 }), input, everySplit: false, randomRuns: 3 })
    expect(small.runs).toBe(1 + 2 + 2 + 6 + 1)
    const big = new Uint8Array(9000)
    const report = await checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder({ width: 1 }), input: big, randomRuns: 2 })
    expect(report).toEqual({ runs: 1 + 2 + 2 + 4 + 1, frames: 9000 })
  })

  it('handles empty input', async () => {
    expect(await checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder(), input: new Uint8Array(0), expected: [] })).toEqual({
      runs: 1 + 2 + 2 + 2 + 100 + 1,
      frames: 0,
    })
  })
})

describe('checkFrameDecoder checks frameLength', () => {
  /** The width-1 decoder with its frameLength replaced. */
  const withFrameLength = (frameLength: (bytes: Uint8Array) => number | undefined) => () =>
    Object.assign(new LengthPrefixedDecoder({ width: 1 }), { frameLength })

  it('catches a wrong length, a length given too early, a forgotten one, one never given, and a throw', async () => {
    const real = new LengthPrefixedDecoder({ width: 1 })
    const cases: [string, (bytes: Uint8Array) => number | undefined, RegExp][] = [
      ['off by one', (b) => (b.length < 1 ? undefined : b[0]! + 2), /frameLength says 3 from the first 1 bytes of frame 0/],
      ['a guess before the prefix', (b) => (b.length < 1 ? 7 : real.frameLength(b)), /frameLength says 7 from the first 0 bytes of frame 0/],
      ['forgets', (b) => (b.length >= 2 && b.length < 1 + b[0]! ? undefined : real.frameLength(b)), /forgot the length of frame 1/],
      ['never knows', () => undefined, /gives no length for frame 0/],
      ['throws', () => { throw new InvalidFrameError('nope') }, /frameLength threw InvalidFrameError/],
    ]
    for (const [name, frameLength, message] of cases) {
      const error = await conformanceError(checkFrameDecoder({ createDecoder: withFrameLength(frameLength), input, expected, randomRuns: 1 }))
      expect(error.message, name).toMatch(message)
    }
  })

  it('the whole-frame replay runs through the async driver, which must offer frameLength', async () => {
    const real = new LengthPrefixedDecoder({ width: 1 })
    const report = await checkFrameDecoder({ createDecoder: withFrameLength((b) => real.frameLength(b)), input, expected, randomRuns: 1 })
    expect(report.runs).toBe(1 + 2 + 2 + 2 * (input.length + 1) + 2 + 1)
  })
})

describe('checkFrameDecoder catches broken decoders', () => {
  it('a decoder that assumes a frame never spans chunks fails at 1-byte chunking, naming it', async () => {
    // Returns whatever of the frame it was given, as if the chunk end were the frame end.
    const spanBlind: FrameDecoder<Uint8Array> = {
      decode(bytes) {
        if (bytes.length < 1) return NEED_MORE
        const end = Math.min(1 + bytes[0]!, bytes.length)
        return { frame: bytes.subarray(1, end), consumed: end }
      },
    }
    // The one-chunk reference is right, so the decoder looks fine in a naive test...
    expect(spanBlind.decode(Uint8Array.of(2, 5, 6))).toEqual({ frame: Uint8Array.of(5, 6), consumed: 3 })
    const error = await conformanceError(checkFrameDecoder({ createDecoder: () => spanBlind, input, expected }))
    expect(error.message).toMatch(/^1-byte chunks, sync driver: frame 0 differs: got Uint8Array\(0\) \[\], expected Uint8Array\(1\) \[0a\]/)
  })

  it('a decoder that breaks only at one split point is named by that split', async () => {
    // Wrong only when handed exactly 3 bytes of a longer frame, which 1-byte chunking never does (the
    // driver waits for the 6 bytes the prefix asks for) but a split after byte 3 does.
    const threeByteBug: FrameDecoder<Uint8Array> = {
      decode(bytes) {
        if (bytes.length === 3 && bytes[0]! > 2) return { frame: bytes.subarray(1), consumed: 3 }
        return new LengthPrefixedDecoder({ width: 1 }).decode(bytes)
      },
    }
    const frame = Uint8Array.of(5, 1, 2, 3, 4, 5)
    const error = await conformanceError(checkFrameDecoder({ createDecoder: () => threeByteBug, input: frame, randomRuns: 0 }))
    expect(error.message).toBe('split at 3, sync driver: frame 0 differs: got Uint8Array(2) [01 02], expected Uint8Array(5) [01 02 03 04 05]')
  })

  it('a decoder that reads outside its view (through .buffer) is caught by the guard bytes', async () => {
    const bufferReader: FrameDecoder<Uint8Array> = {
      decode(bytes) {
        const view = new Uint8Array(bytes.buffer) // ignores byteOffset: wrong for any view not at offset 0
        if (bytes.length < 1) return NEED_MORE
        const total = 1 + view[0]!
        if (bytes.length < total) return { needMore: true, needed: total }
        return { frame: bytes.subarray(1, total), consumed: total }
      },
    }
    // Works when handed a fresh buffer at offset 0, as the reference does...
    await conformanceError(checkFrameDecoder({ createDecoder: () => bufferReader, input: input.slice(), expected }))
  })

  it('a decoder that reuses its output memory is caught by comparing after the whole run', async () => {
    const out = new Uint8Array(8)
    const reuser: FrameDecoder<Uint8Array> = {
      decode(bytes) {
        const frame = new LengthPrefixedDecoder({ width: 1 }).decode(bytes)
        if ('needMore' in frame) return frame
        out.set(frame.frame)
        return { frame: out.subarray(0, frame.frame.length), consumed: frame.consumed }
      },
    }
    const error = await conformanceError(checkFrameDecoder({ createDecoder: () => reuser, input, expected }))
    expect(error.message).toMatch(/^one chunk \(reference\) against expected: frame 0 differs/)
  })

  it('a raw TypeError is never acceptable, even when an error was expected', async () => {
    const crashes: FrameDecoder<Uint8Array> = {
      decode(bytes) {
        if (bytes.length < 2) return NEED_MORE
        return (undefined as unknown as { x: FrameDecoder<Uint8Array> }).x.decode(bytes)
      },
    }
    const error = await conformanceError(checkFrameDecoder({ createDecoder: () => crashes, input, expectErrorCode: 'ERR_INVALID_FRAME' }))
    expect(error.message).toMatch(/TypeError.*not a LightstreamError/)
    expect(error.cause).toBeInstanceOf(TypeError)
  })

  it('a decoder whose error depends on chunking is caught', async () => {
    // Rejects a length byte of 4 only when handed more than that frame, i.e. depending on chunk sizes.
    const moody: FrameDecoder<Uint8Array> = {
      decode(bytes) {
        if (bytes[0] === 4 && bytes.length > 5) throw new InvalidFrameError('no fours')
        return new LengthPrefixedDecoder({ width: 1 }).decode(bytes)
      },
    }
    const error = await conformanceError(checkFrameDecoder({ createDecoder: () => moody, input, expected: expected.slice(0, 1), expectErrorCode: 'ERR_INVALID_FRAME' }))
    expect(error.message).toMatch(/^1-byte chunks, sync driver: frame 1 \(Uint8Array\(4\) \[14 15 16 17\]\) was not expected; expected InvalidFrameError ERR_INVALID_FRAME/)
  })

  it('fails when the expected error does not come, or a different one does', async () => {
    const missing = await conformanceError(
      checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder({ width: 1 }), input, expectErrorCode: 'ERR_TRUNCATED' }),
    )
    expect(missing.message).toBe('one chunk (reference): expected error ERR_TRUNCATED after 4 frame(s), got a clean end')
    const other = await conformanceError(
      checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder({ width: 1 }), input: input.subarray(0, 3), expectErrorCode: 'ERR_INVALID_FRAME' }),
    )
    expect(other.message).toMatch(/expected error ERR_INVALID_FRAME after 1 frame\(s\), got TruncatedInputError ERR_TRUNCATED/)
    expect(other.cause).toBeInstanceOf(Error)
  })

  it('fails on an unexpected error, and on missing or extra frames against expected', async () => {
    const unexpected = await conformanceError(checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder({ width: 1 }), input: input.subarray(0, 3) }))
    expect(unexpected.message).toMatch(/^one chunk \(reference\): unexpected TruncatedInputError ERR_TRUNCATED/)
    const extra = await conformanceError(checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder({ width: 1 }), input, expected: expected.slice(0, 3) }))
    expect(extra.message).toMatch(/frame 3 \(Uint8Array\(6\) \[1e 1f 20 21 22 23\]\) was not expected/)
    const fewer = await conformanceError(
      checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder({ width: 1 }), input, expected: [...expected, Uint8Array.of(1)] }),
    )
    expect(fewer.message).toMatch(/frame 4 \(Uint8Array\(1\) \[01\]\) is missing; got a clean end of input instead/)
  })

  it('uses a custom equals', async () => {
    const alwaysDifferent = await conformanceError(
      checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder({ width: 1 }), input, expected, equals: () => false }),
    )
    expect(alwaysDifferent.message).toMatch(/frame 0 differs/)
  })

  it('rejects bad options with InvalidArgumentError', async () => {
    await expect(checkFrameDecoder({ createDecoder: undefined as never, input })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder(), input: [1] as never })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder(), input, randomRuns: -1 })).rejects.toBeInstanceOf(InvalidArgumentError)
  })
})

describe('chunking helpers', () => {
  const bytes = Uint8Array.from({ length: 10 }, (_, i) => i)

  it('chunkEvery cuts into fixed-size chunks, never adjacent in memory, offsets kept modulo 8', () => {
    const chunks = chunkEvery(bytes, 4)
    expect(chunks.map((chunk) => [...chunk])).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
    expect(chunks.every((chunk) => chunk.buffer !== bytes.buffer)).toBe(true)
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i]!.byteOffset).not.toBe(chunks[i - 1]!.byteOffset + chunks[i - 1]!.length)
    }
    expect(chunks.map((chunk) => chunk.byteOffset % 8)).toEqual([0, 4, 0])
    expect(chunkEvery(new Uint8Array(0), 1)).toEqual([])
    expect(() => chunkEvery(bytes, 0)).toThrow(InvalidArgumentError)
  })

  it('splitAt cuts at offsets, allowing empty pieces', () => {
    expect(splitAt(bytes, 3, 3, 10).map((chunk) => chunk.length)).toEqual([3, 0, 7, 0])
    expect(splitAt(bytes).map((chunk) => chunk.length)).toEqual([10])
    expect(() => splitAt(bytes, 5, 4)).toThrow(InvalidArgumentError)
    expect(() => splitAt(bytes, 11)).toThrow(InvalidArgumentError)
  })

  it('randomChunks covers the input with chunks of 1..maxChunk, reproducibly', () => {
    const big = new Uint8Array(5000)
    const chunks = randomChunks(big, seededRandom(3), 17)
    expect(chunks.reduce((sum, chunk) => sum + chunk.length, 0)).toBe(5000)
    expect(chunks.every((chunk) => chunk.length >= 1 && chunk.length <= 17)).toBe(true)
    expect(new Set(chunks.map((chunk) => chunk.length)).size).toBe(17)
    expect(randomChunks(big, seededRandom(3), 17).map((chunk) => chunk.length)).toEqual(chunks.map((chunk) => chunk.length))
    expect(() => randomChunks(big, seededRandom(3), 0)).toThrow(InvalidArgumentError)
  })

  it('seededRandom is deterministic, in [0, 1), and spread out', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const values = Array.from({ length: 10000 }, () => a())
    expect(values.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()))
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true)
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02)
    const buckets = new Array<number>(10).fill(0)
    for (const value of values) buckets[Math.floor(value * 10)]!++
    expect(Math.min(...buckets)).toBeGreaterThan(850)
    expect(seededRandom(1)()).not.toBe(seededRandom(2)())
    expect(() => seededRandom(0.5)).toThrow(InvalidArgumentError)
  })

  it('framesEqual compares structure and bytes, not identity', () => {
    expect(framesEqual(Uint8Array.of(1, 2), new Uint8Array([1, 2]))).toBe(true)
    expect(framesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false)
    expect(framesEqual(Uint8Array.of(1), Int8Array.of(1))).toBe(false)
    expect(framesEqual({ tag: 1, body: Uint8Array.of(5) }, { tag: 1, body: Uint8Array.of(5) })).toBe(true)
    expect(framesEqual({ tag: 1, body: Uint8Array.of(5) }, { tag: 2, body: Uint8Array.of(5) })).toBe(false)
    expect(framesEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(framesEqual([1, [2, 3n]], [1, [2, 3n]])).toBe(true)
    expect(framesEqual(Number.NaN, Number.NaN)).toBe(true)
    expect(framesEqual(new Map([[1, Uint8Array.of(1)]]), new Map([[1, Uint8Array.of(1)]]))).toBe(true)
    expect(framesEqual(new Set([1]), new Set([2]))).toBe(false)
    expect(framesEqual(new Date(5), new Date(5))).toBe(true)
    expect(framesEqual(Uint8Array.of(1, 2).buffer, Uint8Array.of(1, 2).buffer)).toBe(true)
    const cyclic: { self?: unknown } = {}
    cyclic.self = cyclic
    const other: { self?: unknown } = {}
    other.self = other
    expect(framesEqual(cyclic, other)).toBe(false)
  })
})

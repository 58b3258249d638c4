// Mutation fuzzing: valid frames with bytes flipped, cut, or spliced must decode to exactly the declared
// length or fail with a coded Lightstream error, never a raw TypeError/RangeError or a hang.
import { loadZstdCodec, lz4FrameCodec, zstdCodec } from '@lightstream/codecs'
import { LightstreamError, type Codec } from '@lightstream/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LARGE, SMALL, fixture, fixtureInput, repetitive } from './fixture-input'

const mutation = fc.record({
  flips: fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 8 }),
  cut: fc.option(fc.nat(), { nil: undefined }),
  lengthDelta: fc.constantFrom(0, 0, 0, -1, 1, 1000),
})

function mutate(frame: Uint8Array, m: { flips: { at: number; xor: number }[]; cut: number | undefined }): Uint8Array {
  const bytes = frame.slice()
  for (const { at, xor } of m.flips) {
    const i = at % bytes.length
    bytes[i] = bytes[i]! ^ xor
  }
  return m.cut === undefined ? bytes : bytes.subarray(0, m.cut % (bytes.length + 1))
}

function check(codec: Codec, frame: Uint8Array, n: number, runs: number): void {
  let decoded = 0
  let refused = 0
  fc.assert(
    fc.property(mutation, (m) => {
      const expected = Math.max(0, n + m.lengthDelta)
      try {
        const out = codec.decode(mutate(frame, m), expected)
        expect(out).toBeInstanceOf(Uint8Array)
        expect(out.length).toBe(expected)
        decoded++
      } catch (err) {
        if (!(err instanceof LightstreamError)) throw err
        expect(err.code).toMatch(/^ERR_/)
        refused++
      }
    }),
    { numRuns: runs },
  )
  expect(decoded + refused).toBe(runs)
  expect(refused).toBeGreaterThan(0)
}

describe('corrupt LZ4 frames', () => {
  const lz4 = lz4FrameCodec()
  it('from this encoder', () => check(lz4, lz4.encode(repetitive(20_000, 3)), 20_000, 400))
  it('from the reference tool, with checksums', () => check(lz4, fixture('lz4-b4-dependent-blockcrc-size.lz4'), LARGE, 200))
  it('from the reference tool, without checksums (corruption reaches the block decoder)', () => {
    check(lz4FrameCodec({ verifyChecksums: false }), fixture('lz4-b4-independent-nocrc.lz4'), LARGE, 300)
    check(lz4FrameCodec({ verifyChecksums: false }), fixture('lz4-hc.lz4'), SMALL, 300)
  })
})

describe('corrupt zstd frames', () => {
  const zstd = zstdCodec()
  it('with a content size (decoded in place)', () => {
    check(zstd, fixture('zstd-content-size.zst'), SMALL, 400)
    check(zstd, fixture('zstd-content-size-large.zst'), LARGE, 200)
  })
  it('without a content size (streamed)', () => {
    check(zstd, fixture('zstd-stream-checksum.zst'), SMALL, 400)
    check(zstd, fixture('zstd-stream-large.zst'), LARGE, 200)
  })
  it('decoded by libzstd (wasm), with and without content size', async () => {
    const libzstd = await loadZstdCodec({ encoder: 'wasm' })
    check(libzstd, fixture('zstd-content-size-large.zst'), LARGE, 200)
    check(libzstd, fixture('zstd-stream-large.zst'), LARGE, 200)
  })
  it('an intact frame still decodes to the original bytes', () => {
    expect(zstd.decode(fixture('zstd-content-size.zst'), SMALL)).toEqual(fixtureInput(SMALL))
  })
})

import { FrameTooLargeError, InvalidArgumentError, InvalidFrameError } from '@lightstream/core'
import {
  Deframer,
  LengthPrefixedDecoder,
  LengthPrefixedEncoder,
  concatParts,
  decodeFrames,
  decodeFramesAsync,
  encodeFrames,
  type LengthPrefixedOptions,
  type LengthPrefixWidth,
} from '@lightstream/framing'
import { checkFrameDecoder, seededRandom } from '@lightstream/framing/testing'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { concat, ticks, track } from './helpers'

const configs: LengthPrefixedOptions[] = [
  { width: 1 },
  { width: 2, endian: 'be' },
  { width: 2, endian: 'le' },
  { width: 4, endian: 'be' },
  { width: 4, endian: 'le' },
  { width: 8, endian: 'be' },
  { width: 8, endian: 'le' },
  { width: 'varint' },
]
const label = (o: LengthPrefixedOptions): string => `width ${String(o.width)}${o.width === 'varint' || o.width === 1 ? '' : ` ${o.endian}`}`

function encodeAll(frames: Uint8Array[], options: LengthPrefixedOptions): Uint8Array {
  return concatParts([...encodeFrames(frames, new LengthPrefixedEncoder(options))])
}

/** Payloads around the interesting lengths: empty, one byte, the 1-byte varint edge, the 1-byte width max. */
function samplePayloads(): Uint8Array[] {
  const random = seededRandom(7)
  return [0, 1, 5, 127, 128, 0, 200, 255, 3, 129, 42].map((n) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256)))
}

/** The test's own LEB128 writer (bigint, so values past 2^53 are exact). */
function leb128(value: bigint): Uint8Array {
  const out: number[] = []
  do {
    let byte = Number(value & 0x7fn)
    value >>= 7n
    if (value > 0n) byte |= 0x80
    out.push(byte)
  } while (value > 0n)
  return Uint8Array.from(out)
}

describe('LengthPrefixed codec: conformance at every width and byte order', () => {
  for (const options of configs) {
    it(`${label(options)} decodes the same at every chunking`, async () => {
      const payloads = samplePayloads()
      const input = encodeAll(payloads, options)
      const report = await checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder(options), input, expected: payloads })
      expect(report.frames).toBe(payloads.length)
      // the reference, then sync + async for: one chunk, 1-byte chunks, every split, 50 random chunkings;
      // and whole-frame chunks through a source that takes frameLength (async)
      expect(report.runs).toBe(1 + 2 + 2 + 2 * (input.length + 1) + 2 * 50 + 1)
    })

    it(`${label(options)} input truncated anywhere → TruncatedInputError at every chunking`, async () => {
      const payloads = samplePayloads().slice(0, 5)
      const input = encodeAll(payloads, options)
      const boundaries = new Set<number>([0])
      let offset = 0
      for (const part of encodeFrames(payloads, new LengthPrefixedEncoder(options))) boundaries.add((offset += part.length))
      const frameEnds: number[] = []
      offset = 0
      for (const payload of payloads) frameEnds.push((offset += encodeAll([payload], options).length))
      for (let cut = 1; cut < input.length; cut += 37) {
        if (frameEnds.includes(cut)) continue
        await checkFrameDecoder({
          createDecoder: () => new LengthPrefixedDecoder(options),
          input: input.subarray(0, cut),
          expected: payloads.slice(0, frameEnds.filter((end) => end <= cut).length),
          expectErrorCode: 'ERR_TRUNCATED',
          randomRuns: 5,
        })
      }
    })
  }

  it('knows the byte layout of each width', () => {
    const payload = Uint8Array.of(0xaa, 0xbb, 0xcc)
    const prefix = (options: LengthPrefixedOptions): number[] => [...new LengthPrefixedEncoder(options).encode(payload, 0)[0]!]
    expect(prefix({ width: 1 })).toEqual([3])
    expect(prefix({ width: 2 })).toEqual([0, 3])
    expect(prefix({ width: 2, endian: 'le' })).toEqual([3, 0])
    expect(prefix({ width: 4 })).toEqual([0, 0, 0, 3])
    expect(prefix({ width: 4, endian: 'le' })).toEqual([3, 0, 0, 0])
    expect(prefix({ width: 8 })).toEqual([0, 0, 0, 0, 0, 0, 0, 3])
    expect(prefix({ width: 8, endian: 'le' })).toEqual([3, 0, 0, 0, 0, 0, 0, 0])
    expect([...new LengthPrefixedEncoder({ width: 'varint' }).encode(new Uint8Array(300), 0)[0]!]).toEqual([0xac, 0x02])
    const decoded = new LengthPrefixedDecoder({ width: 4, endian: 'le' }).decode(Uint8Array.of(0x00, 0x01, 0, 0))
    expect(decoded).toEqual({ needMore: true, needed: 4 + 256 })
  })

  it('emits [prefix, payload] with the payload itself (no copy), and the prefix alone for an empty frame', () => {
    const payload = Uint8Array.of(1, 2, 3)
    const parts = new LengthPrefixedEncoder().encode(payload, 0)
    expect(parts).toHaveLength(2)
    expect(parts[1]).toBe(payload)
    expect(new LengthPrefixedEncoder().encode(new Uint8Array(0), 0)).toEqual([Uint8Array.of(0, 0, 0, 0)])
  })
})

describe('LengthPrefixed codec: properties', () => {
  const widths = fc.constantFrom<LengthPrefixWidth>(1, 2, 4, 8, 'varint')
  const endians = fc.constantFrom<'be' | 'le'>('be', 'le')

  it('round-trips any frames at any width, byte order and chunking', () => {
    fc.assert(
      fc.property(
        widths,
        endians,
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
        (width, endian, frames, cuts) => {
          const options = { width, endian }
          const payloads = width === 1 ? frames.map((frame) => frame.subarray(0, 255)) : frames
          const input = encodeAll(payloads, options)
          const chunks: Uint8Array[] = []
          for (let at = 0, i = 0; at < input.length; i++) {
            const size = cuts[i % cuts.length]!
            chunks.push(input.slice(at, at + size))
            at += size
          }
          const decoded = [...decodeFrames(chunks, new LengthPrefixedDecoder(options))]
          expect(decoded).toEqual(payloads)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('round-trips through the async driver too', async () => {
    await fc.assert(
      fc.asyncProperty(widths, endians, fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 8 }), fc.integer({ min: 1, max: 17 }), async (width, endian, frames, size) => {
        const input = encodeAll(frames, { width, endian })
        async function* source(): AsyncGenerator<Uint8Array> {
          for (let at = 0; at < input.length; at += size) yield input.slice(at, at + size)
        }
        const decoded: Uint8Array[] = []
        for await (const frame of decodeFramesAsync(source(), new LengthPrefixedDecoder({ width, endian }))) decoded.push(frame)
        expect(decoded).toEqual(frames)
      }),
      { numRuns: 100 },
    )
  })

  it('reads any varint up to 2^53-1 exactly (the hint counts prefix plus payload)', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (length) => {
        const prefix = leb128(BigInt(length))
        const decoder = new LengthPrefixedDecoder({ width: 'varint', maxFrameLength: Number.MAX_SAFE_INTEGER - 16 })
        if (length > Number.MAX_SAFE_INTEGER - 16) expect(() => decoder.decode(prefix)).toThrow(FrameTooLargeError)
        else if (length === 0) expect(decoder.decode(prefix)).toEqual({ frame: new Uint8Array(0), consumed: 1 })
        else expect(decoder.decode(prefix)).toEqual({ needMore: true, needed: prefix.length + length })
      }),
    )
  })

  it('reads any 8-byte length up to 2^53-1 exactly in both byte orders', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), endians, (length, endian) => {
        const bytes = new Uint8Array(8)
        new DataView(bytes.buffer).setBigUint64(0, BigInt(length), endian === 'le')
        const decoder = new LengthPrefixedDecoder({ width: 8, endian, maxFrameLength: Number.MAX_SAFE_INTEGER - 16 })
        if (length > Number.MAX_SAFE_INTEGER - 16) expect(() => decoder.decode(bytes)).toThrow(FrameTooLargeError)
        else if (length === 0) expect(decoder.decode(bytes)).toEqual({ frame: new Uint8Array(0), consumed: 8 })
        else expect(decoder.decode(bytes)).toEqual({ needMore: true, needed: 8 + length })
      }),
    )
  })
})

describe('LengthPrefixed codec: limits and bad input', () => {
  it('raises FrameTooLargeError from the prefix, before the payload arrives', async () => {
    const deframer = new Deframer(new LengthPrefixedDecoder({ maxFrameLength: 1024 }))
    deframer.push(Uint8Array.of(0, 0, 4, 1))
    let error: unknown
    try {
      deframer.next()
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(FrameTooLargeError)
    expect((error as FrameTooLargeError).size).toBe(1025)
    expect((error as FrameTooLargeError).limit).toBe(1024)
    expect(deframer.buffered).toBe(4)

    // An async source that sends only the prefix and then stalls: the error comes without waiting.
    async function* stalls(): AsyncGenerator<Uint8Array> {
      yield Uint8Array.of(0xff, 0xff, 0xff, 0xff)
      await new Promise(() => {})
    }
    const frames = decodeFramesAsync(stalls(), new LengthPrefixedDecoder())
    const pending = track(frames.next())
    await ticks()
    expect(pending.settled()).toBe(true)
    await expect(pending.promise).rejects.toBeInstanceOf(FrameTooLargeError)
  })

  it('the default maxFrameLength is 16 MiB', async () => {
    const over = Uint8Array.of(0x01, 0x00, 0x00, 0x01)
    expect(() => new LengthPrefixedDecoder().decode(over)).toThrow(FrameTooLargeError)
    expect(new LengthPrefixedDecoder().decode(Uint8Array.of(0x01, 0, 0, 0))).toEqual({ needMore: true, needed: 4 + (1 << 24) })
    await checkFrameDecoder({ createDecoder: () => new LengthPrefixedDecoder(), input: concat(over, new Uint8Array(20)), expectErrorCode: 'ERR_FRAME_TOO_LARGE' })
  })

  it('8-byte lengths past 2^53-1 → FrameTooLargeError at every chunking', async () => {
    for (const endian of ['be', 'le'] as const) {
      const prefix = new Uint8Array(8)
      new DataView(prefix.buffer).setBigUint64(0, 2n ** 53n, endian === 'le')
      await checkFrameDecoder({
        createDecoder: () => new LengthPrefixedDecoder({ width: 8, endian }),
        input: concat(prefix, Uint8Array.of(1, 2, 3)),
        expectErrorCode: 'ERR_FRAME_TOO_LARGE',
      })
      new DataView(prefix.buffer).setBigUint64(0, 2n ** 64n - 1n, endian === 'le')
      expect(() => new LengthPrefixedDecoder({ width: 8, endian }).decode(prefix)).toThrow(/above 2\^53-1/)
    }
  })

  const badVarints: [string, number[], string][] = [
    ['overlong (11 bytes)', [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], 'ERR_INVALID_FRAME'],
    ['non-minimal zero', [0x80, 0x00], 'ERR_INVALID_FRAME'],
    ['non-minimal one', [0x81, 0x80, 0x00], 'ERR_INVALID_FRAME'],
    ['past 64 bits', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02], 'ERR_INVALID_FRAME'],
    ['a valid uint64 past 2^53-1', [...leb128(2n ** 60n)], 'ERR_FRAME_TOO_LARGE'],
    ['above maxFrameLength', [...leb128(16n * 1024n * 1024n + 1n)], 'ERR_FRAME_TOO_LARGE'],
  ]
  for (const [name, bytes, code] of badVarints) {
    it(`varint ${name} → ${code} at every chunking`, async () => {
      const input = concat(Uint8Array.of(1, 9), Uint8Array.from(bytes), new Uint8Array(12))
      await checkFrameDecoder({
        createDecoder: () => new LengthPrefixedDecoder({ width: 'varint' }),
        input,
        expected: [Uint8Array.of(9)],
        expectErrorCode: code,
      })
    })
  }

  it('InvalidFrameError names the varint problem', () => {
    const decoder = new LengthPrefixedDecoder({ width: 'varint' })
    expect(() => decoder.decode(Uint8Array.of(0x80, 0x00))).toThrow(InvalidFrameError)
    expect(() => decoder.decode(Uint8Array.of(0x80, 0x00))).toThrow(/not minimal/)
    expect(() => decoder.decode(new Uint8Array(11).fill(0x80))).toThrow(/longer than 10 bytes/)
  })

  it('the encoder refuses frames above maxFrameLength or the width', () => {
    expect(() => new LengthPrefixedEncoder({ maxFrameLength: 2 }).encode(new Uint8Array(3), 0)).toThrow(FrameTooLargeError)
    const error = (() => {
      try {
        new LengthPrefixedEncoder({ width: 1 }).encode(new Uint8Array(256), 0)
      } catch (caught) {
        return caught as FrameTooLargeError
      }
    })()
    expect(error).toBeInstanceOf(FrameTooLargeError)
    expect(error?.limit).toBe(255)
    expect(new LengthPrefixedEncoder({ width: 1 }).encode(new Uint8Array(255), 0)[0]).toEqual(Uint8Array.of(255))
    expect(() => new LengthPrefixedEncoder().encode('abc' as unknown as Uint8Array, 0)).toThrow(InvalidArgumentError)
  })

  it('rejects bad options with InvalidArgumentError', () => {
    const bad: unknown[] = [{ width: 3 }, { width: '4' }, { endian: 'big' }, { maxFrameLength: -1 }, { maxFrameLength: 1.5 }, { maxFrameLength: Number.MAX_SAFE_INTEGER }]
    for (const options of bad) {
      expect(() => new LengthPrefixedDecoder(options as LengthPrefixedOptions)).toThrow(InvalidArgumentError)
      expect(() => new LengthPrefixedEncoder(options as LengthPrefixedOptions)).toThrow(InvalidArgumentError)
    }
    const decoder = new LengthPrefixedDecoder({ width: 2, endian: 'le', maxFrameLength: 9 })
    expect([decoder.width, decoder.endian, decoder.maxFrameLength]).toEqual([2, 'le', 9])
  })
})

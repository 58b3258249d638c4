import { DEFAULT_MAX_ZSTD_WINDOW, DEFAULT_ZSTD_LEVEL, loadZstdCodec, zstdCodec } from '@lightstream/codecs'
import {
  AllocationError,
  FrameTooLargeError,
  InvalidArgumentError,
  InvalidFrameError,
  LightstreamError,
  MissingDependencyError,
  TruncatedInputError,
  UnsupportedFeatureError,
} from '@lightstream/core'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { LARGE, SMALL, fixture, fixtureInput, noise, repetitive, sameBytes } from './fixture-input'

// zstd-napi is an optional peer (a native addon built from source): its test runs only where it is installed.
const napiCodec = await loadZstdCodec({ encoder: 'napi' }).catch(() => undefined)

const reader = zstdCodec()

function catchError(f: () => unknown): unknown {
  try {
    f()
  } catch (err) {
    return err
  }
  throw new Error('expected an error')
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

describe('zstdCodec decodes frames written by the reference zstd tool', () => {
  it('is named zstd (the BodyCompression name)', () => {
    expect(reader.name).toBe('zstd')
  })

  it.each([
    ['zstd-content-size.zst', SMALL],
    ['zstd-stream-checksum.zst', SMALL],
    ['zstd-stream-large.zst', LARGE],
    ['zstd-content-size-large.zst', LARGE],
  ])('%s', (name, n) => {
    expect(sameBytes(reader.decode(fixture(name), n), fixtureInput(n))).toBe(true)
  })

  it('frames in a row, with and without content size, and a skippable frame between them', () => {
    const skippable = Uint8Array.of(0x5e, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 9, 9)
    const bytes = concat(fixture('zstd-content-size.zst'), skippable, fixture('zstd-stream-large.zst'), fixture('zstd-stream-checksum.zst'))
    const expected = concat(fixtureInput(SMALL), fixtureInput(LARGE), fixtureInput(SMALL))
    expect(sameBytes(reader.decode(bytes, 2 * SMALL + LARGE), expected)).toBe(true)
  })

  it('empty input for length 0', () => {
    expect(reader.decode(new Uint8Array(0), 0)).toEqual(new Uint8Array(0))
  })
})

describe('zstdCodec round trips through libzstd', () => {
  let wasm: ReturnType<typeof zstdCodec>
  // @bokuweb/zstd-wasm's own compress (initialised by loadZstdCodec), to vary the level.
  let zstdLevel: (bytes: Uint8Array, level: number) => Uint8Array
  beforeAll(async () => {
    wasm = await loadZstdCodec({ encoder: 'wasm' })
    const module = (await import('@bokuweb/zstd-wasm')) as unknown as { compress: (b: Uint8Array, l: number) => Uint8Array }
    zstdLevel = (bytes, level) => module.compress(bytes, level)
  })

  it('random bytes (libzstd in wasm encodes; fzstd and libzstd decode)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (data) => {
        const packed = wasm.encode(data)
        expect(reader.decode(packed, data.length)).toEqual(data)
        expect(wasm.decode(packed, data.length)).toEqual(data)
      }),
      { numRuns: 150 },
    )
  })

  it('repetitive bytes, which shrink', () => {
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 300_000 }), fc.nat(1000), fc.integer({ min: 1, max: 9 }), (n, seed, level) => {
        const codec = zstdCodec({ compress: (bytes, l) => zstdLevel(bytes, l), level })
        const data = repetitive(n, seed)
        const packed = codec.encode(data)
        expect(packed.length).toBeLessThan(n)
        expect(sameBytes(codec.decode(packed, n), data)).toBe(true)
      }),
      { numRuns: 40 },
    )
  })

  it('the empty buffer', () => {
    const packed = wasm.encode(new Uint8Array(0))
    expect(Array.from(packed.subarray(0, 4))).toEqual([0x28, 0xb5, 0x2f, 0xfd])
    expect(wasm.decode(packed, 0)).toEqual(new Uint8Array(0))
  })

  it('a multi-block buffer (several 128 KiB blocks, incompressible parts stored raw)', () => {
    const data = concat(noise(300_000, 5), repetitive(700_000, 2))
    const packed = wasm.encode(data)
    expect(sameBytes(reader.decode(packed, data.length), data)).toBe(true)
    expect(sameBytes(wasm.decode(packed, data.length), data)).toBe(true)
  })

  it('libzstd (wasm) decodes the reference fixtures, frames in a row, and checks lengths', () => {
    for (const [name, n] of [
      ['zstd-content-size.zst', SMALL],
      ['zstd-stream-checksum.zst', SMALL],
      ['zstd-stream-large.zst', LARGE],
      ['zstd-content-size-large.zst', LARGE],
    ] as const) {
      expect(sameBytes(wasm.decode(fixture(name), n), fixtureInput(n))).toBe(true)
      expect(catchError(() => wasm.decode(fixture(name), n - 1))).toBeInstanceOf(InvalidFrameError)
      expect(catchError(() => wasm.decode(fixture(name), n + 1))).toBeInstanceOf(InvalidFrameError)
    }
    const bytes = concat(fixture('zstd-stream-large.zst'), fixture('zstd-content-size.zst'))
    expect(sameBytes(wasm.decode(bytes, LARGE + SMALL), concat(fixtureInput(LARGE), fixtureInput(SMALL)))).toBe(true)
    // libzstd verifies the content checksum that fzstd skips.
    const corrupt = fixture('zstd-stream-checksum.zst').slice()
    corrupt[corrupt.length - 1] = corrupt[corrupt.length - 1]! ^ 0x01
    expect(catchError(() => wasm.decode(corrupt, SMALL))).toBeInstanceOf(InvalidFrameError)
  })

  it.skipIf(napiCodec === undefined)('zstd-napi frames (runs where zstd-napi is installed and built)', async () => {
    const napi = napiCodec!
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), fc.nat(100), (data, seed) => {
        const input = concat(data, repetitive(seed * 100, seed))
        const packed = napi.encode(input)
        expect(sameBytes(reader.decode(packed, input.length), input)).toBe(true)
        expect(sameBytes(napi.decode(packed, input.length), input)).toBe(true) // libzstd via zstd-napi/binding
      }),
      { numRuns: 100 },
    )
    expect(sameBytes(napi.decode(fixture('zstd-stream-large.zst'), LARGE), fixtureInput(LARGE))).toBe(true)
    expect(catchError(() => napi.decode(fixture('zstd-stream-large.zst'), LARGE - 1))).toBeInstanceOf(InvalidFrameError)
  })
})

describe('zstdCodec encoding needs a compressor', () => {
  it('throws MissingDependencyError naming the package when there is none', () => {
    const err = catchError(() => reader.encode(new Uint8Array(10))) as MissingDependencyError
    expect(err).toBeInstanceOf(MissingDependencyError)
    expect(err.code).toBe('ERR_MISSING_DEPENDENCY')
    expect(err.packageName).toBe('@bokuweb/zstd-wasm')
    expect(err.message).toMatch(/zstd-napi/)
  })

  it('passes the level (default 1, as Arrow C++) and re-views a Node Buffer as a plain Uint8Array', () => {
    const levels: number[] = []
    const frame = fixture('zstd-content-size.zst')
    const compress = (_bytes: Uint8Array, level: number) => {
      levels.push(level)
      return Buffer.from(frame)
    }
    const out = zstdCodec({ compress }).encode(new Uint8Array(3))
    zstdCodec({ compress, level: 7 }).encode(new Uint8Array(3))
    expect(levels).toEqual([DEFAULT_ZSTD_LEVEL, 7])
    expect(DEFAULT_ZSTD_LEVEL).toBe(1)
    expect(out.constructor).toBe(Uint8Array)
    expect(sameBytes(out, frame)).toBe(true)
  })

  it('wraps a failing compressor and refuses output that is not a zstd frame', () => {
    const failing = zstdCodec({
      compress: () => {
        throw new Error('out of memory')
      },
    })
    const err = catchError(() => failing.encode(new Uint8Array(3))) as AllocationError
    expect(err).toBeInstanceOf(AllocationError)
    expect((err.cause as Error).message).toBe('out of memory')
    expect(catchError(() => zstdCodec({ compress: () => Uint8Array.of(1, 2, 3, 4) }).encode(new Uint8Array(3)))).toBeInstanceOf(InvalidFrameError)
  })

  it('checks the byte count an injected decompressor reports', () => {
    const frame = fixture('zstd-content-size.zst')
    const liar = (written: number) => zstdCodec({ decompress: () => written })
    for (const written of [SMALL - 1, SMALL + 1, -1, Number.NaN]) {
      expect(catchError(() => liar(written).decode(frame, SMALL))).toBeInstanceOf(InvalidFrameError)
    }
    const failing = zstdCodec({
      decompress: () => {
        throw new Error('Destination buffer is too small')
      },
    })
    const err = catchError(() => failing.decode(frame, SMALL)) as InvalidFrameError
    expect(err).toBeInstanceOf(InvalidFrameError)
    expect((err.cause as Error).message).toBe('Destination buffer is too small')
  })

  it('validates its options', () => {
    for (const level of [23, 1.5, -200000]) expect(catchError(() => zstdCodec({ level }))).toBeInstanceOf(InvalidArgumentError)
    expect(catchError(() => zstdCodec({ compress: 'zstd' as never }))).toBeInstanceOf(InvalidArgumentError)
    expect(catchError(() => zstdCodec({ maxWindowSize: -1 }))).toBeInstanceOf(InvalidArgumentError)
    expect(catchError(() => zstdCodec({ decompress: 5 as never }))).toBeInstanceOf(InvalidArgumentError)
    expect(catchError(() => reader.encode('abc' as never))).toBeInstanceOf(InvalidArgumentError)
  })
})

describe('zstdCodec refuses bad input with coded errors', () => {
  const sized = fixture('zstd-content-size.zst')
  const streamed = fixture('zstd-stream-large.zst')

  it('a declared content size that disagrees with uncompressedLength, before decompressing', () => {
    for (const n of [SMALL - 1, SMALL + 1, 0]) {
      const err = catchError(() => reader.decode(sized, n)) as InvalidFrameError
      expect(err).toBeInstanceOf(InvalidFrameError)
      expect(err.message).toMatch(/declares 3000 bytes/)
    }
  })

  it('a frame without content size that expands to another length', () => {
    for (const n of [LARGE - 1, LARGE + 1]) expect(catchError(() => reader.decode(streamed, n))).toBeInstanceOf(InvalidFrameError)
  })

  it('an uncompressedLength above the limit, before anything else', () => {
    const err = catchError(() => zstdCodec({ maxUncompressedLength: 2999 }).decode(sized, SMALL)) as FrameTooLargeError
    expect(err).toBeInstanceOf(FrameTooLargeError)
    expect([err.size, err.limit]).toEqual([3000, 2999])
  })

  it('a window above maxWindowSize for frames without content size (default 128 MiB)', () => {
    expect(DEFAULT_MAX_ZSTD_WINDOW).toBe(128 * 1024 * 1024)
    const err = catchError(() => zstdCodec({ maxWindowSize: 1024 }).decode(streamed, LARGE)) as FrameTooLargeError
    expect(err).toBeInstanceOf(FrameTooLargeError)
    expect(err.limit).toBe(1024)
    // A frame with content size decodes in place: its window is not allocated, so the limit does not apply.
    expect(zstdCodec({ maxWindowSize: 1024 }).decode(sized, SMALL).length).toBe(SMALL)
    // A header asking for a 2 GiB window: refused from the header alone.
    const huge = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xa8, 0x01, 0x00, 0x00)
    expect(catchError(() => reader.decode(huge, 0))).toBeInstanceOf(FrameTooLargeError)
  })

  it('every truncation', () => {
    for (let cut = 0; cut < sized.length; cut++) {
      const err = catchError(() => reader.decode(sized.subarray(0, cut), SMALL))
      expect(err).toBeInstanceOf(LightstreamError)
      if (cut >= 7) expect(err).toBeInstanceOf(TruncatedInputError)
    }
  })

  it('a dictionary id, a reserved header bit, a reserved block type, a bad magic number', () => {
    // FHD 0x65 = content size (2 bytes) + single segment + checksum + a 1-byte dictionary id.
    const withDict = concat(sized.subarray(0, 4), Uint8Array.of(0x65, 7), sized.subarray(5))
    expect(catchError(() => reader.decode(withDict, SMALL))).toBeInstanceOf(UnsupportedFeatureError)
    const reserved = sized.slice()
    reserved[4] = reserved[4]! | 0x08
    expect(catchError(() => reader.decode(reserved, SMALL))).toBeInstanceOf(InvalidFrameError)
    // Empty single-segment frame whose only block has type 3.
    const badBlock = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x00, 0x07, 0x00, 0x00)
    expect((catchError(() => reader.decode(badBlock, 0)) as Error).message).toMatch(/reserved block type/)
    expect(catchError(() => reader.decode(Uint8Array.of(1, 2, 3, 4, 5), 5))).toBeInstanceOf(InvalidFrameError)
  })

  it('corrupt compressed bytes inside a block', () => {
    const corrupt = streamed.slice()
    for (let i = 40; i < 60; i++) corrupt[i] = corrupt[i]! ^ 0x5a
    expect(catchError(() => reader.decode(corrupt, LARGE))).toBeInstanceOf(LightstreamError)
  })
})

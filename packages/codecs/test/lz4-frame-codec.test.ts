import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_MAX_UNCOMPRESSED_LENGTH, lz4FrameCodec } from '@lightstream/codecs'
import {
  FrameTooLargeError,
  InvalidArgumentError,
  InvalidFrameError,
  LightstreamError,
  TruncatedInputError,
  UnsupportedFeatureError,
  type Allocator,
} from '@lightstream/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LARGE, SMALL, fixture, fixtureInput, noise, repetitive, sameBytes } from './fixture-input'

const codec = lz4FrameCodec()

function u32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24]
}

/** A hand-made frame: magic, FLG (version 01 + flags), BD (4 MiB), a dummy header checksum, blocks, EndMark. */
function frame(blocks: number[][], flg = 0x40, bd = 0x70): Uint8Array {
  const bytes = [...u32(0x184d2204), flg, bd, 0]
  for (const block of blocks) bytes.push(...block)
  bytes.push(...u32(0))
  return Uint8Array.from(bytes)
}
const unchecked = lz4FrameCodec({ verifyChecksums: false })

function catchError(f: () => unknown): unknown {
  try {
    f()
  } catch (err) {
    return err
  }
  throw new Error('expected an error')
}

describe('lz4FrameCodec round trips', () => {
  it('is named lz4_frame (the BodyCompression name)', () => {
    expect(codec.name).toBe('lz4_frame')
  })

  it('round-trips random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (data) => {
        expect(codec.decode(codec.encode(data), data.length)).toEqual(data)
      }),
      { numRuns: 200 },
    )
  })

  it('round-trips repetitive bytes, and they shrink', () => {
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 200_000 }), fc.nat(1000), (n, seed) => {
        const data = repetitive(n, seed)
        const packed = codec.encode(data)
        expect(packed.length).toBeLessThan(n)
        expect(sameBytes(codec.decode(packed, n), data)).toBe(true)
      }),
      { numRuns: 60 },
    )
  })

  it('round-trips the empty buffer as an 11-byte frame, and accepts empty input for length 0', () => {
    const packed = codec.encode(new Uint8Array(0))
    expect(Array.from(packed.subarray(0, 4))).toEqual([0x04, 0x22, 0x4d, 0x18])
    expect(packed.length).toBe(11)
    expect(codec.decode(packed, 0)).toEqual(new Uint8Array(0))
    expect(codec.decode(new Uint8Array(0), 0)).toEqual(new Uint8Array(0))
  })

  it('splits input above one block into several blocks and round-trips it', () => {
    const n = 9 * 1024 * 1024 + 17
    const data = repetitive(n, 3)
    for (let i = 0; i < n; i += 4099) data[i] = i & 0xff // break the runs a little
    const packed = codec.encode(data)
    // First block header follows the 7-byte frame header; a 4 MiB - 64 KiB block was compressed.
    const firstBlock = new DataView(packed.buffer, packed.byteOffset).getUint32(7, true)
    expect(firstBlock >>> 31).toBe(0)
    expect(sameBytes(codec.decode(packed, n), data)).toBe(true)
  })

  it('is deterministic: equal input gives equal bytes', () => {
    const data = fixtureInput(SMALL)
    codec.encode(repetitive(5000, 9)) // leave other contents in the shared hash table
    expect(codec.encode(data)).toEqual(lz4FrameCodec().encode(data))
  })

  it('stores incompressible blocks raw', () => {
    const data = noise(1000)
    const packed = codec.encode(data)
    expect(packed.length).toBe(7 + 4 + 1000 + 4)
    expect(codec.decode(packed, 1000)).toEqual(data)
  })

  it('decodes into memory from the given allocator', () => {
    const backing = new Uint8Array(4096)
    const allocator: Allocator = { alloc: (n) => backing.subarray(64, 64 + n) }
    const data = fixtureInput(1000)
    const out = lz4FrameCodec({ allocator }).decode(codec.encode(data), 1000)
    expect(out.buffer).toBe(backing.buffer)
    expect(out.byteOffset).toBe(64)
    expect(out).toEqual(data)
  })
})

describe('lz4FrameCodec reads frames written by the reference lz4 tool', () => {
  it.each([
    ['lz4-b4-dependent-blockcrc-size.lz4', LARGE],
    ['lz4-b4-independent-nocrc.lz4', LARGE],
    ['lz4-hc.lz4', SMALL],
    ['lz4-b7.lz4', SMALL],
  ])('%s', (name, n) => {
    expect(sameBytes(codec.decode(fixture(name), n), fixtureInput(n))).toBe(true)
  })

  it('reads frames in a row with a skippable frame between them', () => {
    const a = fixture('lz4-hc.lz4')
    const skippable = Uint8Array.from([...u32(0x184d2a53), ...u32(3), 1, 2, 3])
    const b = fixture('lz4-b4-independent-nocrc.lz4')
    const both = new Uint8Array([...a, ...skippable, ...b])
    const expected = new Uint8Array([...fixtureInput(SMALL), ...fixtureInput(LARGE)])
    expect(sameBytes(codec.decode(both, SMALL + LARGE), expected)).toBe(true)
  })

  it('refuses the legacy format, which Arrow does not allow', () => {
    const err = catchError(() => codec.decode(fixture('lz4-legacy.lz4'), SMALL))
    expect(err).toBeInstanceOf(InvalidFrameError)
    expect((err as InvalidFrameError).message).toMatch(/legacy/)
  })

  it('verifies the block and content checksums the frame carries', () => {
    const bytes = fixture('lz4-b4-dependent-blockcrc-size.lz4')
    const corrupt = bytes.slice()
    corrupt[200] = corrupt[200]! ^ 0x01 // inside the first block
    expect(catchError(() => codec.decode(corrupt, LARGE))).toBeInstanceOf(InvalidFrameError)
    const contentCrc = fixture('lz4-hc.lz4').slice()
    contentCrc[contentCrc.length - 1] = contentCrc[contentCrc.length - 1]! ^ 0x80
    expect((catchError(() => codec.decode(contentCrc, SMALL)) as Error).message).toMatch(/content checksum/)
    // Without verification the same bytes decode (the checksum is the only thing wrong).
    expect(lz4FrameCodec({ verifyChecksums: false }).decode(contentCrc, SMALL)).toEqual(fixtureInput(SMALL))
  })

  it('verifies the header checksum', () => {
    const bytes = fixture('lz4-hc.lz4').slice()
    bytes[6] = bytes[6]! ^ 0x01
    expect((catchError(() => codec.decode(bytes, SMALL)) as Error).message).toMatch(/header checksum/)
  })

  it('checks a declared content size against the buffer length', () => {
    const err = catchError(() => codec.decode(fixture('lz4-b4-dependent-blockcrc-size.lz4'), LARGE + 1))
    expect(err).toBeInstanceOf(InvalidFrameError)
  })

  const tool = (() => {
    try {
      execFileSync('lz4', ['--version'], { stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  })()
  it.skipIf(!tool)('writes frames the reference lz4 tool reads (runs where the lz4 command exists)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lz4-'))
    try {
      for (const n of [0, 1, 5000, (4 << 20) + 100_000]) {
        const data = repetitive(n, 4)
        for (let i = 0; i < n; i += 997) data[i] = (i * 31) & 0xff
        writeFileSync(join(dir, 'a.lz4'), codec.encode(data))
        execFileSync('lz4', ['-d', '-f', '-q', join(dir, 'a.lz4'), join(dir, 'a.out')])
        expect(sameBytes(new Uint8Array(readFileSync(join(dir, 'a.out'))), data)).toBe(true)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('lz4FrameCodec refuses bad input with coded errors', () => {
  const good = codec.encode(fixtureInput(SMALL))

  it('a wrong uncompressedLength', () => {
    for (const n of [SMALL - 1, SMALL + 1, 0, 1]) {
      expect(catchError(() => codec.decode(good, n))).toBeInstanceOf(InvalidFrameError)
    }
  })

  it('an uncompressedLength above the limit, before allocating', () => {
    const err = catchError(() => lz4FrameCodec({ maxUncompressedLength: 100 }).decode(good, 101)) as FrameTooLargeError
    expect(err).toBeInstanceOf(FrameTooLargeError)
    expect(err.code).toBe('ERR_FRAME_TOO_LARGE')
    expect([err.size, err.limit]).toEqual([101, 100])
    const big = catchError(() => codec.decode(good, DEFAULT_MAX_UNCOMPRESSED_LENGTH + 1)) as FrameTooLargeError
    expect(big.limit).toBe(1024 ** 3)
  })

  it('a length no LZ4 data of this size can reach (no allocation happens)', () => {
    const err = catchError(() => codec.decode(codec.encode(new Uint8Array(0)), 500_000_000))
    expect(err).toBeInstanceOf(InvalidFrameError)
  })

  it('every truncation', () => {
    for (let cut = 0; cut < good.length; cut++) {
      const err = catchError(() => codec.decode(good.subarray(0, cut), SMALL))
      expect(err).toBeInstanceOf(LightstreamError)
      // Below 12 bytes the length check refuses first: 11 LZ4 bytes cannot expand to 3000.
      if (cut >= 12) expect(err).toBeInstanceOf(TruncatedInputError)
    }
  })

  it('bad arguments', () => {
    expect(catchError(() => codec.decode('abc' as never, 3))).toBeInstanceOf(InvalidArgumentError)
    for (const n of [-1, 1.5, Number.NaN, 2 ** 53]) expect(catchError(() => codec.decode(good, n))).toBeInstanceOf(InvalidArgumentError)
    expect(catchError(() => codec.encode([1, 2] as never))).toBeInstanceOf(InvalidArgumentError)
    expect(catchError(() => lz4FrameCodec({ maxUncompressedLength: -5 }))).toBeInstanceOf(InvalidArgumentError)
  })

  it('a match with offset 0, or reaching before the frame start', () => {
    // token 0x10: one literal 'a', then a match of 4 at the given offset, then the final literals.
    const block = (offset: number) => [0x10, 0x61, offset & 0xff, offset >> 8, 0x50, 1, 2, 3, 4, 5]
    const ok = frame([[...u32(10), ...block(1)]])
    expect(Array.from(unchecked.decode(ok, 10))).toEqual([0x61, 0x61, 0x61, 0x61, 0x61, 1, 2, 3, 4, 5])
    expect((catchError(() => unchecked.decode(frame([[...u32(10), ...block(0)]]), 10)) as Error).message).toMatch(/offset 0/)
    expect((catchError(() => unchecked.decode(frame([[...u32(10), ...block(2)]]), 10)) as Error).message).toMatch(/before the start/)
  })

  it('a match that would expand far beyond the declared length (refused before writing)', () => {
    // One literal, a match of 15 + 255 * 1000 bytes, then the final literal.
    const body = [0x1f, 0x61, 1, 0, ...Array(1000).fill(255), 0, 0x10, 0x62]
    const err = catchError(() => unchecked.decode(frame([[...u32(body.length), ...body]]), 100))
    expect(err).toBeInstanceOf(InvalidFrameError)
    expect((err as Error).message).toMatch(/expands to more than/)
  })

  it('a block that ends with a match, a block over the maximum size, reserved bits, a dictionary', () => {
    const endsWithMatch = [0x10, 0x61, 1, 0]
    expect(catchError(() => unchecked.decode(frame([[...u32(4), ...endsWithMatch]]), 5))).toBeInstanceOf(InvalidFrameError)
    const oversized = frame([[...u32(65537), ...Array(65537).fill(0)]], 0x40, 0x40) // 64 KiB maximum
    expect((catchError(() => unchecked.decode(oversized, 65537)) as Error).message).toMatch(/maximum block size/)
    expect(catchError(() => unchecked.decode(frame([], 0x42), 0))).toBeInstanceOf(InvalidFrameError)
    expect(catchError(() => unchecked.decode(frame([], 0x40, 0x71), 0))).toBeInstanceOf(InvalidFrameError)
    expect(catchError(() => unchecked.decode(frame([], 0x80), 0))).toBeInstanceOf(InvalidFrameError)
    const withDict = Uint8Array.from([...u32(0x184d2204), 0x41, 0x70, 1, 2, 3, 4, 0, ...u32(0)])
    expect(catchError(() => unchecked.decode(withDict, 0))).toBeInstanceOf(UnsupportedFeatureError)
  })

  it('a literal run past the block end, and a stored block bigger than the declared length', () => {
    const run = frame([[...u32(3), 0x50, 1, 2]])
    expect(catchError(() => unchecked.decode(run, 5))).toBeInstanceOf(TruncatedInputError)
    const stored = frame([[...u32(0x80000000 | 4), 1, 2, 3, 4]])
    expect(Array.from(unchecked.decode(stored, 4))).toEqual([1, 2, 3, 4])
    expect(catchError(() => unchecked.decode(stored, 3))).toBeInstanceOf(InvalidFrameError)
  })

  it('bytes that are not an LZ4 frame', () => {
    const err = catchError(() => codec.decode(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 8)) as InvalidFrameError
    expect(err).toBeInstanceOf(InvalidFrameError)
    expect(err.code).toBe('ERR_INVALID_FRAME')
  })
})

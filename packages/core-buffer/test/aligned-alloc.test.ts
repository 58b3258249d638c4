import { AllocationError, ErrorCode, InvalidArgumentError, LightstreamError } from '@lightstream/core'
import {
  DEFAULT_ALIGNMENT, MAX_ALIGNMENT, alignUp, alignedAlloc, checkAlignment, checkByteLength, defaultAllocator, isAligned,
} from '@lightstream/core-buffer'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected a throw')
}

describe('checkByteLength', () => {
  it('returns non-negative safe integers and rejects anything else with InvalidArgumentError', () => {
    for (const n of [0, 1, 4096, Number.MAX_SAFE_INTEGER]) expect(checkByteLength(n)).toBe(n)
    for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 53, '8' as unknown as number]) {
      const err = thrown(() => checkByteLength(bad))
      expect(err).toBeInstanceOf(InvalidArgumentError)
      expect((err as Error).message).toBe(`byteLength must be a non-negative integer, got ${String(bad)}`)
    }
  })
})

describe('checkAlignment', () => {
  it('accepts every power of two from 1 to 4096 and returns it', () => {
    expect(DEFAULT_ALIGNMENT).toBe(64)
    expect(MAX_ALIGNMENT).toBe(4096)
    for (let a = 1; a <= MAX_ALIGNMENT; a *= 2) expect(checkAlignment(a)).toBe(a)
  })

  it.each([0, -64, 3, 48, 8192, 1.5, Number.NaN, Infinity, '64' as unknown as number])('rejects %s with InvalidArgumentError', (bad) => {
    const err = thrown(() => checkAlignment(bad))
    expect(err).toBeInstanceOf(InvalidArgumentError)
    expect(err).toBeInstanceOf(LightstreamError)
    expect((err as InvalidArgumentError).code).toBe(ErrorCode.InvalidArgument)
    expect((err as Error).message).toContain('power of two')
  })
})

describe('alignUp and isAligned', () => {
  it('rounds up to the next multiple and leaves multiples alone', () => {
    expect(alignUp(0, 64)).toBe(0)
    expect(alignUp(1, 64)).toBe(64)
    expect(alignUp(64, 64)).toBe(64)
    expect(alignUp(65, 8)).toBe(72)
    expect(alignUp(7, 1)).toBe(7)
  })

  it('returns the smallest multiple not below n, for large n too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 12 }), (n, shift) => {
        const a = 2 ** shift
        const up = alignUp(n, a)
        expect(up % a).toBe(0)
        expect(up >= n && up - n < a).toBe(true)
      }),
    )
  })

  it('checks the byte offset within the buffer', () => {
    const buffer = new ArrayBuffer(256)
    expect(isAligned(new Uint8Array(buffer, 128, 8))).toBe(true)
    expect(isAligned(new Uint8Array(buffer, 32, 8))).toBe(false)
    expect(isAligned(new Uint8Array(buffer, 32, 8), 32)).toBe(true)
    expect(isAligned(new Float64Array(buffer, 8, 1), 8)).toBe(true)
  })
})

describe('alignedAlloc and defaultAllocator', () => {
  it('returns zeroed bytes of the requested length at offset 0 of their own buffer', () => {
    for (const length of [0, 1, 63, 64, 65, 4097]) {
      const bytes = alignedAlloc(length)
      expect(bytes.byteLength).toBe(length)
      expect(bytes.byteOffset).toBe(0)
      expect(bytes.buffer.byteLength).toBe(length)
      expect(bytes.every((b) => b === 0)).toBe(true)
      expect(isAligned(bytes, MAX_ALIGNMENT)).toBe(true)
    }
  })

  it('never shares memory between allocations', () => {
    const a = defaultAllocator.alloc(16)
    const b = defaultAllocator.alloc(16, 8)
    a.fill(7)
    expect(a.buffer).not.toBe(b.buffer)
    expect(b.every((x) => x === 0)).toBe(true)
  })

  it.each([-1, 1.5, Number.NaN, 2 ** 53])('rejects length %s with InvalidArgumentError', (bad) => {
    const err = thrown(() => alignedAlloc(bad))
    expect(err).toBeInstanceOf(InvalidArgumentError)
    expect((err as InvalidArgumentError).code).toBe('ERR_INVALID_ARGUMENT')
  })

  it('rejects a bad alignment before allocating', () => {
    expect(thrown(() => defaultAllocator.alloc(8, 24))).toBeInstanceOf(InvalidArgumentError)
  })

  it('turns an engine refusal into AllocationError with the cause kept', () => {
    const err = thrown(() => alignedAlloc(2 ** 53 - 1))
    expect(err).toBeInstanceOf(AllocationError)
    expect((err as AllocationError).code).toBe(ErrorCode.Allocation)
    expect((err as Error).cause).toBeInstanceOf(RangeError)
  })
})

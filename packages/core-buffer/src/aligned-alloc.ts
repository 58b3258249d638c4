import { AllocationError, InvalidArgumentError, type Allocator } from '@lightstream/core'

/** The alignment Lightstream uses unless told otherwise: 64 bytes, a cache line and the widest SIMD register. */
export const DEFAULT_ALIGNMENT = 64

/** Largest alignment any allocator accepts (one page). */
export const MAX_ALIGNMENT = 4096

/**
 * Check that `alignment` is a power of two between 1 and {@link MAX_ALIGNMENT}; return it.
 * @throws InvalidArgumentError otherwise.
 */
export function checkAlignment(alignment: number): number {
  if (!Number.isInteger(alignment) || alignment < 1 || alignment > MAX_ALIGNMENT || (alignment & (alignment - 1)) !== 0) {
    throw new InvalidArgumentError(`alignment must be a power of two from 1 to ${MAX_ALIGNMENT}, got ${alignment}`)
  }
  return alignment
}

/** Round `n` up to a multiple of `alignment` (a power of two). */
export function alignUp(n: number, alignment: number): number {
  const mask = alignment - 1
  return n + mask - ((n + mask) % alignment)
}

/** True when `bytes` starts at a multiple of `alignment` within its buffer. */
export function isAligned(bytes: ArrayBufferView, alignment: number = DEFAULT_ALIGNMENT): boolean {
  return bytes.byteOffset % alignment === 0
}

/**
 * Allocate `byteLength` zeroed bytes at a 64-byte aligned offset (offset 0 of a fresh ArrayBuffer, which
 * every alignment divides). O(byteLength) for the zero fill the engine does; nothing is pooled, so the
 * memory is freed as soon as the view is unreachable.
 * @throws InvalidArgumentError for a negative or non-integer length; AllocationError when the engine refuses.
 */
export function alignedAlloc(byteLength: number, alignment: number = DEFAULT_ALIGNMENT): Uint8Array {
  checkAlignment(alignment)
  if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
    throw new InvalidArgumentError(`byteLength must be a non-negative integer, got ${byteLength}`)
  }
  try {
    return new Uint8Array(new ArrayBuffer(byteLength))
  } catch (cause) {
    throw new AllocationError(`could not allocate ${byteLength} bytes`, { cause })
  }
}

/** The default {@link Allocator}: one fresh ArrayBuffer per allocation (see {@link alignedAlloc}). */
export const defaultAllocator: Allocator = {
  alloc: alignedAlloc,
}

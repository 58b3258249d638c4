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

/**
 * Check that `byteLength` is a non-negative safe integer (an allocation size); return it. For allocators
 * built on top of this package's, so that every one rejects bad sizes alike.
 * @throws InvalidArgumentError otherwise.
 */
export function checkByteLength(byteLength: number): number {
  if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
    throw new InvalidArgumentError(`byteLength must be a non-negative integer, got ${byteLength}`)
  }
  return byteLength
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
  checkByteLength(byteLength)
  try {
    return new Uint8Array(new ArrayBuffer(byteLength))
  } catch (cause) {
    throw new AllocationError(`could not allocate ${byteLength} bytes`, { cause })
  }
}

/** Blocks up to this size come from a shared slab in {@link alignedAllocUnsafe}. */
const SLAB_LIMIT = 4096
/** Size of one slab: small enough that a retained small block pins little memory. */
const SLAB_SIZE = 64 * 1024

let slab: ArrayBuffer | undefined
let slabUsed = 0

interface UnsafeBufferCtor {
  allocUnsafeSlow(size: number): Uint8Array
}
/** Node's uninitialised allocation when the runtime has it (feature-detected: no Node import). */
const nodeBuffer = (globalThis as { Buffer?: UnsafeBufferCtor }).Buffer
const allocUninitialised: ((size: number) => Uint8Array) | undefined =
  typeof nodeBuffer?.allocUnsafeSlow === 'function' ? (size) => nodeBuffer.allocUnsafeSlow(size) : undefined

/**
 * Allocate `byteLength` bytes at an `alignment`-aligned offset WITHOUT the guarantee that they are zero:
 * for callers that overwrite every byte at once (copies, concatenations). Blocks up to 4 KiB are carved
 * from a shared 64 KiB slab (a retained block pins its slab, like Node's Buffer pool); larger ones get their
 * own ArrayBuffer, uninitialised where the runtime offers that (Node), zeroed elsewhere. Always a plain
 * `Uint8Array`, never a Node Buffer.
 * @throws InvalidArgumentError for a bad length or alignment; AllocationError when the engine refuses.
 */
export function alignedAllocUnsafe(byteLength: number, alignment: number = DEFAULT_ALIGNMENT): Uint8Array {
  checkAlignment(alignment)
  checkByteLength(byteLength)
  if (byteLength <= SLAB_LIMIT) {
    let offset = alignUp(slabUsed, alignment)
    if (slab === undefined || offset + byteLength > SLAB_SIZE) {
      slab = new ArrayBuffer(SLAB_SIZE)
      offset = 0
    }
    slabUsed = offset + byteLength
    return new Uint8Array(slab, offset, byteLength)
  }
  if (allocUninitialised === undefined) return alignedAlloc(byteLength, alignment)
  try {
    const bytes = allocUninitialised(byteLength)
    return new Uint8Array(bytes.buffer, bytes.byteOffset, byteLength)
  } catch (cause) {
    throw new AllocationError(`could not allocate ${byteLength} bytes`, { cause })
  }
}

/**
 * The default {@link Allocator}: `alloc` gives one fresh zeroed ArrayBuffer per allocation (see
 * {@link alignedAlloc}); `allocUnsafe` pools small blocks and skips zeroing (see {@link alignedAllocUnsafe}).
 */
export const defaultAllocator: Allocator = {
  alloc: alignedAlloc,
  allocUnsafe: alignedAllocUnsafe,
}

/**
 * Ask `allocator` for `byteLength` bytes the caller will overwrite entirely: its `allocUnsafe` when it has
 * one, otherwise its zeroing `alloc`. Use it for copies and concatenations, never for memory that may be
 * read before it is written (padding included).
 */
export function allocUnsafe(allocator: Allocator, byteLength: number, alignment: number = DEFAULT_ALIGNMENT): Uint8Array {
  return allocator.allocUnsafe === undefined ? allocator.alloc(byteLength, alignment) : allocator.allocUnsafe(byteLength, alignment)
}

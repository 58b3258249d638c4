import { AllocationError, type Allocator, type TypedArray } from '@lightstream/core'
import { allocUnsafe } from '@lightstream/core-buffer'
import type { ReadStats } from './read-options'

/** The typed array classes a body buffer is viewed as. */
export type ViewClass =
  | Uint8ArrayConstructor | Int8ArrayConstructor | Uint16ArrayConstructor | Int16ArrayConstructor
  | Uint32ArrayConstructor | Int32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor
  | BigInt64ArrayConstructor | BigUint64ArrayConstructor

const EMPTY = new Map<ViewClass, TypedArray>()

/** A shared zero-length array of class `Ctor`. @internal */
export function emptyView(Ctor: ViewClass): TypedArray {
  let e = EMPTY.get(Ctor)
  if (e === undefined) EMPTY.set(Ctor, (e = new Ctor(0)))
  return e
}

/**
 * `bytes` viewed as `Ctor` elements: O(1) and no copy when the bytes start at a multiple of the element size
 * in their buffer (any 8-byte aligned IPC body). A misaligned buffer, which no typed array can view, is copied
 * once into `allocator` memory and counted in `stats.copies` / `stats.copiedBytes`. Trailing bytes that do not
 * fill an element are left out.
 * @throws AllocationError when the allocator returns memory that is not aligned as asked.
 */
export function alignedView(bytes: Uint8Array, Ctor: ViewClass, allocator: Allocator, stats: ReadStats): TypedArray {
  if (Ctor === Uint8Array) return bytes
  const size = Ctor.BYTES_PER_ELEMENT
  const count = Math.floor(bytes.byteLength / size)
  if (count === 0) return emptyView(Ctor)
  let source = bytes
  if (bytes.byteOffset % size !== 0) {
    const byteLength = count * size
    source = allocUnsafe(allocator, byteLength)
    if (source.byteOffset % size !== 0 || source.byteLength < byteLength) {
      throw new AllocationError(`the allocator returned ${source.byteLength} bytes at offset ${source.byteOffset}, not ${byteLength} aligned to 64`)
    }
    source.set(bytes.subarray(0, byteLength))
    stats.copies++
    stats.copiedBytes += byteLength
  }
  return new Ctor(source.buffer as ArrayBuffer, source.byteOffset, count)
}

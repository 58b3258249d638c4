import { InvalidDataError } from '@lightstream/core'
import type { BodyWriter } from './body-writer'

/**
 * The buffer arithmetic of writing a sliced Data (offset != 0): IPC has no offsets of its own, so every
 * buffer must start at the first slot the batch needs. Views where the bytes already line up; small
 * counted copies where they cannot (a bitmap whose first bit is not at a byte boundary, offsets that do not
 * start at 0, run ends past the slice).
 */

/** The bytes of a typed array as a Uint8Array view. O(1), no copy. @internal */
export function bytesOf(view: ArrayBufferView): Uint8Array {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
}

/** A single int64 zero: the offsets buffer of an empty variable-size or list array (one 0 offset). */
const ZERO_OFFSETS = new Uint8Array(8)

/** @internal */
export function fail(path: string, message: string): never {
  throw new InvalidDataError(message, path)
}

/**
 * Bits `[offset, offset + length)` of an LSB-first bitmap, starting at bit 0 of the result. A view when
 * `offset` is a multiple of 8; otherwise re-packed into ceil(length / 8) new bytes (a counted copy).
 * Bits past `length` in the last byte are whatever the source holds (readers ignore them).
 * @throws InvalidDataError when the bitmap is too short.
 * @internal
 */
export function sliceBitmap(w: BodyWriter, bits: Uint8Array, offset: number, length: number, path: string, what: string): Uint8Array {
  const bytes = (length + 7) >>> 3
  if (bits.byteLength * 8 < offset + length) fail(path, `${what} bitmap has ${bits.byteLength} bytes, needs ${Math.ceil((offset + length) / 8)}`)
  const first = offset >>> 3
  const shift = offset & 7
  if (shift === 0) return first === 0 && bytes === bits.byteLength ? bits : bits.subarray(first, first + bytes)
  const out = w.allocCopy(bytes)
  const last = bits.byteLength - 1
  for (let k = 0; k < bytes; k++) {
    const at = first + k
    const next = at < last ? bits[at + 1]! : 0
    out[k] = ((bits[at]! >>> shift) | (next << (8 - shift))) & 0xff
  }
  return out
}

/**
 * Bytes `[offset * width, (offset + length) * width)` of a fixed-width buffer, as a view. O(1), no copy.
 * @throws InvalidDataError when the buffer is too short or missing from a non-empty array.
 * @internal
 */
export function sliceFixed(buffer: ArrayBufferView | undefined, width: number, offset: number, length: number, path: string, what: string): Uint8Array {
  if (length === 0) return new Uint8Array(0)
  if (buffer === undefined) fail(path, `${what} buffer is missing`)
  const start = offset * width
  const end = start + length * width
  if (buffer.byteLength < end) fail(path, `${what} buffer has ${buffer.byteLength} bytes, needs ${end}`)
  // One view (not a byte view, then a subarray of it); the buffer itself when it is that view already.
  if (buffer instanceof Uint8Array && start === 0 && end === buffer.byteLength) return buffer
  return new Uint8Array(buffer.buffer, buffer.byteOffset + start, end - start)
}

/** Offsets `[offset, offset + length]` of a variable-size layout, rebased to start at 0, and the range they cover. */
export interface SlicedOffsets {
  readonly bytes: Uint8Array
  /** The first and last offset before rebasing: the range of the values or child the slice uses. */
  readonly start: number
  readonly end: number
}

/**
 * The `length + 1` offsets of slots `[offset, offset + length)` (32- or 64-bit), rebased so the first is
 * 0: a view when it already is, else a counted copy with the start subtracted. An empty slice gets the
 * single offset 0. Checks `0 <= start <= end <= limit` (O(1); the offsets between are not checked).
 * @throws InvalidDataError when the buffer is missing or short, or the range leaves `[0, limit]`.
 * @internal
 */
export function sliceOffsets(
  w: BodyWriter,
  offsets: Int32Array | BigInt64Array | undefined,
  offset: number,
  length: number,
  limit: number,
  path: string,
): SlicedOffsets {
  const large = offsets instanceof BigInt64Array
  if (length === 0) return { bytes: ZERO_OFFSETS.subarray(0, large ? 8 : 4), start: 0, end: 0 }
  if (offsets === undefined) return fail(path, 'offsets buffer is missing')
  if (offsets.length < offset + length + 1) fail(path, `offsets buffer has ${offsets.length} entries, needs ${offset + length + 1}`)
  const width = large ? 8 : 4
  if (!large) {
    const o = offsets as Int32Array
    const start = o[offset]!
    const end = o[offset + length]!
    checkRange(start, end, limit, path)
    if (start === 0) return { bytes: new Uint8Array(o.buffer, o.byteOffset + 4 * offset, 4 * (length + 1)), start, end }
    const out = w.allocCopy((length + 1) * width)
    const rebased = new Int32Array(out.buffer, out.byteOffset, length + 1)
    for (let i = 0; i <= length; i++) rebased[i] = o[offset + i]! - start
    return { bytes: out, start, end }
  }
  const words = new Int32Array(offsets.buffer, offsets.byteOffset, offsets.length * 2)
  const read = (k: number): number => words[2 * k + 1]! * 4294967296 + (words[2 * k]! >>> 0)
  const start = read(offset)
  const end = read(offset + length)
  checkRange(start, end, limit, path)
  if (start === 0) return { bytes: bytesOf(offsets.subarray(offset, offset + length + 1)), start, end }
  const out = w.allocCopy((length + 1) * width)
  const rebased = new Int32Array(out.buffer, out.byteOffset, (length + 1) * 2)
  for (let i = 0; i <= length; i++) {
    const v = read(offset + i) - start
    rebased[2 * i] = v >>> 0
    rebased[2 * i + 1] = Math.floor(v / 4294967296)
  }
  return { bytes: out, start, end }
}

function checkRange(start: number, end: number, limit: number, path: string): void {
  if (!(start >= 0 && end >= start && end <= limit)) fail(path, `offsets range [${start}, ${end}) is outside [0, ${limit}]`)
}

import { InvalidArgumentError, InvalidDataError } from '../errors'
import type { Data } from './data'
import type { DataType } from './data-type'
import { DateUnit, IntervalUnit, Precision, Type } from './type'
import { typeToString } from './type-to-string'

/** Any of the JavaScript typed arrays a Data buffer can be. */
export type TypedArray =
  | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint8ClampedArray | Uint16Array | Uint32Array | BigUint64Array
  | Float32Array | Float64Array

/** A typed array constructor. */
export type TypedArrayConstructor =
  | Int8ArrayConstructor | Int16ArrayConstructor | Int32ArrayConstructor | BigInt64ArrayConstructor
  | Uint8ArrayConstructor | Uint8ClampedArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor | BigUint64ArrayConstructor
  | Float32ArrayConstructor | Float64ArrayConstructor

const INT_CLASSES: Record<number, [TypedArrayConstructor, TypedArrayConstructor]> = {
  8: [Uint8Array, Int8Array],
  16: [Uint16Array, Int16Array],
  32: [Uint32Array, Int32Array],
  64: [BigUint64Array, BigInt64Array],
}

/**
 * The typed array class that `Data.values` holds for a type, or undefined when the type keeps whatever
 * view it was given (decimals: Uint8Array or BigUint64Array) or has no values buffer (nested types).
 * Bool, FixedSizeBinary, binary/utf8 data and view structs are Uint8Array; intervals are Int32Array
 * (1, 2 or 4 words per slot); dictionary values are the index type's class.
 */
export function valuesClass(type: DataType): TypedArrayConstructor | undefined {
  switch (type.typeId) {
    case Type.Int: return INT_CLASSES[type.bitWidth]?.[type.signed ? 1 : 0]
    case Type.Float: return type.precision === Precision.HALF ? Uint16Array : type.precision === Precision.SINGLE ? Float32Array : Float64Array
    case Type.Date: return type.unit === DateUnit.DAY ? Int32Array : BigInt64Array
    case Type.Time: return type.bitWidth === 32 ? Int32Array : BigInt64Array
    case Type.Timestamp:
    case Type.Duration: return BigInt64Array
    case Type.Interval: return Int32Array
    case Type.Bool:
    case Type.FixedSizeBinary:
    case Type.Binary:
    case Type.Utf8:
    case Type.LargeBinary:
    case Type.LargeUtf8:
    case Type.BinaryView:
    case Type.Utf8View: return Uint8Array
    case Type.Dictionary: return valuesClass(type.indices)
    default: return undefined
  }
}

/** Number of `valuesClass` elements per slot for fixed-width types (bool: 1 bit, reported as 0). */
export function elementsPerSlot(type: DataType): number {
  switch (type.typeId) {
    case Type.Interval: return type.unit === IntervalUnit.YEAR_MONTH ? 1 : type.unit === IntervalUnit.DAY_TIME ? 2 : 4
    case Type.FixedSizeBinary: return type.byteWidth
    case Type.BinaryView:
    case Type.Utf8View: return 16
    case Type.Decimal: return type.bitWidth / 8
    case Type.Bool: return 0
    default: return 1
  }
}

/** True when a 64-bit offsets (or run ends) buffer is expected: LargeBinary, LargeUtf8, LargeList, LargeListView. */
export function hasLargeOffsets(type: DataType): boolean {
  return type.typeId === Type.LargeBinary || type.typeId === Type.LargeUtf8 || type.typeId === Type.LargeList || type.typeId === Type.LargeListView
}

/**
 * View the bytes of `view` as `Ctor` elements. O(1) and no copy when `view` already is a `Ctor` or its
 * byteOffset is a multiple of the element size; a misaligned buffer (which no typed array can view) is
 * copied once into fresh memory. Trailing bytes that do not fill an element are not visible.
 */
export function reinterpret<C extends TypedArrayConstructor>(view: ArrayBufferView, Ctor: C): InstanceType<C> {
  // An exact class check (a property load) rather than instanceof, which walks the prototype chain on every
  // Data built; a subclass such as Node's Buffer is re-viewed as the plain class, still without a copy.
  if (view.constructor === Ctor) return view as InstanceType<C>
  if (!ArrayBuffer.isView(view)) throw new InvalidArgumentError('a Data buffer must be a typed array')
  const size = Ctor.BYTES_PER_ELEMENT
  const count = Math.floor(view.byteLength / size)
  if (view.byteOffset % size === 0) return new Ctor(view.buffer as ArrayBuffer, view.byteOffset, count) as InstanceType<C>
  const copy = new Uint8Array(count * size)
  copy.set(new Uint8Array(view.buffer, view.byteOffset, count * size))
  return new Ctor(copy.buffer, 0, count) as InstanceType<C>
}

/** The bytes of any typed array, as a Uint8Array view. O(1), no copy. */
export function bytesOf(view: ArrayBufferView): Uint8Array {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
}

/**
 * 32-bit words of a 64-bit buffer (little-endian: low word first), for reading int64 values as numbers
 * without creating bigints. O(1), no copy (64-bit arrays are always 8-byte aligned).
 */
export function wordsOf(view: BigInt64Array | BigUint64Array | ArrayBufferView): Int32Array {
  return reinterpret(view, Int32Array)
}

/** Read the int64 at element `k` of a words view as a number (exact up to 2^53). O(1). */
export function readInt64(words: Int32Array, k: number): number {
  return words[2 * k + 1]! * 4294967296 + (words[2 * k]! >>> 0)
}

/** Read the uint64 at element `k` of a words view as a number (exact up to 2^53). O(1). */
export function readUint64(words: Int32Array, k: number): number {
  return (words[2 * k + 1]! >>> 0) * 4294967296 + (words[2 * k]! >>> 0)
}

/**
 * A buffer the type needs: returned as is, or `empty` for an empty chunk (IPC may omit buffers of
 * zero-length arrays).
 * @throws InvalidDataError when it is missing from a non-empty chunk.
 */
export function need<T>(buffer: T | undefined, name: string, data: Data, empty: T): T {
  if (buffer !== undefined) return buffer
  if (data.length === 0) return empty
  throw new InvalidDataError(`${typeToString(data.type)} data of length ${data.length} has no ${name} buffer`)
}

/**
 * A child chunk the type needs.
 * @throws InvalidDataError when it is missing.
 */
export function needChild(data: Data, index: number): Data {
  const child = data.children[index]
  if (child === undefined) throw new InvalidDataError(`${typeToString(data.type)} data has no child ${index}`)
  return child
}

/** Empty buffers standing in for omitted ones. */
export const EMPTY_BYTES = new Uint8Array(0)
export const EMPTY_INT32 = new Int32Array(0)
export const EMPTY_INT8 = new Int8Array(0)
